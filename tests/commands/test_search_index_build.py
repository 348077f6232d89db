"""How the search index is built: fast paths that must answer exactly like the plain ones."""

from __future__ import annotations

import gc
from array import array
from dataclasses import replace
from importlib import resources
from pathlib import Path

import pytest
import yaml

from chatbot.directory import Entry
from chatbot.formats.directory_csv import read_entries
from commands.directory.links import Links
from commands.directory.search import Hit, SearchIndex
from commands.directory.yaml_data import load_yaml

DEMO = Path(__file__).resolve().parents[2] / "commands" / "directory" / "demo_directory.csv"
QUERIES = (
    "caf",
    "caf toulouse",
    "cpam 33",
    "cpas anderlecht",
    "prefecture nantes",
    "sécu",
    "chomage",
    "loyer impayé",
    "family benefits office",
    "comment contacter la caf",
    "guichet zebre",
    "3919",
    "pizza margherita",
)


def answers(index: SearchIndex, query: str) -> list[tuple[int | None, str, float, str, bool]]:
    return [described(hit) for hit in index.search(query, limit=5)]


def described(hit: Hit) -> tuple[int | None, str, float, str, bool]:
    return (hit.entry.id, hit.entry.name, hit.score, hit.town, hit.in_place)


def test_an_index_rebuilt_from_the_previous_one_answers_like_a_fresh_build() -> None:
    entries = read_entries(DEMO)
    before = SearchIndex(entries)
    edited = replace(entries[0], aliases=(*entries[0].aliases, "Guichet zèbre"))
    added = Entry(id=10_000, name="Maison des zèbres", theme=entries[1].theme)
    after = [edited, *entries[2:], added]  # one edited, one removed, one added

    rebuilt = SearchIndex(after, previous=before)
    fresh = SearchIndex(after)

    assert rebuilt.maker is before.maker  # the previous build's work was reused
    for query in (*QUERIES, *(e.name for e in after), entries[1].name):
        assert answers(rebuilt, query) == answers(fresh, query), query
    assert rebuilt.search("guichet zebre")[0].entry == edited
    assert entries[1] not in [hit.entry for hit in rebuilt.search(entries[1].name)]


def test_building_an_index_leaves_the_collector_as_it_found_it() -> None:
    assert gc.isenabled()
    index = SearchIndex(read_entries(DEMO))
    assert gc.isenabled()
    assert gc.get_freeze_count() == 0
    # What the build made went straight to the oldest generation: no young collection walks it.
    assert any(found is index.entries for found in gc.get_objects(generation=2))

    gc.disable()
    try:
        SearchIndex(read_entries(DEMO))
        assert not gc.isenabled()
    finally:
        gc.enable()


@pytest.mark.parametrize("name", ["thesaurus.yaml", "words.yaml", "places.yaml"])
def test_the_data_files_read_the_same_with_the_fast_loader(name: str) -> None:
    text = resources.files("commands.directory").joinpath(name).read_text("utf-8")
    assert load_yaml(text) == yaml.safe_load(text)


def test_a_bad_yaml_file_fails_as_with_the_plain_loader() -> None:
    with pytest.raises(yaml.YAMLError) as raised:
        load_yaml("synonyms: [caf\nneeds: []\n")
    assert getattr(raised.value, "problem_mark", None) is not None


def test_links_give_back_each_row_as_built() -> None:
    rows = [[(3, 0.5), (7, 1.0)], [], [(1, 0.25)], []]
    links = Links(rows)
    assert [list(links.of(row)) for row in range(len(rows))] == rows
    assert links.sizes() == [2, 0, 1, 0]
    targets, weights = links.row(0)
    assert (targets, weights) == (array("I", [3, 7]), array("f", [0.5, 1.0]))
