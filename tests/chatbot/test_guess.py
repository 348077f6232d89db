"""The one guesser of mistyped commands and options."""

from __future__ import annotations

import pytest

from chatbot.guess import closest

KNOWN = {
    "status": "status",
    "statut": "status",
    "start": "start",
    "démarrer": "start",
    "ack": "ack",
    "history": "history",
    "historique": "history",
    "calme": "quiet",
    "anomalie": "anomaly",
}


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("stat", ("status", "status")),  # begins two words of one option only
        ("strat", ("start", "start")),  # one swap away
        ("demarer", ("démarrer", "start")),  # accents ignored, one letter missing
        ("acq", ("ack", "ack")),  # three letters: one off a word of three
        ("hist", ("history", "history")),
        ("anomaly", ("anomalie", "anomaly")),  # two letters off a word of seven
    ],
)
def test_a_typo_names_what_it_means(typed: str, meant: tuple[str, str]) -> None:
    assert closest(typed, KNOWN) == meant


@pytest.mark.parametrize("typed", ["ok", "sta", "acqui", "zzzzzz", "caf", "acxx", "carte"])
def test_a_word_too_short_or_too_far_names_nothing(typed: str) -> None:
    assert closest(typed, KNOWN) is None
