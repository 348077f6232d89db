"""Flat arrays for what the search index links: each key (or concept) to its entries.

Python lists of tuples would cost some 60 bytes a link; a 100,000-entry directory has millions.
"""

from __future__ import annotations

import gc
from array import array
from collections.abc import Iterable, Iterator
from contextlib import contextmanager


@contextmanager
def no_garbage_collection() -> Iterator[None]:
    """Building an index makes millions of small objects and frees none: the collector would
    walk them all again and again for nothing (a third of the build time)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


class Links:
    """For each key (or concept), its (target, weight) pairs, in two flat arrays."""

    def __init__(self, rows: list[list[tuple[int, float]]]) -> None:
        self._starts = array("I", [0])
        self._targets = array("I")
        self._weights = array("f")
        for row in rows:
            for target, weight in row:
                self._targets.append(target)
                self._weights.append(weight)
            self._starts.append(len(self._targets))

    def of(self, row: int) -> Iterable[tuple[int, float]]:
        return zip(*self.row(row), strict=True)

    def row(self, row: int) -> tuple[array[int], array[float]]:
        start, end = self._starts[row], self._starts[row + 1]
        return self._targets[start:end], self._weights[start:end]

    def sizes(self) -> list[int]:
        starts = self._starts
        return [starts[i + 1] - starts[i] for i in range(len(starts) - 1)]
