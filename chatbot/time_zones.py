"""The time zone a person means when they type one: ``Europe/Paris``, ``europe/brussels``,
``Bruxelles``, ``Montréal`` or ``Belgique``."""

from __future__ import annotations

from functools import cache
from zoneinfo import ZoneInfo, available_timezones

from chatbot.parsing import fold

_FRENCH_NAMES = {
    # Cities the time zone database names in English, and countries of one zone.
    "bruxelles": "Europe/Brussels",
    "belgique": "Europe/Brussels",
    "france": "Europe/Paris",
    "suisse": "Europe/Zurich",
    "geneve": "Europe/Zurich",
    "londres": "Europe/London",
    "lisbonne": "Europe/Lisbon",
    "varsovie": "Europe/Warsaw",
    "athenes": "Europe/Athens",
    "moscou": "Europe/Moscow",
    "alger": "Africa/Algiers",
    "la reunion": "Indian/Reunion",
    "reunion": "Indian/Reunion",
    "noumea": "Pacific/Noumea",
    "nouvelle caledonie": "Pacific/Noumea",
    "tahiti": "Pacific/Tahiti",
    "polynesie": "Pacific/Tahiti",
    "quebec": "America/Toronto",
    "guyane": "America/Cayenne",
}


def find_zone(typed: str) -> ZoneInfo | None:
    """The zone ``typed`` names (any case and accents, a city of the database or a French
    name of one), or None."""
    key = fold(" ".join(typed.replace("_", " ").split()))
    name = _zones().get(key) or _FRENCH_NAMES.get(key.replace("-", " "))
    return ZoneInfo(name) if name else None


@cache
def _zones() -> dict[str, str]:
    """Each zone by its folded name and by its city's (``paris``, ``new york``)."""
    zones: dict[str, str] = {}
    for name in sorted(available_timezones()):
        if "/" not in name or name.startswith(("Etc/", "SystemV/")):
            continue
        zones[fold(name.replace("_", " "))] = name
        zones.setdefault(fold(name.rsplit("/", 1)[1].replace("_", " ")), name)
    return zones
