"""How reports say something is failing ("en panne", "ne marche plus", "cassée"): what tells a
report from a search, and what two reports of one failure share however they word it."""

from __future__ import annotations

import re

from chatbot.parsing import fold

_WORD = re.compile(r"\w+")


def flat_words(text: str) -> str:
    """``text`` folded, apostrophes as spaces, one space around each word."""
    return " " + " ".join(_WORD.findall(fold(text).replace("'", " ").replace("’", " "))) + " "


FAILURE_PHRASES = tuple(
    flat_words(phrase)
    for phrase in (
        "ne marche plus",
        "ne marche pas",
        "marche plus",
        "marche pas",
        "ne fonctionne plus",
        "ne fonctionne pas",
        "fonctionne plus",
        "fonctionne pas",
        "en panne",
        "tombé en panne",
        "ne s'allume plus",
        "ne s'allume pas",
        "ne ferme plus",
        "ne ferme pas",
        "ne s'ouvre plus",
        "ne répond plus",
        "ne charge plus",
        "hors service",
        "ne demarre plus",
        "ne demarre pas",
        "demarre plus",
        "ne se connecte plus",
        "ne se connecte pas",
        "ne s affiche plus",
        "ne s ouvre pas",
        "ne repond pas",
        "est mort",
        "est morte",
        "a disparu",
        "ont disparu",
        "won't turn on",
        "une panne",
        "une fuite",
        "is down",
        "is broken",
        "are broken",
        "doesn't work",
        "does not work",
        "don't work",
        "not working",
        "stopped working",
        "out of order",
        "won't start",
        "keeps crashing",
    )
)

SHORTAGE_PHRASES = tuple(
    flat_words(phrase)
    for phrase in (
        "n y a plus de",
        "plus de wifi",
        "plus de reseau",
        "plus d internet",
        "plus de connexion",
        "plus de papier",
        "plus d encre",
        "plus de savon",
        "no more paper",
        "no wifi",
    )
)
"""Something run out ("plus de papier"): a problem to report, whose words are the thing."""

# Nouns alone ("panne électricité", "fuite d'eau") are searches for whom to call: a failure is
# a phrase ("en panne", "une fuite") or a verb ("plante", "fuit").
FAILURE_WORDS = frozenset(
    fold(word)
    for word in (
        "bug",
        "bugs",
        "bugue",
        "beugue",
        "plante",
        "planté",
        "cassé",
        "cassée",
        "cassés",
        "cassées",
        "fuit",
        "broken",
        "crashed",
        "crashes",
        "leaking",
    )
)

FAILED = "panne"
"""The one word every failure phrase stands for when reports are compared."""


def failure_worded_alike(text: str) -> str:
    """``text``'s words (see :func:`flat_words`) with each way of saying it fails as
    :data:`FAILED`: "l'imprimante est cassée" and "l'imprimante ne marche plus" say the same."""
    flat = flat_words(text)
    for phrase in FAILURE_PHRASES:
        flat = flat.replace(phrase, f" {FAILED} ")
    return " ".join(FAILED if word in FAILURE_WORDS else word for word in flat.split())
