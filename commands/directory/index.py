"""The in-memory search index, kept in step with the database.

Built once from every entry, then rebuilt only when the directory's revision changes (an edit
here, an import, or another bot process sharing the database).
"""

from __future__ import annotations

import logging

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


class DirectoryIndex:
    """One bot's index: built by the capability's factory (``directory_command_sets``) and
    handed to the command sets that search, so two bots in one process share none."""

    def __init__(self) -> None:
        self._revision: int | None = None
        self._index: SearchIndex | None = None

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

    def resolve(self, ctx: Context, ref: str) -> Entry:
        """The entry ``ref`` names exactly: ``#12``, its name or one of its aliases.

        Commands that change data never guess: a near miss answers with the closest names.
        """
        directory = ctx.services.directory
        if ref.startswith("#") and ref[1:].isdecimal():
            entry = directory.get(int(ref[1:]))
            if entry is not None:
                return entry
        entry = directory.get_by_name(ref)
        if entry is not None:
            return entry
        hits = self.current(ctx.services).search(ref, limit=3)
        wanted = fold(ref).strip()
        for hit in hits:
            if wanted in {fold(word) for word in (hit.entry.name, *hit.entry.aliases)}:
                return hit.entry
        if hits:
            names = ", ".join(hit.entry.name for hit in hits)
            raise CommandError(
                _("No entry is named «{ref}». Did you mean: {names}?").format(ref=ref, names=names)
            )
        raise CommandError(
            _("No entry is named «{ref}». To search the directory: lookup {ref}").format(ref=ref)
        )


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
