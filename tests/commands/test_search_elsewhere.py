"""A lookup naming a town skips, unscored, the local offices of every other town; when that
leaves nothing sure in the town, they are scored after all ("caf brest" with no CAF there)."""

from __future__ import annotations

import pytest

from chatbot.directory import Entry
from commands.directory.search import LONG_QUERY, SearchIndex, fold_query


@pytest.fixture(scope="module")
def index() -> SearchIndex:
    return SearchIndex(
        [
            Entry(name="CAF de Lyon", address="67 bd Vivier-Merle, 69003 Lyon"),
            Entry(name="CAF de Nantes", address="22 rue de Malville, 44000 Nantes"),
            Entry(name="CAF de Toulouse", address="24 rue Riquet, 31000 Toulouse"),
            Entry(name="Fédération des CPAS", address="Rue d'Arlon 53, 1040 Bruxelles"),
            Entry(name="CPAS de Forest", address="Rue du Curé 35, 1190 Forest"),
            Entry(name="CPAS de Liège", address="Place Saint-Jacques 13, 4000 Liège"),
        ]
    )


def names(index: SearchIndex, query: str) -> list[str]:
    return [hit.entry.name for hit in index.search(query)]


def test_the_local_office_asked_for_comes_alone(index: SearchIndex) -> None:
    assert names(index, "caf toulouse") == ["CAF de Toulouse"]


def test_a_town_without_its_own_office_still_gets_those_elsewhere(index: SearchIndex) -> None:
    found = names(index, "caf brest")
    assert set(found) == {"CAF de Lyon", "CAF de Nantes", "CAF de Toulouse"}


def test_an_office_in_a_commune_of_the_region_named_is_not_elsewhere(index: SearchIndex) -> None:
    found = names(index, "cpas bruxelles")
    assert "CPAS de Forest" in found
    assert "CPAS de Liège" not in found


def test_a_head_office_seated_in_the_town_gives_way_to_the_office_named_for_it() -> None:
    index = SearchIndex(
        [
            Entry(name="Solidaris – numéro général", address="Rue Saint-Jean 32, 1000 Bruxelles"),
            Entry(name="Mutualité Solidaris Bruxelles", address="Rue du Midi 111, 1000 Bruxelles"),
            Entry(name="Mutualité Solidaris Liège", address="Rue Douffet 36, 4020 Liège"),
        ]
    )
    assert names(index, "solidaris bruxelles")[0] == "Mutualité Solidaris Bruxelles"
    assert names(index, "solidaris")[0] == "Solidaris – numéro général"


def test_offices_elsewhere_follow_the_national_entry_of_a_town_without_its_own() -> None:
    index = SearchIndex(
        [
            Entry(name="Caisse d'allocations familiales (CAF) – numéro national"),
            Entry(name="CAF de Lyon", address="67 bd Vivier-Merle, 69003 Lyon"),
            Entry(name="CAF de Nantes", address="22 rue de Malville, 44000 Nantes"),
        ]
    )
    found = names(index, "caf brest")
    assert found[0] == "Caisse d'allocations familiales (CAF) – numéro national"
    assert set(found[1:]) == {"CAF de Lyon", "CAF de Nantes"}


def test_the_national_entry_comes_first_even_when_offices_elsewhere_bear_the_word_typed() -> None:
    """For "ocmw brugge" the offices elsewhere are named OCMW, the national entry only says CPAS
    (the same body in French); it still answers for a town without its own office."""
    index = SearchIndex(
        [
            Entry(
                name="SPP IS – Intégration sociale (info CPAS / revenu d'intégration)",
                address="Boulevard du Roi Albert II 30, 1000 Bruxelles",
            ),
            Entry(name="CPAS / OCMW de Forest", address="Rue du Curé 35, 1190 Forest"),
            Entry(name="CPAS / OCMW d'Uccle", address="Rue Auguste Danse 25, 1180 Uccle"),
            Entry(name="OCMW Gent", address="Onderbergen 86, 9000 Gent"),
        ]
    )
    assert names(index, "ocmw brugge")[0].startswith("SPP IS")
    assert names(index, "ocmw gent")[0] == "OCMW Gent"


def test_a_typo_in_the_name_still_finds_the_office_of_the_town(index: SearchIndex) -> None:
    assert names(index, "cpas liege") == ["CPAS de Liège"]
    assert names(index, "cpsa liege")[0] == "CPAS de Liège"


@pytest.mark.parametrize(
    "query",
    [
        "caf lyon",
        "cfa lyon",
        "caisse allocations lyon",
        "cpsa liege",
        "federation cpas liege",
        "fédératoin des cpas liege",
        "caf de la ville de nantes svp",
        "le numéro de la caf à toulouse pour un dossier",
    ],
)
def test_no_entry_scores_above_the_ceiling_the_skip_relies_on(
    index: SearchIndex, query: str
) -> None:
    """The offices elsewhere are not scored when the hit in the town beats what they could
    score at most; that bound, from the lookup that skipped them, must hold for every entry
    the full scoring reaches."""
    words = index._vocabulary.rejoin(fold_query(query).split())
    content, places = index._split_places(words)
    sentence = len(words) >= LONG_QUERY
    skip = index._elsewhere(places)
    assert skip is not None
    _found, ceiling = index._text_scores(
        content, places, {}, shortlist=100, lowest=0.0, sentence=sentence, skip=skip
    )
    found, _ceiling = index._text_scores(
        content, places, {}, shortlist=100, lowest=0.0, sentence=sentence
    )
    assert found
    assert max(score for _position, score in found) <= ceiling
