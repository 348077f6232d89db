"""Search on a directory it has never seen: general mechanisms, not the shipped demo's words.

Each directory here is written for the test (no aliases, plain names, as a programme imports
them): the entries are found by their country (site, phone), by the phrasing of a question
being set aside, and by what a sentence tells even when it tells two things.
"""

from __future__ import annotations

import pytest

from chatbot.directory import Entry, Phone
from commands.directory.country import country_of
from commands.directory.normalize import words
from commands.directory.search import SearchIndex
from tests.commands.test_search import first


def entry(
    name: str, *, theme: str = "", url: str = "", address: str = "", phones: tuple[str, ...] = ()
) -> Entry:
    return Entry(
        name=name,
        theme=theme,
        url=url,
        address=address,
        phones=tuple(Phone.parse(p) for p in phones),
    )


FRENCH_TAX = "Impôts – numéro national"
BELGIAN_TAX = "SPF Finances – contact center"
FRENCH_JOBS = "France Travail – candidats"
BRUSSELS_JOBS = "Actiris"


@pytest.fixture(scope="module")
def index() -> SearchIndex:
    return SearchIndex(
        [
            entry(FRENCH_TAX, theme="Impôts", url="https://www.impots.gouv.fr"),
            entry(BELGIAN_TAX, theme="Impôts", url="https://finances.belgium.be"),
            entry(FRENCH_JOBS, theme="Emploi", url="https://www.francetravail.fr"),
            entry(BRUSSELS_JOBS, theme="Emploi", address="Boulevard Anspach 65, 1000 Bruxelles"),
            entry("SOS Loyers impayés", theme="Logement", phones=("0805 16 00 75",)),
            entry("Allô Prévention Expulsion", theme="Logement"),
            entry("Samu social – hébergement d'urgence (115)", theme="Urgences"),
            entry("Violences Femmes Info – 3919", theme="Violences"),
            entry("Alcool Info Service", theme="Santé"),
            entry("Agence nationale des titres sécurisés", theme="Papiers"),
            entry("Carte de séjour – préfecture", theme="Papiers"),
            entry("Renseignements en droit du travail", theme="Emploi"),
        ]
    )


def test_the_country_of_an_entry_comes_from_its_site_or_its_phones() -> None:
    assert country_of(entry("x", url="https://finances.belgium.be/fr")) == "be"
    assert country_of(entry("x", url="www.impots.gouv.fr")) == "fr"
    assert country_of(entry("x", phones=("02 572 57 57",))) == "be"
    assert country_of(entry("x", phones=("+32 78 15 15 15",))) == "be"
    assert country_of(entry("x", phones=("01 40 12 34 56",))) == "fr"
    assert country_of(entry("x", phones=("0 892 705 705",))) == "fr"
    # A Belgian mobile or a number of the French south-east: it does not tell.
    assert country_of(entry("x", phones=("0478 12 34 56",))) is None
    assert country_of(entry("x")) is None


def test_a_country_named_prefers_the_entries_of_that_country(index: SearchIndex) -> None:
    # Neither tax office has an address: the site says which country each serves.
    assert first(index, "belgian tax office") == BELGIAN_TAX
    assert first(index, "impôts belgique") == BELGIAN_TAX
    assert first(index, "impôts") == FRENCH_TAX


def test_a_place_abroad_puts_the_national_entry_of_another_country_after(
    index: SearchIndex,
) -> None:
    assert first(index, "emploi bruxelles") == BRUSSELS_JOBS
    assert first(index, "je cherche du travail à bruxelles") == BRUSSELS_JOBS


def test_one_typed_word_is_one_word_of_a_name(index: SearchIndex) -> None:
    # "carte" stands for "séjour" too (words.yaml): it is still only half of "carte de séjour".
    assert index.search("carte pokemon") == []


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("que faire en cas d'expulsion", "Allô Prévention Expulsion"),
        ("une dame me demande le numéro pour une expulsion", "Allô Prévention Expulsion"),
        ("j'ai besoin d'aide pour une expulsion", "Allô Prévention Expulsion"),
        ("she doesn't speak french and has an eviction notice", "Allô Prévention Expulsion"),
    ],
)
def test_the_phrasing_of_a_question_is_set_aside(
    index: SearchIndex, query: str, expected: str
) -> None:
    assert first(index, query) == expected


