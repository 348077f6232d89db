"""The search's inverted index: which keys hold a word, and which few keys a query scores.

A key is a few folded words (see :mod:`.keys`); each word lists the keys holding it, shortest
first. A word's *cost* is how many entries its keys reach (a thesaurus concept reaches all its
members): the keys of the query's cheapest words are the candidates, up to
:data:`CANDIDATE_BUDGET`, which keeps a lookup in 100,000 entries within milliseconds.
"""

from __future__ import annotations

from array import array
from collections import defaultdict
from collections.abc import Iterable, Sequence
from itertools import chain, islice

CANDIDATE_BUDGET = 1000
"""Keys scored at most, about; a very common word alone ("saint") is cut to its shortest keys."""
BOTH_LOOKED_AT = 4 * CANDIDATE_BUDGET
"""Keys holding two common words looked at, at most, to choose the narrowest."""


class Postings:
    def __init__(
        self, key_words: Sequence[tuple[str, ...]], key_size: Sequence[int], fanout: array[int]
    ) -> None:
        """``key_words``, ``key_size`` and ``fanout`` (entries reached) by key number."""
        found: defaultdict[str, list[int]] = defaultdict(list)
        for key, words in enumerate(key_words):
            for word in words:
                found[word].append(key)
        self._key_words = key_words
        self._fanout = fanout
        # Shortest keys first, so a word cut short keeps the keys it covers best.
        self.keys_of: dict[str, tuple[int, ...]] = {
            word: tuple(sorted(keys, key=key_size.__getitem__)) for word, keys in found.items()
        }
        self._cost = {
            word: sum(map(fanout.__getitem__, keys)) for word, keys in self.keys_of.items()
        }
        """How many entries a word's keys reach: what choosing its keys costs a query."""

    def words(self) -> Iterable[str]:
        return self.keys_of

    def candidates(
        self,
        matches: list[dict[str, float]],
        places: list[dict[str, float]],
        weak: list[dict[str, float]] | tuple[()] = (),
    ) -> set[int]:
        """The keys worth scoring, about :data:`CANDIDATE_BUDGET` of them at most.

        ``matches``: per word to find, the directory words it may stand for; ``places``: the
        same for the words of the places named; ``weak``: words to find of the request's
        phrasing ("demander"), taken after the others. Every key holding one of the query's rarer
        words; when even the rarest word to find is too common ("saint", "centre", "sécu"
        beside "marseille"), the keys holding it and another query word, then its shortest
        keys while they reach few enough entries.
        """
        word_cost = self._cost

        def cost(found: dict[str, float]) -> int:
            return sum(map(word_cost.__getitem__, found))

        keys: set[int] = set()
        spent = 0
        to_find = {id(found) for found in (*matches, *weak)}
        found_some = False
        # What each word is first ("loyer"), what it may also be ("logement", "impayé")
        # after; cheapest first, a request's words last. A part too common is passed over
        # for the next ones that still fit ("allo" beside every "allocation").
        parts: list[tuple[int, int, dict[str, float], dict[str, float]]] = []
        for order, group in ((0, [*matches, *places]), (1, weak)):
            for found in group:
                best = max(found.values())
                typed = {w: got for w, got in found.items() if got == best}
                also = {w: got for w, got in found.items() if got != best}
                parts.append((order, cost(typed), found, typed))
                if also:
                    parts.append((2, cost(also), found, also))
        parts.sort(key=lambda part: part[:2])
        taken: set[int] = set()
        for _order, part_cost, found, part in parts:
            if spent + part_cost > CANDIDATE_BUDGET:
                continue
            spent += part_cost
            taken.add(id(found))
            found_some |= id(found) in to_find
            keys.update(*(self.keys_of[word] for word in part))
        left = [found for found in (*matches, *weak) if id(found) not in taken]
        if not left or (keys and found_some):
            return keys
        wanted = set().union(*left)
        if any(not wanted.isdisjoint(self._key_words[key]) for key in keys):
            return keys  # the town's keys name what is looked for too: "cpam de lyon"
        first = left[0]
        # Postings are sorted shortest key first, and so stay once filtered.
        rarest = [self.keys_of[word] for word in sorted(first, key=first.__getitem__)]
        holding_rarest = set().union(*rarest)
        fanout = self._fanout
        # The keys holding another query word too, those holding most of the query and
        # narrowest first: "logement social bruxellois" before the need "logement social"
        # every housing body belongs to.
        holding_both = (
            key
            for found in (*places, *matches, *weak)
            if found is not first
            for word in found
            for key in self.keys_of[word]
            if key in holding_rarest
        )
        groups = [frozenset(found) for found in (*places, *matches, *weak)]

        def narrowest(key: int) -> tuple[int, int]:
            held = self._key_words[key]
            return -sum(not group.isdisjoint(held) for group in groups), fanout[key]

        both = sorted(set(islice(holding_both, BOTH_LOOKED_AT)), key=narrowest)
        reach = 0
        for key in chain(both, *reversed(rarest)):
            if len(keys) >= CANDIDATE_BUDGET or reach >= CANDIDATE_BUDGET:
                break
            if key not in keys:
                keys.add(key)
                reach += fanout[key]
        return keys

    def similarities(self, found: dict[str, float], candidates: set[int]) -> dict[int, float]:
        """Candidate key -> how well it matches one query word (the best of its matches)."""
        best: dict[int, float] = {}
        for word, similarity in sorted(found.items(), key=lambda item: item[1]):
            best.update(dict.fromkeys(candidates.intersection(self.keys_of[word]), similarity))
        return best
