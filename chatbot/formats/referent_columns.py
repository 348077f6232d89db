"""Entries' referents in the directory CSV: repeated columns, one group per referent.

``referent1_name``, ``referent1_function``, ``referent1_phone``, ``referent1_email``,
``referent1_public``, then ``referent2_...`` and so on; French headers work too
(``referent1_nom``, ``referent1_fonction``, ``referent1_telephone``, ``referent1_courriel``).
``referentN_public`` reads ``public``/``oui``/``yes``/``1``/``x`` as public, an empty cell or
``internal``/``interne``/``non``/``no``/``0`` as internal; export writes ``public`` or
``internal``. A group of empty cells is no referent; a referent needs a name, and its phone and
e-mail are checked as a chat edit checks them, each problem naming its column. A file without
any referent column leaves the referents of the entries it updates as they are.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from chatbot.directory import Entry, Referent
from chatbot.i18n import _
from chatbot.parsing import fold
from chatbot.referents import EMAIL, clean_name, visibility_of

PARTS = ("name", "function", "phone", "email", "public")
_PART_SYNONYMS = {
    "nom": "name",
    "fonction": "function",
    "role": "function",
    "poste": "function",
    "tel": "phone",
    "telephone": "phone",
    "e_mail": "email",
    "mail": "email",
    "courriel": "email",
    "publique": "public",
    "visibility": "public",
    "visibilite": "public",
}
_COLUMN = re.compile(r"^referente?_?(\d{1,3})_(\w+)$")
_YES = frozenset({"oui", "yes", "1", "x", "true", "vrai"})
_NO = frozenset({"", "non", "no", "0", "false", "faux"})


def referent_column(key: str) -> str | None:
    """The canonical column of a folded header key (``referent2_telephone`` ->
    ``referent2_phone``), or None when it names no referent column."""
    match = _COLUMN.match(key)
    if match is None or int(match.group(1)) < 1:
        return None
    part = match.group(2)
    part = part if part in PARTS else _PART_SYNONYMS.get(part, "")
    return f"referent{int(match.group(1))}_{part}" if part else None


def has_referent_columns(columns: Iterable[str]) -> bool:
    return any(_COLUMN.match(column) for column in columns)


def read_referents(row: dict[str, str], problems: list[str]) -> tuple[Referent, ...]:
    """The referents of one CSV row (column -> cell); what is wrong goes to ``problems``."""
    numbers = sorted({int(m.group(1)) for c in row if (m := _COLUMN.match(c))})
    referents: list[Referent] = []
    seen: set[str] = set()
    for number in numbers:
        column = {part: f"referent{number}_{part}" for part in PARTS}
        cells = {part: row.get(column[part], "").strip() for part in PARTS}
        if not any(cells.values()):
            continue
        name = clean_name(cells["name"])
        if not name:
            problems.append(_in(column["name"], _("a referent needs a name")))
            continue
        if fold(name) in seen:
            problems.append(
                _in(column["name"], _('the referent "{name}" appears twice').format(name=name))
            )
        seen.add(fold(name))
        phone, email = cells["phone"], cells["email"]
        if phone and not any(c.isdigit() for c in phone):
            message = _('the phone "{phone}" has no digits').format(phone=phone)
            problems.append(_in(column["phone"], message))
        if email and not EMAIL.match(email):
            message = _('"{email}" is not an email address').format(email=email)
            problems.append(_in(column["email"], message))
        public = _public(cells["public"])
        if public is None:
            message = _('"{value}" is neither "public" nor "internal"').format(
                value=cells["public"]
            )
            problems.append(_in(column["public"], message))
        referents.append(
            Referent(
                name=name,
                function=cells["function"],
                phone=phone,
                email=email,
                public=bool(public),
            )
        )
    return tuple(referents)


def _in(column: str, message: str) -> str:
    return _('column "{column}": {message}').format(column=column, message=message)


def _public(cell: str) -> bool | None:
    folded = fold(cell).strip()
    if folded in _YES:
        return True
    if folded in _NO:
        return False
    return visibility_of(folded)


def referent_header(entries: Sequence[Entry]) -> tuple[str, ...]:
    """The referent columns for ``entries``: as many groups as the entry with the most."""
    count = max((len(e.referents) for e in entries), default=0)
    return tuple(f"referent{n}_{part}" for n in range(1, count + 1) for part in PARTS)


def referent_cells(entry: Entry, columns: int) -> list[str]:
    """``entry``'s referents as cells, padded to ``columns`` cells."""
    cells: list[str] = []
    for r in entry.referents:
        visibility = "public" if r.public else "internal"
        cells += [r.name, r.function, r.phone, r.email, visibility]
    return cells + [""] * (columns - len(cells))
