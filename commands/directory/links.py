"""Flat arrays for what the search index links: each key (or concept) to its entries.

Python lists of tuples would cost some 60 bytes a link; a 100,000-entry directory has millions.
"""

from __future__ import annotations

import gc
from array import array
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from itertools import accumulate, chain


@contextmanager
def no_garbage_collection() -> Iterator[None]:
    """Building an index makes millions of small objects and frees none: the collector would
    walk them all again and again for nothing (a third of the build time).

    Once built, they go straight to the oldest generation, as if they had survived the young
    collections: otherwise the first collection after the build walks every one of them (a
    second at 100,000 entries). Freezing then unfreezing moves them there without a walk;
    skipped when something else keeps objects frozen (a server's pre-fork freeze)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            if gc.get_freeze_count() == 0:
                gc.freeze()
                gc.unfreeze()
            gc.enable()


class Links:
    """For each key (or concept), its (target, weight) pairs, in two flat arrays."""

    def __init__(self, rows: list[list[tuple[int, float]]]) -> None:
        flat = list(chain.from_iterable(rows))
        self._starts = array("I", accumulate(map(len, rows), initial=0))
        self._targets = array("I", [target for target, _weight in flat])
        self._weights = array("f", [weight for _target, weight in flat])

    def of(self, row: int) -> Iterable[tuple[int, float]]:
        return zip(*self.row(row), strict=True)

    def row(self, row: int) -> tuple[array[int], array[float]]:
        start, end = self._starts[row], self._starts[row + 1]
        return self._targets[start:end], self._weights[start:end]

    def sizes(self) -> list[int]:
        starts = self._starts
        return [starts[i + 1] - starts[i] for i in range(len(starts) - 1)]
