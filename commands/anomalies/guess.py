"""Reading a report's words: which category it probably is, and whether a message is one.

The guess is only a first answer that one tap confirms or changes: a small table of words per
default category (French and English), plus the configured categories' own names.
"""

from __future__ import annotations

import re

from chatbot.parsing import fold
from chatbot.settings import Settings
from commands.anomalies.text import categories

_KEYWORDS: dict[str, frozenset[str]] = {
    "site": frozenset(
        "site local locaux lieu batiment porte portes fenetre fenetres serrure cle cles "
        "chauffage radiateur fuite eau toilettes wc lumiere ascenseur plafond mur salle accueil "
        "premises building door doors window windows lock key keys heating leak toilet toilets "
        "light lights lift elevator ceiling wall room".split()
    ),
    "info-erronee": frozenset(
        "erreur erreurs erronee erronees erone faux fausse fausses incorrect incorrecte obsolete "
        "perime perimee horaires horaire numero annuaire fiche adresse "
        "wrong outdated mistake typo error incorrect directory address hours".split()
    ),
    "materiel": frozenset(
        "materiel imprimante imprimantes ordinateur ordinateurs pc portable wifi internet reseau "
        "telephone telephones ecran clavier souris photocopieuse scanner projecteur tablette "
        "logiciel panne cable box "
        "equipment printer printers computer computers laptop network phone phones screen "
        "keyboard mouse copier projector tablet software".split()
    ),
    "securite": frozenset(
        "securite danger dangereux dangereuse incendie feu fumee extincteur blesse blessee "
        "agression gaz electrique alarme evacuation "
        "safety unsafe dangerous fire smoke extinguisher injury injured assault gas alarm".split()
    ),
}

_WORD = re.compile(r"\w+")


def _flat(text: str) -> str:
    """``text`` folded, apostrophes as spaces, one space around each word."""
    return " " + " ".join(_WORD.findall(fold(text).replace("'", " ").replace("’", " "))) + " "


_FAILURES = tuple(
    _flat(phrase)
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
# Nouns alone ("panne électricité", "fuite d'eau") are searches for whom to call: a failure is
# a phrase ("en panne", "une fuite") or a verb ("plante", "fuit").
_FAILURE_WORDS = frozenset(
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
_LOOKUP_WORDS = frozenset(
    fold(word)
    for word in (
        "numéro",
        "numero",
        "contacter",
        "joindre",
        "appeler",
        "adresse",
        "horaires",
        "qui",
        "contact",
        "call",
        "reach",
        "who",
    )
)
"""Words of someone looking for a contact ("qui appeler quand le chauffage est en panne ?"):
those messages stay the directory's."""


def _words(text: str) -> list[str]:
    return _flat(text).split()


def guess_category(text: str, settings: Settings) -> str | None:
    """The configured category ``text``'s words point to most (the first on a tie), or None."""
    words = set(_words(text))
    words |= {w[:-1] for w in words if len(w) > 3 and w.endswith("s")}
    best, best_score = None, 0
    for category in categories(settings):
        own = set(_words(category.replace("-", " "))) | {fold(category)}
        score = len(words & (own | _KEYWORDS.get(category, frozenset())))
        if score > best_score:
            best, best_score = category, score
    return best


def reads_like_a_problem(text: str) -> bool:
    """Whether ``text`` says something is failing ("l'imprimante est en panne", "the wifi is
    down") and is not a question about whom to contact."""
    words = _words(text)
    if not words or _LOOKUP_WORDS.intersection(words):
        return False
    flat = _flat(text)
    if any(phrase in flat for phrase in _FAILURES):
        return True
    return bool(_FAILURE_WORDS.intersection(words))
