"""Where an entry is, so that ``caf toulouse`` prefers the Toulouse office.

An entry's *places* come from its address (postcode, town, and what the postcode implies: the
French département, the Brussels commune, the Belgian province) and from place names in its
name or aliases ("CAF de la Haute-Garonne"). Each place is a folded term (see
:func:`commands.directory.normalize.words`) with a strength: 1.0 for the town or commune
itself, less for the wider area (the département's number, name and chief town).

The shipped gazetteer (``places.yaml``) names the 101 French départements and the Belgian
communes and provinces; towns found in the directory's own addresses are added to it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache, lru_cache
from importlib import resources

from commands.directory.normalize import words
from commands.directory.yaml_data import load_yaml

TOWN_PARTS = frozenset(words("centre centre-ville nord sud ouest centrum noord zuid oost west"))
"""Words after a town in a name that name a part of it: "SIP Lille Centre" is the SIP."""
ARRONDISSEMENT = re.compile(r"^\d{1,2}(?:e|er|eme|ieme)?$")
"""A part of a town after its name: "Paris 18e", "Lyon 3"."""

TOWN, AREA, REGION = 1.0, 0.7, 0.5
"""Strength of a place: the entry's own town or commune, the département or province it lies
in, the region that holds that."""
MAX_PLACE_WORDS = 4

_FRENCH_POSTCODE = re.compile(r"(?<!\d)(\d{5})(?!\d)\s*([^\d,;()\n]*)")
_BELGIAN_POSTCODE = re.compile(r"(?<![\d-])(?:B-)?([1-9]\d{3})(?![\d])\s+([^\d,;()\n]+)")
_CEDEX = re.compile(r"\bcedex\b.*$", re.IGNORECASE)

Term = tuple[str, ...]
"""A place as folded words: ``("haute", "garonne")``."""


@dataclass(frozen=True, eq=False)
class Area:
    """A département, a Brussels commune, a Belgian province, a region: what a postcode
    implies. Compared by identity: each is built once."""

    label: str
    terms: tuple[Term, ...]
    """Every way of naming it (name, number, Dutch name, chief town...)."""
    term_set: frozenset[Term] = frozenset()

    def __post_init__(self) -> None:
        object.__setattr__(self, "term_set", frozenset(self.terms))


@dataclass
class Gazetteer:
    french_departements: dict[str, Area] = field(default_factory=dict)
    """By code: ``"31"``, ``"2a"``, ``"974"``."""
    belgian_communes: dict[str, Area] = field(default_factory=dict)
    """By postcode: ``"1070"`` -> Anderlecht."""
    belgian_ranges: list[tuple[int, int, Area]] = field(default_factory=list)
    """Postcode ranges of the provinces (and of the Brussels region)."""
    areas_by_term: dict[Term, list[Area]] = field(default_factory=dict)
    areas_named: dict[Term, list[Area]] = field(default_factory=dict)
    """Like :attr:`areas_by_term` without the towns inside an area: "Charleroi" is in
    Hainaut, it does not name it."""
    regions_of: dict[str, list[Area]] = field(default_factory=dict)
    """By the label of a département or province: the regions holding it."""
    members: dict[str, list[Area]] = field(default_factory=dict)
    """By the label of a region: the départements or provinces it holds."""
    countries: dict[str, Area] = field(default_factory=dict)
    """``"be"``: what an address in the country is in."""
    region_terms: set[Term] = field(default_factory=set)
    """Terms naming a Belgian region and nothing narrower ("vlaams"; not "bruxelles"): a
    body named so serves the region, it is no local office (a French region's "Carsat
    Occitanie" is)."""
    region_of: dict[Term, Area] = field(default_factory=dict)
    """A Belgian place's region, by any term of it: ``ixelles`` -> Brussels-Capital."""
    bodies: dict[Term, Area] = field(default_factory=dict)
    """A body serving one region only, by a term of its name: ``vdab`` -> Flanders."""
    strengths: dict[tuple[Area, float], list[tuple[Area, float]]] = field(default_factory=dict)
    """What :func:`area_strengths` found, by area and strength."""

    def terms(self) -> Iterator[Term]:
        return iter(self.areas_by_term)

    def add(self, area: Area, *, towns: tuple[Term, ...] = ()) -> Area:
        """Index ``area`` under its terms; ``towns``: those that are towns inside it."""
        for term in area.terms:
            self.areas_by_term.setdefault(term, []).append(area)
            if term not in towns:
                self.areas_named.setdefault(term, []).append(area)
        return area

    def serving(self, region: Area) -> dict[Term, float]:
        """The places a body serving the whole of a Belgian ``region`` is in: the region by
        each of its names, as a town is by its own, and Belgium."""
        country = self.countries.get("be")
        return {
            **dict.fromkeys(region.terms, TOWN),
            **({country.terms[0]: REGION} if country is not None else {}),
        }

    def area_of_french(self, postcode: str) -> Area | None:
        if postcode.startswith(("97", "98")):
            return self.french_departements.get(postcode[:3])
        if postcode.startswith("20"):
            return self.french_departements.get("2a" if postcode < "20200" else "2b")
        return self.french_departements.get(postcode[:2])

    def areas_of_belgian(self, postcode: str) -> list[Area]:
        found = [self.belgian_communes[postcode]] if postcode in self.belgian_communes else []
        number = int(postcode)
        found += [area for low, high, area in self.belgian_ranges if low <= number <= high]
        return found


@lru_cache(maxsize=65_536)
def _term(text: str) -> Term:
    """The folded words of a place (remembered: a directory names the same towns again and
    again)."""
    return tuple(words(text))


def _area(label: str, *names: object) -> Area:
    terms: dict[Term, None] = {}
    for name in names:
        for text in name if isinstance(name, list) else [name]:
            if text:
                term = _term(str(text))
                if term:
                    terms[term] = None
    return Area(label, tuple(terms))


def parse_gazetteer(text: str) -> Gazetteer:
    data = load_yaml(text) or {}
    gazetteer = Gazetteer()
    for item in data.get("departements") or ():
        code = str(item["code"]).lower()
        names = [item.get("city"), item.get("cities") or []]
        area = _area(item["name"], item["name"], code, *names)
        gazetteer.french_departements[code] = gazetteer.add(area, towns=_area("", *names).terms)
    belgium = data.get("belgium") or {}
    brussels: list[str] = []
    for item in belgium.get("brussels") or ():
        names = [item["name"], item.get("nl"), item.get("short") or []]
        area = gazetteer.add(_area(item["name"], *names))
        for postcode in item.get("postcodes") or ():
            gazetteer.belgian_communes[str(postcode)] = area
            brussels.append(str(postcode))
    for item in belgium.get("provinces") or ():
        towns = _area("", item.get("cities") or []).terms
        area = gazetteer.add(
            _area(item["name"], item["name"], item.get("nl"), item.get("cities") or []),
            towns=towns,
        )
        _add_ranges(gazetteer, str(item.get("postcodes") or ""), area)
    for code, item in (data.get("countries") or {}).items():
        gazetteer.countries[code] = gazetteer.add(_area(item["name"], *item["names"]))
    provinces = {area.label: area for _low, _high, area in gazetteer.belgian_ranges}
    belgian = belgium.get("regions") or []
    for item in belgium.get("regions") or ():
        if not item.get("provinces"):  # Brussels: a region of communes, not of provinces
            area = gazetteer.add(
                _area(item["name"], item["name"], item.get("nl"), item.get("short") or [])
            )
            _add_ranges(gazetteer, str(item.get("postcodes") or ""), area)
            _add_bodies(gazetteer, item, area)
            for commune in gazetteer.belgian_communes.values():
                gazetteer.region_of.update(dict.fromkeys(commune.terms, area))
            gazetteer.region_of.update(dict.fromkeys(area.terms, area))
    for item in (*(data.get("regions") or ()), *(belgium.get("regions") or ())):
        if not item.get("departements") and not item.get("provinces"):
            continue
        region = gazetteer.add(
            _area(item["name"], item["name"], item.get("nl"), item.get("short") or [])
        )
        if item in belgian:
            _add_bodies(gazetteer, item, region)
            gazetteer.region_terms.update(
                t for t in region.terms if gazetteer.areas_by_term[t] == [region]
            )
            for name in item.get("provinces") or ():
                if (province := provinces.get(str(name))) is not None:
                    gazetteer.region_of.update(dict.fromkeys(province.terms, region))
            gazetteer.region_of.update(dict.fromkeys(region.terms, region))
        held = [
            gazetteer.french_departements.get(str(c).lower())
            for c in item.get("departements") or ()
        ]
        held += [provinces.get(str(name)) for name in item.get("provinces") or ()]
        for member in held:
            if member is not None:
                gazetteer.regions_of.setdefault(member.label, []).append(region)
                gazetteer.members.setdefault(region.label, []).append(member)
    return gazetteer


def _add_bodies(gazetteer: Gazetteer, item: dict[str, object], region: Area) -> None:
    bodies = item.get("bodies") or []
    for body in bodies if isinstance(bodies, list) else ():
        if found := _term(str(body)):
            gazetteer.bodies[found] = region


def _add_ranges(gazetteer: Gazetteer, spans: str, area: Area) -> None:
    """``"6000-6599|7000-7999"``: the postcodes of a Belgian area."""
    for span in spans.split("|"):
        low, _sep, high = span.partition("-")
        if low.strip().isdigit():
            top = high.strip() if high.strip().isdigit() else low.strip()
            gazetteer.belgian_ranges.append((int(low), int(top), area))


@cache
def shipped_gazetteer() -> Gazetteer:
    text = resources.files("commands.directory").joinpath("places.yaml").read_text("utf-8")
    return parse_gazetteer(text)


@dataclass(frozen=True)
class Located:
    """The places of one entry: folded term -> strength, and its town for display."""

    strengths: dict[Term, float]
    town: str
    named_local: bool
    """Its name or an alias names a place: a local office, not the national entry."""


def address_places(
    address: str, gazetteer: Gazetteer
) -> tuple[dict[Term, float], list[tuple[Area, float]], str]:
    """What an address says: its own places (postcode, town, Brussels commune), the areas
    it lies in with their strength, and the town as written."""
    own: dict[Term, float] = {}
    areas: list[tuple[Area, float]] = []
    town = ""
    for match in _FRENCH_POSTCODE.finditer(address):
        postcode, after = match.group(1), _CEDEX.sub("", match.group(2)).strip(" -–")
        own[(postcode,)] = TOWN
        if after and _term(after):
            own[_term(after)] = TOWN
            town = town or after
        area = gazetteer.area_of_french(postcode)
        if area is not None:
            areas += area_strengths(area, gazetteer, AREA)
    if own and "fr" in gazetteer.countries:
        areas.append((gazetteer.countries["fr"], REGION))
    if not own:
        for match in _BELGIAN_POSTCODE.finditer(address):
            postcode, after = match.group(1), match.group(2).strip(" -–")
            found = gazetteer.areas_of_belgian(postcode)
            if not found and not after:
                continue
            own[(postcode,)] = TOWN
            if after and _term(after):
                own[_term(after)] = TOWN
                town = town or after
            commune = gazetteer.belgian_communes.get(postcode)
            for area in found:
                if area is commune:
                    own.update(dict.fromkeys(area.terms, TOWN))
                else:
                    areas += area_strengths(area, gazetteer, AREA)
            if "be" in gazetteer.countries:
                areas.append((gazetteer.countries["be"], REGION))
    return own, areas, town


def address_agrees(
    named: dict[Term, float],
    places: dict[Term, float],
    areas: list[tuple[Area, float]],
    countries: set[Term],
) -> bool:
    """Whether an address (its ``places`` and ``areas``) lies in a place a name names, other
    than its country; true when the name names none."""
    wanted = [place for place in named if place not in countries]
    return (
        not places
        or not wanted
        or any(
            place in places or any(place in area.term_set for area, _strength in areas)
            for place in wanted
        )
    )


def area_strengths(area: Area, gazetteer: Gazetteer, strength: float) -> list[tuple[Area, float]]:
    """An area at ``strength``; the regions holding it, and for a region the areas it holds,
    weaker."""
    cached = gazetteer.strengths.get((area, strength))
    if cached is None:
        cached = gazetteer.strengths[(area, strength)] = _area_strengths(area, gazetteer, strength)
    return cached


def _area_strengths(area: Area, gazetteer: Gazetteer, strength: float) -> list[tuple[Area, float]]:
    wider = min(strength, REGION)
    return [
        (area, strength),
        *((region, wider) for region in gazetteer.regions_of.get(area.label, ())),
        *((member, wider) for member in gazetteer.members.get(area.label, ())),
    ]
