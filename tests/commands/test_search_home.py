"""A directory mostly of one country answers an unqualified lookup with that country's bodies
first; and the French words "a", "y" in a row are not a spelled acronym."""

from __future__ import annotations

from chatbot.directory import Entry
from commands.directory.normalize import words
from commands.directory.search import SearchIndex

BELGIAN = Entry(name="Service des impôts", theme="Impôts", url="https://finances.belgium.be")
FRENCH = Entry(name="Service des impôts", theme="Impôts", url="https://www.impots.gouv.fr")


def others(domain: str) -> list[Entry]:
    names = ("Caisse de retraite", "Allocations familiales", "Assurance maladie", "Logement")
    return [Entry(name=name, url=f"https://www.{i}.{domain}") for i, name in enumerate(names)]


def urls(index: SearchIndex, query: str) -> list[str]:
    return [hit.entry.url for hit in index.search(query)]


def test_an_unqualified_lookup_prefers_the_directory_s_own_country() -> None:
    # The Belgian office comes first in the directory and ties on every word.
    french_directory = SearchIndex([BELGIAN, FRENCH, *others("gouv.fr")])
    assert urls(french_directory, "impôts") == [FRENCH.url, BELGIAN.url]  # reordered, kept
    assert urls(french_directory, "impôts belgique")[0] == BELGIAN.url
    belgian_directory = SearchIndex([FRENCH, BELGIAN, *others("belgium.be")])
    assert urls(belgian_directory, "impôts")[0] == BELGIAN.url


def test_a_directory_of_two_countries_keeps_the_order_of_the_words() -> None:
    # 4 Belgian entries, 3 French: no country is the directory's own, the first entry wins.
    mixed = SearchIndex([FRENCH, BELGIAN, *others("gouv.fr")[:2], *others("belgium.be")[:3]])
    assert urls(mixed, "impôts")[0] == FRENCH.url


def test_french_a_and_y_are_words_not_letters_of_an_acronym() -> None:
    assert words("ma grand-mère a besoin d'aide a domicile") == ["grandmer", "domicil"]
    assert words("elle a à payer son loyer") == ["payer", "loyer"]
    assert words("c a f") == ["caf"]
    assert words("C.P.A.S.") == ["cpas"]
