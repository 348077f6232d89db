"""What a mistyped word meant: the one way the bot guesses a command, or a command's option,
from a typo ("lokup", "acq", "accueil stat")."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TypeVar

from rapidfuzz import process
from rapidfuzz.distance import DamerauLevenshtein

from chatbot.parsing import fold

T = TypeVar("T")

MIN_GUESS_LENGTH = 3
"""Shorter words ("le", "ok") are no typo worth a guess; one of this length must be one letter
off a word of its length ("acq" for ack)."""
MIN_SIMILARITY = 0.6
"""How alike a typo and a word must be (normalised Damerau-Levenshtein: "strat" is one swap
from "start"), unless they are at most two letters apart in a word longer than
:data:`SHORT_WORD` ("food" is not "find", "elle" not "role")."""
SHORT_WORD = 4
TWO_TYPOS_FROM = 7
"""Letters a typed word needs to be two letters off the word it means ("anomaly", "anomalie")."""


def closest(word: str, known: Mapping[str, T]) -> tuple[str, T] | None:
    """The known word ``word`` most likely means, and what it names: the only thing it begins
    the name of ("stat": status, not start), else the closest word, if close enough. ``known``
    maps each word (any case and accents) to what it names; several words may name one thing."""
    folded = fold(word)
    if len(folded) < MIN_GUESS_LENGTH:
        return None
    words = {fold(w): w for w in known}
    begun = [w for typed, w in words.items() if typed.startswith(folded)]
    if len(folded) > MIN_GUESS_LENGTH and begun and all(known[w] is known[begun[0]] for w in begun):
        return begun[0], known[begun[0]]
    best = process.extractOne(folded, list(words), scorer=DamerauLevenshtein.normalized_similarity)
    if best is None:
        return None
    typed, similarity, _index = best
    distance = DamerauLevenshtein.distance(folded, typed)
    if len(folded) == MIN_GUESS_LENGTH:
        if distance != 1 or len(typed) != len(folded):
            return None
    elif similarity < MIN_SIMILARITY and (distance > 2 or len(folded) <= SHORT_WORD):
        return None
    elif distance == 2 and len(folded) < TWO_TYPOS_FROM:
        return None  # "carte" is not "calme"
    found = words[typed]
    return found, known[found]
