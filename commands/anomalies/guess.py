"""Reading a report's words: which category it probably is, and whether a message is one.

The guess is only a first answer that one tap confirms or changes: a small table of words per
default category (French and English), plus the configured categories' own names.
"""

from __future__ import annotations

from chatbot.parsing import fold
from chatbot.settings import Settings
from commands.anomalies.failures import (
    FAILURE_PHRASES,
    FAILURE_WORDS,
    SHORTAGE_PHRASES,
    flat_words,
)
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
    return flat_words(text).split()


_WHERE = frozenset(
    "local locaux salle lieu batiment accueil bureau premises room building office".split()
)
"""Words that often only say where the thing is ("l'imprimante *du local*"): they count half."""


_ONLINE = frozenset(
    "internet web ligne online connexion appli application compte page lien url gouv ameli "
    "caf fr com login password".split()
)
"""Words that make "site" a website, not premises: "le site ameli ne marche plus"."""


def guess_category(text: str, settings: Settings) -> str | None:
    """The configured category ``text``'s words point to most (the first on a tie), or None."""
    words = set(_words(text))
    words |= {w[:-1] for w in words if len(w) > 3 and w.endswith("s")}
    if "site" in words and not _ONLINE.isdisjoint(words):
        words = (words - {"site"}) | {"internet"}  # a website down: equipment, not premises
    best, best_score = None, 0.0
    for category in categories(settings):
        own = set(_words(category.replace("-", " "))) | {fold(category)}
        found = words & (own | _KEYWORDS.get(category, frozenset()))
        score = sum(0.5 if word in _WHERE else 1.0 for word in found)
        if score > best_score:
            best, best_score = category, score
    return best


def reads_like_a_problem(text: str) -> bool:
    """Whether ``text`` says something is failing ("l'imprimante est en panne", "the wifi is
    down") and is not a question about whom to contact."""
    words = _words(text)
    if not words or _LOOKUP_WORDS.intersection(words):
        return False
    flat = flat_words(text)
    if any(phrase in flat for phrase in (*FAILURE_PHRASES, *SHORTAGE_PHRASES)):
        return True
    return bool(FAILURE_WORDS.intersection(words))
