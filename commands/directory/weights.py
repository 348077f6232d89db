"""What a query's words weigh in an entry's score, and the most any entry can score.

An entry scores ``100 * mix`` :func:`refined` by rapidfuzz's WRatio, ``mix`` being
:data:`QUERY_WEIGHT` for the share of the query its keys explain and the rest for how much of
its best key the query covers (:meth:`SearchIndex._text_scores`).
"""

from __future__ import annotations

from itertools import combinations

QUERY_WEIGHT = 0.7
WRATIO_WEIGHT = 0.15
UNKNOWN_WORD_WEIGHT = 0.5
"""A query word found nowhere in the directory ("ma *voisine* est battue") counts half: it is
more likely the volunteer's phrasing than the name of what they want."""
WEAK_WORD_WEIGHT = 0.5
"""A query word of a request's phrasing ("déposer un *dossier*") that entries happen to hold
too counts half."""
EXPLAINED_ENOUGH = 0.8
"""A query word an entry explains this well (by a need's words, a synonym, a typo) counts
whole toward the share of the query a hit must explain; its score still says how well:
"discrimination" is half of "discrimination logement" for the Défenseur des droits."""


def ceiling(
    matches: list[dict[str, float]], weights: list[float], unknown: int, sentence: bool
) -> float:
    """The most an entry can score when each query word is at best its closest match:
    "hoptial" is at most 81 % of "hopital", so no entry scores 100.

    ``matches``: per matched query word, its similarity to the directory words it may be;
    ``weights``: those words' weights (before a sentence scales them); ``unknown``: how many
    words match nothing. Whichever words the keys scored happen to use: a word no key uses
    counts as unknown, which may raise the share of the others."""
    closest = [max(found.values()) for found in matches]
    if sentence:
        share = max(closest)  # a share, diluted or not, is a mean of similarities
    else:  # a few words: every choice of the words used is tried
        share = 0.0
        pairs = list(zip(weights, closest, strict=True))
        for size in range(len(pairs) + 1):
            for used in combinations(range(len(pairs)), size):
                told = sum(pairs[i][0] * pairs[i][1] for i in used)
                weight = sum(pairs[i][0] for i in used)
                weight += UNKNOWN_WORD_WEIGHT * (unknown + len(pairs) - size)
                if weight:
                    share = max(share, told / weight)
    mix = QUERY_WEIGHT * min(1.0, share) + 1 - QUERY_WEIGHT  # the key covered whole
    return refined(100 * mix, 100.0)


def refined(score: float, similarity: float) -> float:
    """A score blended with the string similarity (0..100) of the query and the key."""
    return (1 - WRATIO_WEIGHT) * score + WRATIO_WEIGHT * similarity
