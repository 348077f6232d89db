"""Which keys a lookup scores (:class:`Postings.candidates`): within the budget, what each word
is as typed comes before what it may stand for, a request's words ("demander") come last, and
when every word is common the keys holding most of the query are kept."""

from __future__ import annotations

from array import array

from commands.directory.postings import CANDIDATE_BUDGET, Postings


def postings(keys: list[tuple[tuple[str, ...], int]]) -> Postings:
    """``keys``: (words, entries reached)."""
    return Postings(
        [words for words, _reach in keys],
        [len(words) for words, _reach in keys],
        array("I", [reach for _words, reach in keys]),
    )


def test_a_word_is_looked_for_as_typed_before_what_it_may_stand_for() -> None:
    """ "hlm" also stands for the common "logement": its own key is scored all the same."""
    index = postings([(("office", "hlm"), 1), (("logement",), CANDIDATE_BUDGET)])
    assert index.candidates([{"hlm": 1.0, "logement": 0.8}], []) == {0}


def test_a_request_word_chooses_last() -> None:
    """In "demander un logement", the keys of "logement" are scored, not those of the rarer
    "demander" only."""
    half = CANDIDATE_BUDGET // 2 + 20
    index = postings([(("demande",), half - 10), (("logement", "social"), half)])
    assert index.candidates([{"logement": 1.0}], [], [{"demande": 1.0}]) == {1}
    assert index.candidates([{"logement": 1.0}, {"demande": 1.0}], []) == {0}


def test_a_word_too_common_is_passed_over_for_the_next_that_fit() -> None:
    index = postings(
        [(("allocation",), CANDIDATE_BUDGET), (("allo", "service", "public"), 1), (("public",), 5)]
    )
    found = index.candidates([{"allo": 1.0, "allocation": 0.8}, {"public": 1.0}], [])
    assert {1, 2} <= found


def test_when_every_word_is_common_the_keys_holding_most_of_the_query_come_first() -> None:
    """ "centre hospitalier de montmar": the one key holding the town too, among a thousand
    hospitals' keys as narrow as it."""
    hospitals = [(("centr", "hospitali", f"town{i}"), 1) for i in range(2 * CANDIDATE_BUDGET)]
    index = postings(
        [
            *hospitals,
            (("centr", "hospitali", "montmar"), 1),
            *((("montmar", f"street{i}"), 1) for i in range(CANDIDATE_BUDGET + 1)),
        ]
    )
    found = index.candidates([{"hospitali": 1.0}, {"centr": 1.0}], [{"montmar": 1.0}])
    assert len(hospitals) in found
    assert len(found) <= CANDIDATE_BUDGET + 1
