"""Which entries are in a place: lets a lookup naming a town skip, before scoring them, the
local offices of every other town ("CCAS de Lyon" for "ccas dijon").

A place is in an entry's own places (town, postcode, places its name names) or in the terms of
one of its areas (département, commune, region), as :meth:`EntryKeys.place_strength` reads them.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from commands.directory.keys import EntryKeys
from commands.directory.places import Area, Term

MAX_HERE = 5000
"""Entries in the places named, at most, for the skip to pay (a region holds thousands)."""


@dataclass(frozen=True)
class Elsewhere:
    """What a lookup skips: an entry that is a local office (``local[position]``) and not
    ``here``."""

    local: bytearray
    here: set[int]


class Whereabouts:
    def __init__(self) -> None:
        self._at: defaultdict[Term, list[int]] = defaultdict(list)
        self._in_area: defaultdict[Area, list[int]] = defaultdict(list)
        self._areas_named: defaultdict[Term, list[Area]] = defaultdict(list)
        self._local = bytearray()

    def add(self, position: int, located: EntryKeys) -> None:
        """Entries are added in position order."""
        self._local.append(located.local_office)
        for place, strength in located.places.items():
            if strength:
                self._at[place].append(position)
        for area, strength in located.areas:
            if strength:
                members = self._in_area[area]
                if not members:
                    for term in area.terms:
                        self._areas_named[term].append(area)
                if not members or members[-1] != position:
                    members.append(position)

    def elsewhere(self, places: list[Term]) -> Elsewhere | None:
        """The local offices outside every place named; ``None`` when too many entries are
        in them to be worth telling apart."""
        here: set[int] = set()
        for place in places:
            here.update(self._at.get(place, ()))
            for area in self._areas_named.get(place, ()):
                here.update(self._in_area[area])
            if len(here) > MAX_HERE:
                return None
        return Elsewhere(self._local, here)