def test_phrasing_goes_only_where_it_is_phrasing() -> None:
    assert words("que faire en cas d'expulsion") == words("expulsion")
    assert "aide" in words("aide au logement")
    assert "demand" in words("Demande de logement social")


@pytest.mark.parametrize(
    ("sentence", "meant"),
    [
        ("wie kan ik bellen voor het OCMW", "ocmw"),
        ("hij woont in Gent en heeft het OCMW nodig", "gent ocmw"),
        ("my friend is asking since yesterday for the CAF", "caf"),
    ],
)
def test_dutch_and_english_sentences_lose_their_glue(sentence: str, meant: str) -> None:
    assert words(sentence) == words(meant)


def test_a_verb_and_its_noun_meet() -> None:
    assert words("licenciement") == words("licencié")
    assert words("maltraitance") == words("maltraitée")
    assert words("hébergement") == words("héberger")


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("une famille dort dans la rue", "Samu social – hébergement d'urgence (115)"),
        ("mon grand-père ne reçoit pas sa retraite", None),
        ("ma voisine est battue par son mari", "Violences Femmes Info – 3919"),
    ],
)
def test_plain_sentences(index: SearchIndex, query: str, expected: str | None) -> None:
    assert first(index, query) == expected


def test_a_sentence_telling_two_things_finds_one_of_them(index: SearchIndex) -> None:
    found = first(index, "il boit trop et devient violent")
    assert found in {"Alcool Info Service", "Violences Femmes Info – 3919"}


@pytest.mark.parametrize(
    "query",
    ["carte pokemon", "how old is the moon", "nouveau iphone", "horoscope du jour", "recette"],
)
def test_everyday_words_alone_find_nothing(index: SearchIndex, query: str) -> None:
    assert index.search(query) == []


def test_a_dutch_word_is_asked_in_belgium() -> None:
    index = SearchIndex(
        [
            entry(FRENCH_JOBS, theme="Emploi", url="https://www.francetravail.fr"),
            entry("ONEM – Office national de l'Emploi", theme="Emploi", url="https://www.onem.be"),
        ]
    )
    # "werkloosheid" (unemployment) leads to both through the thesaurus; a Dutch speaker
    # is in Belgium.
    assert first(index, "werkloosheid") == "ONEM – Office national de l'Emploi"
    assert first(index, "chômage") == FRENCH_JOBS


def test_the_nearest_is_phrasing_not_a_carer() -> None:
    assert words("où est la caf la plus proche de chez moi ?") == words("caf")
    assert words("where is the nearest food bank") == words("food bank")
    assert words("proche aidant") != words("aidant")


def test_a_bare_number_does_not_answer_words_the_directory_lacks() -> None:
    index = SearchIndex(
        [
            Entry(name="Action Logement", aliases=("1% logement",), theme="Logement"),
            entry("CAF de la Haute-Garonne", theme="Famille", address="31000 Toulouse"),
        ]
    )
    assert first(index, "<script>alert(1)</script>") is None
    assert first(index, "1% logement") == "Action Logement"
    assert first(index, "caf 31") == "CAF de la Haute-Garonne"


def test_a_word_known_as_it_is_hardly_starts_a_longer_one() -> None:
    """ "Sécu" is the sécu, not the start of "sécurisés"; "fra", known as nothing, starts
    "France"."""
    index = SearchIndex(
        [
            entry("Caisse primaire d'assurance maladie", theme="Santé"),
            Entry(name="ANTS", aliases=("titres sécurisés",), theme="Papiers"),
            entry("France Travail", theme="Emploi"),
        ]
    )
    assert [hit.entry.name for hit in index.search("comment joindre la sécu")] == [
        "Caisse primaire d'assurance maladie"
    ]
    assert first(index, "fra") == "France Travail"
