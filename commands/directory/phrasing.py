"""The phrasing around what a volunteer asks, dropped from a query before its words.

``que faire *en cas d'*expulsion``, ``j'ai *besoin d'aide* pour l'AAH``, ``une dame *me
demande* la CAF``, ``she *doesn't speak french*``: the words of these phrases ("cas", "aide",
"demande", "french") are words of names too, so they go only where they are phrasing. Each
pattern is matched on folded text (lower case, no accents) between word boundaries.
"""

from __future__ import annotations

import re

PHRASES = (
    # "que faire en cas d'expulsion", "dans mon cas"
    r"en cas d(?:e|u|es)?",
    r"au cas ou",
    r"dans (?:ce|mon|son|leur|notre|votre) cas",
    # asking for help, being asked
    r"(?:benevole|volontaire)s? (?:a|de) l'\s*accueil",
    r"besoin d(?:e|')\s*(?:l'\s*)?aide",
    r"(?:demander|cherche[rz]?|trouver|obtenir) de l'\s*aide",
    r"(?:me|nous|m'\s*a|m'\s*ont|lui|leur) demande(?:nt|r)?",
    r"(?:need|needs|get|getting|want|some|any) help(?: with| for| about)?",
    r"help (?:with|for|about)",
    r"(?:is |are )?in charge of",
    r"(?:salut|bonjour|hello|coucou) (?:l'\s*)?(?:equipe|team|tout le monde|all|everyone)",
    r"(?:c'\s*est )?qui (?:qui )?gere(?:nt)?",
    # where: the place asked for is named otherwise, or is "here"
    r"(?:dans|pour) (?:notre|ma|votre|sa|leur|la) (?:ville|commune|quartier|region)",
    r"pres de chez (?:moi|nous|elle|lui|eux|vous)",
    r"(?:in|around) (?:my|our|the|this) (?:area|town|city)",
    r"near (?:me|here|us)",
    r"nearby",
    r"(?:le |la |les )?plus proches?(?: de chez (?:moi|nous|elle|lui|vous)| d'ici)?",
    r"(?:the )?(?:nearest|closest)",
    # the person's language
    r"(?:ne )?parlen?t? (?:pas |mal |peu |un peu )?(?:tres |bien |tres bien )?(?:le )?francais",
    r"(?:doesn't|does not|don't|do not|can't|cannot) speak (?:good |much |any )?(?:french|english)",
    r"speaks? (?:no|little|bad) (?:french|english)",
    # where a body is reached ("le site internet de la caf", "s'inscrire sur internet"); not
    # "accès à internet", a need
    r"(?:le |un |son |leur |du |au )?sites? (?:internet|web)",
    r"(?:sur|par|via) (?:l'\s*)?internet",
    # "ma carte vitale ne marche plus"
    r"(?:ne )?(?:marche|fonctionne)(?:nt)? (?:plus|pas)",
    r"(?:doesn't|does not|don't) work",
    r"(?:not|stopped) working",
)
PHRASING = re.compile(r"\b(?:" + "|".join(PHRASES) + r")\b")
