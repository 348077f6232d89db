"""Records of the directory: contact entries, their history and suggested edits.

These are plain values that cross the ports; storage maps them to tables, commands read them.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from chatbot.ids import UserId
from chatbot.parsing import fold

_INTERNAL_WORD = r"(?:interne|internal|intern|int\.?)"
_INTERNAL_PREFIX = re.compile(rf"(?:^|(?<=[\s/,;|(-])){_INTERNAL_WORD}\s*:\s*", re.IGNORECASE)
"""``interne: 01 40 …`` as export writes it, and as people do: ``Interne : …``, ``int: …``,
``3230 / interne: 01 40 …`` (then the number before it is a public line of its own)."""
_INTERNAL_SUFFIX = re.compile(
    r"\s*(?:[(\[]\s*(?:interne|internal)\s*[)\]]|[-–]?\s+(?:interne|internal))\s*$",
    re.IGNORECASE,
)
"""``01 40 … (interne)``, ``01 40 … - interne``."""
_INTERNAL_ANYWHERE = re.compile(r"\b(?:interne?|internal)\b", re.IGNORECASE)
"""Any other mention makes a line internal: better unseen than leaked."""


class Visibility(enum.StrEnum):
    PUBLIC = "public"
    INTERNAL = "internal"

    @classmethod
    def parse(cls, word: str) -> Visibility | None:
        return _VISIBILITY_WORDS.get(word.strip().lower())


_VISIBILITY_WORDS = {
    "public": Visibility.PUBLIC,
    "publique": Visibility.PUBLIC,
    "": Visibility.PUBLIC,
    "internal": Visibility.INTERNAL,
    "interne": Visibility.INTERNAL,
    "private": Visibility.INTERNAL,
    "prive": Visibility.INTERNAL,
    "privé": Visibility.INTERNAL,
}


@dataclass(frozen=True)
class Phone:
    """A phone line. ``internal`` lines (partner lines, back offices) never reach a citizen."""

    number: str
    internal: bool = False

    @classmethod
    def parse(cls, text: str) -> Phone:
        """Read ``"3230"`` or ``"interne: 01 40 00 00 00"`` as written in CSV and commands
        (one line: :func:`parse_phones` reads a cell of several)."""
        stripped = text.strip()
        prefix = _INTERNAL_PREFIX.match(stripped)
        if prefix is not None:
            return cls(stripped[prefix.end() :].strip(), internal=True)
        suffix = _INTERNAL_SUFFIX.search(stripped)
        if suffix is not None and suffix.start() > 0:
            return cls(stripped[: suffix.start()].strip(), internal=True)
        return cls(stripped, internal=bool(_INTERNAL_ANYWHERE.search(stripped)))

    def __str__(self) -> str:
        return f"interne: {self.number}" if self.internal else self.number

    @property
    def digits(self) -> str:
        return "".join(c for c in self.number if c.isdigit())


@dataclass(frozen=True, kw_only=True)
class Referent:
    """A named contact of an entry (issue 14): who to ask for there, and how to reach them.

    Internal unless ``public``: shown only where internal details may show (see
    :mod:`chatbot.referents` for their text form, checks and edits)."""

    name: str
    function: str = ""
    phone: str = ""
    email: str = ""
    public: bool = False


@dataclass(frozen=True, kw_only=True)
class Entry:
    """One contact of the directory. ``notes`` are for volunteers only (internal).

    ``demo`` marks the entries of the demo directory seeded at first start: an import into a
    directory holding only those replaces them (see ``DirectoryRepository.import_entries``).
    It is no editable field and no CSV column.
    """

    id: int | None = None
    name: str
    aliases: tuple[str, ...] = ()
    theme: str = ""
    phones: tuple[Phone, ...] = ()
    email: str = ""
    url: str = ""
    address: str = ""
    hours: str = ""
    notes: str = ""
    visibility: Visibility = Visibility.PUBLIC
    last_verified_at: datetime | None = None
    last_verified_by: UserId | None = None
    demo: bool = False
    verifier: UserId | None = None
    """Who checks this entry at the source (else the coordinators)."""
    verify_every_days: int | None = None
    """This entry's own verification interval; None: its theme's, else ``DIRECTORY_STALE_DAYS``."""
    last_verified_by_name: str = ""
    """How the last verifier was called when they verified (the card's badge)."""
    flag: str = ""
    """What someone reported as possibly outdated ("this is wrong"), until verified or edited."""
    flagged_by: UserId | None = None
    flagged_at: datetime | None = None
    phones_verified_at: datetime | None = None
    """The phones alone checked (``verify <entry> phone``), the field that changes most."""
    hours_verified_at: datetime | None = None
    lookups: int = 0
    """How many times the entry was a lookup's answer (what a verification round does first)."""
    referents: tuple[Referent, ...] = ()
    """Named contacts, kept in their own table; edited as a whole (``"referents"`` in
    ``DirectoryRepository.update``), each change a ``"referent"`` history line."""

    @property
    def internal(self) -> bool:
        return self.visibility is Visibility.INTERNAL

    def with_changes(self, changes: dict[str, object]) -> Entry:
        return replace(self, **changes)  # type: ignore[arg-type]


EDITABLE_FIELDS: tuple[str, ...] = (
    "name",
    "aliases",
    "theme",
    "phones",
    "email",
    "url",
    "address",
    "hours",
    "notes",
    "visibility",
)


ADD_ALIAS = "alias"
"""Not a field: a suggestion with this field adds its value to the entry's aliases (what the
directory learns from missed searches)."""
REFERENT = "referent"
"""Not a field either: the history lines and suggestions about one of the entry's referents
(see :mod:`chatbot.referents`)."""
SUGGESTIBLE_FIELDS = (*EDITABLE_FIELDS, ADD_ALIAS, REFERENT)


LIST_SEPARATORS = re.compile(r"[|;]")
"""What separates the aliases or phones of one cell or chat value: ``|`` as export writes it,
``;`` as people write lists by hand (commas stay, they occur inside names)."""


def split_list(text: str) -> list[str]:
    """The items of a list cell or value, stripped, empty ones dropped."""
    return [item.strip() for item in LIST_SEPARATORS.split(text) if item.strip()]


def parse_phones(text: str) -> tuple[Phone, ...]:
    """The lines of a phone cell or value: parted by ``|`` or ``;``, and before an internal
    mark however it is set off (``3230 / interne: 01 40 …``, ``3230, Interne : 01 40 …``)."""
    phones = []
    for item in split_list(text):
        marks = [m.start() for m in _INTERNAL_PREFIX.finditer(item) if m.start() > 0]
        if not marks:
            phones.append(Phone.parse(item))
            continue
        for start, end in zip([0, *marks], [*marks, len(item)], strict=True):
            part = item[start:end].strip()
            if end != len(item):
                part = part.rstrip("/,-–(").strip()  # what set the internal line off
            if part:
                phones.append(Phone.parse(part))
    return tuple(phones)


def field_as_text(entry: Entry, field_name: str) -> str:
    """A field's value as one line of text, the form history and CSV keep it in."""
    value = getattr(entry, field_name)
    match field_name:
        case "aliases":
            return " | ".join(entry.aliases)
        case "phones":
            return " | ".join(str(p) for p in entry.phones)
        case "visibility":
            return str(entry.visibility.value)
    return "" if value is None else str(value)


def field_from_text(field_name: str, text: str) -> object:
    """The inverse of :func:`field_as_text`; raises ``ValueError`` on a bad visibility."""
    match field_name:
        case "aliases":
            return tuple(split_list(text))
        case "phones":
            return parse_phones(text)
        case "visibility":
            visibility = Visibility.parse(text)
            if visibility is None:
                raise ValueError(text)
            return visibility
    return text.strip()


def suggested_phones(current: tuple[Phone, ...], value: str) -> tuple[Phone, ...]:
    """The phones an approved suggestion of ``value`` leaves: the suggested lines replace the
    public ones, and the internal lines (``interne: ...``) stay, since whoever suggests may not
    see them; a suggestion that writes internal lines itself replaces them too."""
    suggested = parse_phones(value)
    if any(p.internal for p in suggested):
        return suggested
    kept = [p for p in current if p.internal and p.digits not in {s.digits for s in suggested}]
    return (*suggested, *kept)


def is_stale(
    entry: Entry, now: datetime, stale_days: int, *, by_theme: Mapping[str, int] | None = None
) -> bool:
    """Due for verification (``stale``, the digest, a card's warning, a verification round):
    never verified, or last verified more than its :func:`verification_interval` days before
    ``now`` (``stale_days`` is ``DIRECTORY_STALE_DAYS``, ``by_theme`` its per-theme values)."""
    verified = entry.last_verified_at
    days = verification_interval(entry, stale_days, by_theme=by_theme)
    return verified is None or now - verified > timedelta(days=days)


def verification_interval(
    entry: Entry, stale_days: int, *, by_theme: Mapping[str, int] | None = None
) -> int:
    """The entry's own interval, else its theme's (accents and case ignored), else
    ``stale_days``."""
    if entry.verify_every_days:
        return entry.verify_every_days
    if by_theme and entry.theme:
        wanted = fold(entry.theme).strip()
        for theme, days in by_theme.items():
            if fold(theme).strip() == wanted:
                return days
    return stale_days


def stale_entries(
    entries: Iterable[Entry],
    now: datetime,
    stale_days: int,
    *,
    by_theme: Mapping[str, int] | None = None,
) -> list[Entry]:
    """The entries due for verification: never verified first, then the oldest, then by name."""
    due = [e for e in entries if is_stale(e, now, stale_days, by_theme=by_theme)]
    due.sort(key=lambda e: (e.last_verified_at is not None, e.last_verified_at, fold(e.name)))
    return due


class ChangeKind(enum.StrEnum):
    CREATED = "created"
    UPDATED = "updated"
    VERIFIED = "verified"
    REMOVED = "removed"
    FLAGGED = "flagged"
    """Someone reported the entry as possibly outdated (``new``: what they said)."""


@dataclass(frozen=True, kw_only=True)
class Change:
    """One line of an entry's history: who changed what, when, from what to what."""

    entry_id: int
    entry_name: str
    kind: ChangeKind
    actor: UserId
    at: datetime
    field: str = ""
    old: str = ""
    new: str = ""
    suggested_by: str = ""
    """Who suggested the change ``actor`` approved ("" when ``actor`` made it)."""


class SuggestionStatus(enum.StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"


@dataclass(frozen=True, kw_only=True)
class Suggestion:
    id: int | None = None
    entry_id: int
    entry_name: str = ""
    field: str
    value: str
    suggested_by: UserId
    suggested_by_name: str = ""
    created_at: datetime
    status: SuggestionStatus = SuggestionStatus.PENDING
    decided_by: UserId | None = None
    decided_at: datetime | None = None
    reason: str = ""


@dataclass(frozen=True)
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    replaced_demo: int = 0
    """Demo entries removed because the import replaced the demo directory."""
    undone_edits: tuple[tuple[str, str], ...] = ()
    """(entry name, field) the file changed back although someone else than the importer
    changed it last (a coordinator in the chat, since the file was exported)."""


@dataclass(frozen=True, kw_only=True)
class MissedSearch:
    query: str
    count: int
    last_at: datetime


@dataclass(frozen=True, kw_only=True)
class ThesaurusVersion:
    """One saved state of a programme's own synonyms (a YAML text, see
    :mod:`commands.directory.thesaurus`); each change saves a new version."""

    version: int
    text: str
    actor: UserId
    at: datetime
    note: str = ""
