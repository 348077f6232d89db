"""A town misspelt at the end of a short lookup is still the town: "caf riems" is the CAF of
Reims, not every CAF; inside a sentence only a word closer to a town than to any other is."""

from __future__ import annotations

import pytest

from chatbot.directory import Entry
from commands.directory.search import SearchIndex


@pytest.fixture(scope="module")
def index() -> SearchIndex:
    return SearchIndex(
        [
            Entry(name="CAF de Reims", address="202 rue des Capucins, 51100 Reims"),
            Entry(name="CAF de Bordeaux", address="rue du Docteur Gabriel Péri, 33000 Bordeaux"),
            Entry(name="CAF de Troyes", address="14 rue Jules Lebocey, 10000 Troyes"),
            Entry(name="CAF de Sens", address="5 rue Jean Cousin, 89100 Sens"),
            Entry(name="CAF de Nancy", address="21 rue de Saint-Lambert, 54000 Nancy"),
            Entry(name="CAF d'Annecy", address="2 rue Émile Romanet, 74000 Annecy"),
            Entry(name="GRDF – urgence gaz", theme="Énergie", notes="Odeur de gaz, rien à payer"),
        ]
    )


def places(index: SearchIndex, query: str) -> list[str]:
    return index.places_in(query)


@pytest.mark.parametrize(
    ("query", "town"),
    [
        ("caf riems", "Reims"),  # as close to "rien", a word of the directory
        ("caf bordo", "Bordeaux"),  # sounds like it
        ("caf trooyes", "Troyes"),
        ("caf de reims", "Reims"),
    ],
)
def test_a_misspelt_town_ending_a_lookup_is_the_town(
    index: SearchIndex, query: str, town: str
) -> None:
    found = [hit.entry.name for hit in index.search(query)]
    assert found[0] == f"CAF de {town}"
    assert places(index, query) == query.split()[-1:]


def test_a_town_as_close_as_another_town_is_neither(index: SearchIndex) -> None:
    """ "anncy" is one letter from Annecy and from Nancy: no town is chosen for the user."""
    assert places(index, "caf anncy") == []


def test_inside_a_sentence_a_word_as_close_to_another_word_is_no_town(
    index: SearchIndex,
) -> None:
    """Only where towns are typed: "riems" is as close to "rien" as to Reims."""
    assert places(index, "caf riems") == ["riems"]
    assert places(index, "la caf de riems ne répond plus au téléphone depuis lundi") == []
