"""The in-memory search index, kept in step with the database.

Built once from every entry, then rebuilt only when the directory's revision changes (an edit
here, an import, or another bot process sharing the database).
"""

from __future__ import annotations

from chatbot.context import Context
from chatbot.directory import Entry
from chatbot.errors import CommandError
from chatbot.i18n import _
from chatbot.parsing import fold
from chatbot.ports import DirectoryRepository
from commands.directory.search import SearchIndex


class DirectoryIndex:
    def __init__(self) -> None:
        self._revision: int | None = None
        self._index = SearchIndex(())

    def current(self, directory: DirectoryRepository) -> SearchIndex:
        revision = directory.revision()
        if revision != self._revision:
            self._index = SearchIndex(directory.all())
            self._revision = revision
        return self._index


def search_index(ctx: Context) -> SearchIndex:
    return ctx.services.state(DirectoryIndex).current(ctx.services.directory)


def directory_entries(ctx: Context) -> list[Entry]:
    """Every entry, from the in-memory index rather than another full read of the table."""
    return search_index(ctx).entries


def resolve_entry(ctx: Context, ref: str) -> Entry:
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
    hits = search_index(ctx).search(ref, limit=3)
    wanted = fold(ref).strip()
    for hit in hits:
        if wanted in {fold(word) for word in (hit.entry.name, *hit.entry.aliases)}:
            return hit.entry
    if hits:
        names = ", ".join(hit.entry.name for hit in hits)
        raise CommandError(
            _("No entry is named «{ref}». Did you mean: {names}?").format(ref=ref, names=names)
        )
    raise CommandError(_("No entry is named «{ref}».").format(ref=ref))
