"""Dutch words: a query holding one is from Belgium (``werkloosheid`` is the ONEM's, not
France Travail's), so the search reads it as if it named Belgium.

The words are the keys of the Dutch sections of ``words.yaml`` (those whose header line
names Dutch), folded like every query word."""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

from commands.directory.normalize import words

_HEADER = re.compile(r"^\s*#\s*-{3,}\s*(.*)$")
_KEY = re.compile(r"^\s{2}([^\s#:][^:]*):")


def parse_dutch(text: str) -> frozenset[str]:
    """The folded keys of the sections of a words file whose header names Dutch."""
    found: set[str] = set()
    dutch = False
    for line in text.splitlines():
        header = _HEADER.match(line)
        if header is not None:
            dutch = "dutch" in header.group(1).lower()
            continue
        key = _KEY.match(line) if dutch else None
        if key is not None:
            found.update(words(key.group(1).strip("'\"")))
    return frozenset(found - _SHARED)


_SHARED = frozenset(
    # Dutch words that French or English (or Belgian French) use too: no sign of Belgium.
    "adopti arts attest auto brand brief eid grati gsm interim kind social".split()
)


@cache
def dutch_words() -> frozenset[str]:
    path = resources.files("commands.directory").joinpath("words.yaml")
    return parse_dutch(path.read_text("utf-8"))
