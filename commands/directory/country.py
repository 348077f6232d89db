"""Which country an entry serves when its address does not say: its web site, e-mail and
phone numbers tell. ``belgian tax office`` then prefers the SPF Finances (``finances.belgium.be``,
``02 572 57 57``) over the French tax office, although neither has an address."""

from __future__ import annotations

import re
from collections.abc import Iterable

from chatbot.directory import Entry
from commands.directory.normalize import phone_digits
from commands.directory.places import Area, Gazetteer, Term

_HOST = re.compile(r"^(?:[a-z][a-z0-9+.-]*://)?([^/:?#\s]+)", re.IGNORECASE)
_TOP_LEVEL = {"be": "be", "fr": "fr"}


def country_of(entry: Entry) -> str | None:
    """``"be"``, ``"fr"`` or None, from the entry's site, e-mail and phones (first that tells)."""
    for text in (entry.url, entry.email.rpartition("@")[2]):
        match = _HOST.match(text.strip()) if text else None
        if match is not None:
            found = _TOP_LEVEL.get(match.group(1).rstrip(".").rpartition(".")[2].lower())
            if found is not None:
                return found
    for phone in entry.phones:
        raw = phone.number.strip()
        if raw.startswith(("+32", "0032")):
            return "be"
        if raw.startswith(("+33", "0033")):
            return "fr"
        digits = phone_digits(raw)
        # Belgian numbers have 9 digits (10 for mobiles: 04..), French ones always 10.
        if len(digits) == 9 and digits.startswith("0"):
            return "be"
        if len(digits) == 10 and digits.startswith("0") and not digits.startswith("04"):
            return "fr"
    return None


def area_countries(gazetteer: Gazetteer) -> dict[Area, str]:
    """Every area of the gazetteer -> the country it is in (``"fr"``, ``"be"``)."""
    found: dict[Area, str] = {area: code for code, area in gazetteer.countries.items()}
    found.update((area, "fr") for area in gazetteer.french_departements.values())
    found.update((area, "be") for area in gazetteer.belgian_communes.values())
    found.update((area, "be") for _low, _high, area in gazetteer.belgian_ranges)
    for label, regions in gazetteer.regions_of.items():
        member = next((a for a, code in found.items() if a.label == label), None)
        if member is not None:
            found.update((region, found[member]) for region in regions)
    return found


def place_countries(
    gazetteer: Gazetteer, addresses: Iterable[tuple[dict[Term, float], list[tuple[Area, float]]]]
) -> dict[Term, frozenset[str]]:
    """Every place term -> the countries a place so named is in: the gazetteer's, and the
    towns of the directory's addresses (by their postcode)."""
    of_area = area_countries(gazetteer)
    found: dict[Term, set[str]] = {}
    for term, named in gazetteer.areas_by_term.items():
        found.setdefault(term, set()).update(of_area[a] for a in named if a in of_area)
    countries = set(gazetteer.countries.values())
    for own, areas in addresses:
        codes = {of_area[a] for a, _strength in areas if a in countries}
        for term in own:
            found.setdefault(term, set()).update(codes)
    return {term: frozenset(codes) for term, codes in found.items() if codes}
