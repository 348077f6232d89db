"""What each key of the search index leads to, and how a lookup spreads a key's score there.

A key leads to entries (by their position) and to thesaurus concepts (numbered from the entry
count on), each with a weight; a concept leads on to its members. Most keys lead to a single
entry: :attr:`Reach.solo_target` spares them the slicing of the flat arrays (:mod:`.links`).
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable

from commands.directory.links import Links
from commands.directory.whereabouts import Elsewhere

_NOTHING = (-1.0, -1)


class Reach:
    def __init__(
        self,
        links: list[list[tuple[int, float]]],
        members: list[list[tuple[int, float]]],
        count: int,
    ) -> None:
        """``links``: key -> (entry, or concept + ``count``, weight); ``members``: concept ->
        (entry, weight); ``count``: how many entries."""
        self._count = count
        self._links = Links(links)
        self._members = Links(members)
        self._solo_target = array("i", (f[0][0] if len(f) == 1 else -1 for f in links))
        self._solo_weight = array("f", (f[0][1] if len(f) == 1 else 0.0 for f in links))
        member_count = self._members.sizes()
        self.fanout = array(
            "I",
            (
                sum(1 if t < count else member_count[t - count] for t, _w in found)
                for found in links
            ),
        )
        """Key -> how many entries it reaches."""

    def without(self, keys: set[int], skip: Elsewhere) -> set[int]:
        """``keys`` but those leading to a single entry ``skip`` skips."""
        solo, count, local, here = self._solo_target, self._count, skip.local, skip.here
        return {
            key
            for key in keys
            if not (0 <= (position := solo[key]) < count and local[position]) or position in here
        }

    def spread(
        self,
        key: int,
        nonzero: tuple[tuple[int, float], ...],
        coverage: float,
        explained: list[dict[int, float]],
        covered: dict[int, tuple[float, int]],
        skip: Elsewhere | None = None,
    ) -> None:
        """Spread what one candidate key says to the entries it leads to: per query word (``i``
        of ``nonzero``'s ``(i, similarity)``), the best share some key gives each entry
        (``explained``), and the key covering each entry best, the first one on a tie
        (``covered``: position -> (coverage times weight, key)).

        ``skip``: entries not worth reaching (local offices elsewhere than the place asked);
        the keys of one such entry are left out before (:meth:`without`).

        The hot loop of a lookup: kept flat, one entry and one query word apart."""
        count, get_cover = self._count, covered.get
        solo = self._solo_target[key]
        if 0 <= solo < count:  # the most common: a key of one entry
            combined = self._solo_weight[key]
            for i, similarity in nonzero:
                share = similarity * combined
                if share > explained[i].get(solo, 0.0):
                    explained[i][solo] = share
            value = coverage * combined
            if value > get_cover(solo, _NOTHING)[0]:
                covered[solo] = (value, key)
            return
        if solo >= 0:
            ways: Iterable[tuple[int, float]] = ((solo, self._solo_weight[key]),)
        else:
            ways = self._links.of(key)
        for target, weight in ways:
            if target < count:
                reached: Iterable[tuple[int, float]] = ((target, weight),)
            else:
                positions, strengths = self._members.row(target - count)
                reached = zip(positions, [weight * s for s in strengths], strict=True)
            if skip is not None:
                local, here = skip.local, skip.here
                reached = [(p, w) for p, w in reached if not local[p] or p in here]
            if len(nonzero) == 1:
                similarity = nonzero[0][1]
                so_far = explained[nonzero[0][0]]
                get_share = so_far.get
                for position, combined in reached:
                    share = similarity * combined
                    if share > get_share(position, 0.0):
                        so_far[position] = share
                    value = coverage * combined
                    if value > get_cover(position, _NOTHING)[0]:
                        covered[position] = (value, key)
                continue
            for position, combined in reached:
                for i, similarity in nonzero:
                    share = similarity * combined
                    so_far = explained[i]
                    if share > so_far.get(position, 0.0):
                        so_far[position] = share
                value = coverage * combined
                if value > get_cover(position, _NOTHING)[0]:
                    covered[position] = (value, key)
