"""The shipped thesaurus and gazetteer are valid, and the checks on them can fail."""

from __future__ import annotations

from importlib import resources

import pytest

from commands.directory.normalize import words
from commands.directory.places import parse_gazetteer, shipped_gazetteer
from commands.directory.thesaurus import (
    Thesaurus,
    ThesaurusError,
    parse_thesaurus,
    shipped_thesaurus,
    term,
)
from commands.directory.yaml_data import load_yaml


def test_the_shipped_thesaurus_loads_with_hundreds_of_groups() -> None:
    thesaurus = shipped_thesaurus()  # raises ThesaurusError on any problem
    assert len(thesaurus.synonyms) >= 300
    assert len(thesaurus.needs) >= 150
    assert all(len(group) >= 2 for group in thesaurus.synonyms)
    assert all(need.words and need.find for need in thesaurus.needs)


def test_no_word_of_the_shipped_thesaurus_points_two_ways() -> None:
    thesaurus = shipped_thesaurus()
    seen: dict[tuple[str, ...], int] = {}
    groups = [*thesaurus.synonyms, *(need.words for need in thesaurus.needs)]
    for number, group in enumerate(groups):
        for text in group:
            assert seen.setdefault(term(text), number) == number, text


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("synonyms:\n  - [caf]\n", "at least two terms"),
        ("synonyms:\n  - [caf, '']\n", "empty term"),
        ("synonyms:\n  - [caf, allocs]\n  - [allocs, sécu]\n", "«allocs» is already in"),
        ("synonyms:\n  - [caf, allocs]\nneeds:\n  - {words: [Allocs], find: [caf]}\n", "already"),
        ("needs:\n  - {words: [loyer impayé]}\n", "give words and what they find"),
        ("synonyms: [caf\n", "not valid YAML"),
        ("groups: []\n", "sections"),
    ],
)
def test_a_broken_thesaurus_is_refused_with_the_reason(text: str, problem: str) -> None:
    with pytest.raises(ThesaurusError) as raised:
        parse_thesaurus(text)
    assert problem in str(raised.value)


def test_a_programme_group_joins_the_shipped_group_it_shares_a_term_with() -> None:
    shipped = parse_thesaurus("synonyms:\n  - [cpam, assurance maladie]\n  - [caf, allocs]\n")
    own = parse_thesaurus("synonyms:\n  - [sécu, cpam]\nremove: [allocs]\n")
    merged = shipped.extended(own)
    assert ("cpam", "assurance maladie", "sécu") in merged.synonyms
    assert all("allocs" not in group for group in merged.synonyms)  # removed, and
    assert ("caf",) not in merged.synonyms  # a group left with one term goes
    assert shipped.extended(Thesaurus()) == Thesaurus(shipped.synonyms, shipped.needs)


def test_the_gazetteer_knows_every_departement_and_the_belgian_areas() -> None:
    gazetteer = shipped_gazetteer()
    assert len(gazetteer.french_departements) == 101
    assert {"2a", "2b", "971", "976"} <= set(gazetteer.french_departements)
    toulouse, bastia = gazetteer.area_of_french("31000"), gazetteer.area_of_french("20200")
    assert toulouse is not None and toulouse.label == "Haute-Garonne"
    assert bastia is not None and bastia.label == "Haute-Corse"
    assert next(a.label for a in gazetteer.areas_of_belgian("1070")) == "Anderlecht"
    assert "Liège" in {a.label for a in gazetteer.areas_of_belgian("4000")}
    occitanie = {r.label for r in gazetteer.regions_of["Haute-Garonne"]}
    assert {"Occitanie", "Midi-Pyrénées"} <= occitanie


def test_the_gazetteer_file_is_read_as_written() -> None:
    text = resources.files("commands.directory").joinpath("places.yaml").read_text("utf-8")
    assert parse_gazetteer(text).french_departements.keys() == (
        shipped_gazetteer().french_departements.keys()
    )


def test_regional_bodies_name_their_region_only() -> None:
    """Each body listed under a Belgian region serves that region: it is no place itself and
    stands under one region only (a term listed twice would silently keep the last)."""
    gazetteer = shipped_gazetteer()
    text = resources.files("commands.directory").joinpath("places.yaml").read_text("utf-8")
    listed = [body for region in load_yaml(text)["belgium"]["regions"] for body in region["bodies"]]
    assert len(listed) == len(gazetteer.bodies) > 50
    for body, region in gazetteer.bodies.items():
        assert body not in gazetteer.areas_by_term, body
        assert region.label in {"Bruxelles-Capitale", "Wallonie", "Flandre"}
    assert gazetteer.region_of[tuple(words("Ixelles"))].label == "Bruxelles-Capitale"
    assert gazetteer.region_of[tuple(words("Gent"))].label == "Flandre"
    assert tuple(words("Vlaamse")) in gazetteer.region_terms
    assert tuple(words("Bruxelles")) not in gazetteer.region_terms  # the commune too
