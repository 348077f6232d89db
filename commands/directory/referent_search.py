"""Internal referents' names, searched only where internal details may show.

The search index serves every room, so it holds public referents' names only (see
:data:`commands.directory.keys.REFERENT_KEY`): ``lookup dupont`` in a public room must not
reveal where an internal referent works. Where internal details may show (a direct message,
a coordinator answered privately), this small index of internal referents' names adds its
entries to the results.
"""

from __future__ import annotations

import weakref
from collections import defaultdict

from chatbot.context import Context
from chatbot.directory import Entry
from commands.directory.normalize import words
from commands.directory.search import Hit, SearchIndex

WHOLE_NAME, PART_OF_NAME = 90.0, 80.0
"""Scores of an entry whose internal referent's whole name, or part of it, is the query."""
MIN_PREFIX = 4
"""A query word this long may be the start of a name's word (``dupo`` for Dupont)."""


class InternalReferents:
    def __init__(self, entries: list[Entry]) -> None:
        self._names: list[tuple[frozenset[str], Entry]] = []
        self._by_word: defaultdict[str, list[int]] = defaultdict(list)
        for entry in entries:
            for referent in entry.referents:
                name_words = frozenset(words(referent.name))
                if referent.public or not name_words:
                    continue
                for word in name_words:
                    self._by_word[word].append(len(self._names))
                self._names.append((name_words, entry))

    def scores(self, query: str) -> list[tuple[Entry, float]]:
        """The entries whose internal referents' names hold every word of ``query``."""
        wanted = words(query)
        if not wanted or not self._names:
            return []
        candidates: set[int] | None = None
        for word in wanted:
            found = set(self._by_word.get(word, ()))
            if len(word) >= MIN_PREFIX:
                for known, names in self._by_word.items():
                    if known.startswith(word):
                        found.update(names)
            candidates = found if candidates is None else candidates & found
            if not candidates:
                return []
        best: dict[int, tuple[Entry, float]] = {}
        for number in sorted(candidates or ()):
            name_words, entry = self._names[number]
            score = WHOLE_NAME if name_words == set(wanted) else PART_OF_NAME
            key = entry.id if entry.id is not None else -number
            if score > best.get(key, (entry, 0.0))[1]:
                best[key] = (entry, score)
        return list(best.values())


_built: weakref.WeakKeyDictionary[SearchIndex, InternalReferents] = weakref.WeakKeyDictionary()


def with_internal_referents(
    ctx: Context, index: SearchIndex, query: str, hits: list[Hit], *, limit: int
) -> list[Hit]:
    """``hits`` with the entries whose internal referents the query names, where this
    context may see internal details; unchanged elsewhere."""
    if not ctx.may_see_internal:
        return hits
    referents = _built.get(index)
    if referents is None:
        referents = _built[index] = InternalReferents(index.entries)
    found = referents.scores(query)
    if not found:
        return hits
    merged = {hit.entry.id: hit for hit in hits}
    for entry, score in found:
        hit = merged.get(entry.id)
        if hit is None or hit.score < score:
            merged[entry.id] = Hit(entry, score)
    ranked = sorted(merged.values(), key=lambda hit: -hit.score)
    return ranked[:limit]
