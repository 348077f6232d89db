"""The parts of an entry's name that name it too: its segments and its initials."""

from __future__ import annotations

import re
from functools import lru_cache

from chatbot.parsing import fold
from commands.directory.normalize import words

_SEGMENT = re.compile(r"\s[–—-]\s|[()\[\]:/|]|,\s")
_SEGMENT_CHARS = frozenset("–—-()[]:/|,")
_INITIAL_WORD = re.compile(r"[a-z0-9]+")
_NOT_IN_ACRONYMS = frozenset(
    "d l de du des la le les et a au aux en pour sur par dans chez of the and for van voor het "
    "en de der".split()
)
ACRONYM = re.compile(r"\b(?:[A-Z]\.?){2,6}\b")


def name_initials(text: str, *, skip: set[str]) -> str:
    """``"Maison départementale des personnes handicapées"`` -> ``"mdph"``; "" for a name
    too short to have an acronym. Place words (``skip``) are not part of it."""
    letters = [
        word[0]
        for word in _INITIAL_WORD.findall(fold(text))
        if word not in _NOT_IN_ACRONYMS
        and not word.isdigit()
        and (meant := _meaningful(word)) is not None
        and meant not in skip
    ]
    return "".join(letters) if 3 <= len(letters) <= 6 else ""


@lru_cache(maxsize=65_536)
def _meaningful(word: str) -> str | None:
    """The folded form of one word, None for filler: a directory's names share their words."""
    found = words(word)
    return found[0] if found else None


def segments(name: str) -> list[str]:
    """The parts of a name written "CROUS – Mes services étudiant (national)": each names the
    entry as well (``crous`` is all of "CROUS"), so each is a key of its own."""
    if _SEGMENT_CHARS.isdisjoint(name):
        return []
    parts = [p.strip() for p in _SEGMENT.split(name) if p.strip()]
    return parts if len(parts) > 1 else []
