"""The in-memory search index, kept in step with the database.

Built once from every entry, then rebuilt only when the directory's revision changes (an edit
here, an import, or another bot process sharing the database).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence

from chatbot.context import Context
from chatbot.directory import Entry
from chatbot.errors import CommandError
from chatbot.i18n import _
from chatbot.parsing import fold
from chatbot.services import Services
from commands.directory.search import SearchIndex
from commands.directory.thesaurus import (
    Thesaurus,
    ThesaurusError,
    parse_thesaurus,
    shipped_thesaurus,
)

log = logging.getLogger(__name__)

MAX_NAME_WORDS = 12
"""The longest entry name read without quotes, in words."""


class DirectoryIndex:
    """One bot's index: built by the capability's factory (``directory_command_sets``) and
    handed to the command sets that search, so two bots in one process share none."""

    def __init__(self) -> None:
        self._revision: int | None = None
        self._index: SearchIndex | None = None
        self._names: tuple[SearchIndex, frozenset[str]] | None = None

    def current(self, services: Services) -> SearchIndex:
        revision = services.directory.revision()
        if self._index is None or revision != self._revision:
            # The programme's synonyms count as a directory change (see ThesaurusRepository).
            self._index = SearchIndex(
                services.directory.all(),
                thesaurus=programme_thesaurus(services),
                previous=self._index,
            )
            self._revision = revision
        return self._index

    def entries(self, services: Services) -> list[Entry]:
        """Every entry, from the in-memory index rather than another full read of the table."""
        return self.current(services).entries

    def leading_name(self, services: Services, words: Sequence[str]) -> int:
        """How many of the first ``words`` (at least two) name an entry exactly, by its name
        or an alias, the most that do: ``caf du nord ne répond plus`` begins with three."""
        names = self._all_names(services)
        for count in range(min(len(words), MAX_NAME_WORDS), 1, -1):
            typed = _folded(" ".join(words[:count]))
            if typed in names or without_article(typed) in names:  # "la caf de paris"
                return count
        return 0

    def names_an_entry(self, services: Services, text: str) -> bool:
        """Whether ``text`` is exactly an entry's name or alias."""
        return _folded(text) in self._all_names(services)

    def _all_names(self, services: Services) -> frozenset[str]:
        index = self.current(services)
        if self._names is None or self._names[0] is not index:
            named = (name for entry in index.entries for name in names_of(entry))
            self._names = (index, frozenset(named))
        return self._names[1]

    def name_before_theme(self, services: Services, words: Sequence[str]) -> int:
        """How many of ``words`` name a new entry: all but the last ones when they are a theme
        of the directory (``CPAS d'Ixelles Social``), else all (``CPAS d'Ixelles``)."""
        themes = {fold(entry.theme) for entry in self.current(services).entries if entry.theme}
        for count in range(1, len(words)):
            if fold(" ".join(words[count:])) in themes:
                return count
        return len(words)

    def resolve(self, ctx: Context, ref: str) -> Entry:
        """The entry ``ref`` names exactly: ``#12``, its name or one of its aliases.

        Commands that change data never guess: a near miss answers with the closest names.
        """
        directory = ctx.services.directory
        if ref.startswith("#") and ref[1:].isdecimal():
            entry = directory.get(int(ref[1:]))
            if entry is not None:
                return entry
        entry = directory.get_by_name(ref) or directory.get_by_name(without_article(ref))
        if entry is not None:
            return entry
        hits = self.current(ctx.services).search(ref, limit=3)
        wanted = {_folded(ref), without_article(_folded(ref))}
        for hit in hits:
            if not wanted.isdisjoint(names_of(hit.entry)):
                return hit.entry
        if hits:
            names = ", ".join(hit.entry.name for hit in hits)
            raise CommandError(
                _("No entry is named «{ref}». Did you mean: {names}?").format(ref=ref, names=names)
            )
        raise CommandError(
            _("No entry is named «{ref}». To search the directory: lookup {ref}").format(ref=ref)
        )


_BRACKETED = re.compile(r"\s*\([^()]*\)\s*$")


def names_of(entry: Entry) -> set[str]:
    """The names, folded, that name ``entry`` exactly: its name, its aliases, and its name
    without what it ends with in brackets ("samu social" for "Samu social (115)")."""
    names = {entry.name, *entry.aliases, _BRACKETED.sub("", entry.name)}
    return {_folded(name) for name in names if name.strip()}


_ARTICLE = re.compile(r"^(?:(?:le|la|les|the)\s+|l['’]\s*)", re.IGNORECASE)


def without_article(name: str) -> str:
    """``name`` without the article it may be typed with: "la CAF de Paris", "l'URSSAF"."""
    return _ARTICLE.sub("", name.strip(), count=1)


def _folded(name: str) -> str:
    """A name as names are compared: folded, spaces collapsed."""
    return " ".join(fold(name).split())


def programme_thesaurus(services: Services) -> Thesaurus:
    """The shipped thesaurus with the programme's own synonyms."""
    return shipped_thesaurus().extended(own_thesaurus(services))


def own_thesaurus(services: Services) -> Thesaurus:
    current = services.thesaurus.current()
    if current is None:
        return Thesaurus()
    try:
        return parse_thesaurus(current.text)
    except ThesaurusError:
        log.exception("thesaurus version %s cannot be read; using the shipped one", current.version)
        return Thesaurus()
