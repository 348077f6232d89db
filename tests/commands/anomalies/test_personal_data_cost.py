"""The personal-data check of a report costs time in proportion to its length (issue 11: the
e-mail pattern took 6 s on 40,000 characters, freezing every other user). No clock here: the
work is counted, or bounded by the shape of the patterns."""

from __future__ import annotations

import importlib
import re

from hypothesis import given
from hypothesis import strategies as st

from chatbot.personal_data import BOUNDED_PATTERNS, email_scan, personal_data_in

OLD_EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")
"""The expression the scan replaces: it still says what counts as an address."""

HARD = ("a", "1", "a.b-", "a@", "a@b", "x@y-", "é_", "a@b.", "@.")


@given(st.text(alphabet="ab1_.+-@ éß٣\n\t", max_size=40))
def test_the_scan_finds_what_the_expression_found(text: str) -> None:
    assert email_scan(text)[0] == bool(OLD_EMAIL.search(text))


@given(st.text(max_size=60))
def test_any_text_agrees_too(text: str) -> None:
    assert email_scan(text)[0] == bool(OLD_EMAIL.search(text))


def test_the_work_grows_linearly_on_the_inputs_that_were_quadratic() -> None:
    for unit in HARD:
        small, large = unit * (10_000 // len(unit)), unit * (40_000 // len(unit))
        work_small, work_large = email_scan(small)[1], email_scan(large)[1]
        assert work_large <= 2 * len(large)
        assert work_large / work_small < 4.5, unit  # four times the text, four times the work


def test_the_other_patterns_match_a_bounded_length() -> None:
    """A search tries each start once; with a bounded match length, the total is linear."""
    parser = importlib.import_module("re._parser")
    for pattern in BOUNDED_PATTERNS:
        _shortest, longest = parser.parse(pattern.pattern).getwidth()
        assert longest <= 30, pattern.pattern


def test_a_long_report_with_an_address_is_still_flagged() -> None:
    text = "a" * 40_000 + " écrire à jean.dupont+asso@exemple.fr ou au 06 12 34 56 78"
    assert personal_data_in(text) == ["an e-mail address", "a phone number"]
