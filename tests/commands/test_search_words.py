"""Search that reads the volunteer's words: English and everyday words, words written as
they sound, half of a known phrase, and towns that are not the province they lie in."""

from __future__ import annotations

import pytest

from chatbot.directory import Entry, Phone
from commands.directory.equivalents import (
    EquivalentsError,
    parse_equivalents,
    shipped_equivalents,
)
from commands.directory.search import SearchIndex
from commands.directory.thesaurus import Need, Thesaurus
from commands.directory.vocabulary import sound

ASSURANCE = "Assurance maladie – accueil"
CHOMAGE = "Caisse des allocations de chômage"
ENTRIES = [
    Entry(name=ASSURANCE, theme="Santé"),
    Entry(name=CHOMAGE, theme="Emploi"),
    Entry(name="Banque alimentaire", theme="Alimentation"),
    Entry(name="Samusocial", theme="Urgences", address="Rue du Petit Rempart 5, 1000 Bruxelles"),
    Entry(name="Agence départementale pour le logement", theme="Logement"),
    Entry(name="CPAS de Charleroi", address="Boulevard Joseph II 13, 6000 Charleroi"),
    Entry(name="Service public de l'intégration sociale – CPAS", theme="Social"),
]


def names(index: SearchIndex, query: str) -> list[str]:
    return [hit.entry.name for hit in index.search(query)]


@pytest.fixture(scope="module")
def index() -> SearchIndex:
    return SearchIndex(ENTRIES)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("sickness insurance", ASSURANCE),
        ("ziekteverzekering", ASSURANCE),
        ("unemployment", CHOMAGE),
        ("werkloosheid", CHOMAGE),
        ("food bank", "Banque alimentaire"),
    ],
)
def test_english_dutch_and_everyday_words_find_the_french_names(
    index: SearchIndex, query: str, expected: str
) -> None:
    assert names(index, query)[:1] == [expected]


def test_a_word_stands_for_its_equivalents_only_through_the_words_file() -> None:
    bare = SearchIndex(ENTRIES, thesaurus=Thesaurus(), equivalents={})
    assert names(bare, "sickness insurance") == []
    taught = SearchIndex(
        ENTRIES,
        thesaurus=Thesaurus(),
        equivalents={"sicknes": ("maladi",), "insuranc": ("assuranc",)},
    )
    assert names(taught, "sickness insurance")[:1] == [ASSURANCE]


def test_a_word_standing_for_filler_only_is_filler() -> None:
    index = SearchIndex(ENTRIES, equivalents={"hotlin": ()})
    assert names(index, "chomage hotline")[:1] == [CHOMAGE]


def test_the_shipped_words_file_maps_single_words_to_other_words() -> None:
    table = shipped_equivalents()
    assert len(table) > 500
    for typed, meant in table.items():
        assert typed.isalpha() and typed not in meant


@pytest.mark.parametrize(
    "text",
    [
        "words:\n  two words: [deux]\n",
        "words:\n  sickness: maladie\n",
        "words:\n  sickness: ['']\n",
        "other: {}\n",
    ],
)
def test_a_broken_words_file_is_refused(text: str) -> None:
    with pytest.raises(EquivalentsError):
        parse_equivalents(text)


@pytest.mark.parametrize(("typed", "meant"), [("chaumage", CHOMAGE), ("chomaje", CHOMAGE)])
def test_a_word_written_as_it_sounds_is_found(index: SearchIndex, typed: str, meant: str) -> None:
    assert names(index, typed)[:1] == [meant]


def test_sounds_alike() -> None:
    assert sound("chaumag") == sound("chomag")
    assert sound("famiriss") == sound("famiri")
    assert sound("pharmaci") == sound("farmaci")
    assert sound("caf") != sound("cpas")


def test_an_acronym_is_never_read_as_a_sound_alike() -> None:
    index = SearchIndex([Entry(name="CPAM"), Entry(name="CPAS")])
    assert names(index, "cpas") == ["CPAS"]


def test_a_glued_name_holds_the_thesaurus_term_written_apart() -> None:
    thesaurus = Thesaurus(needs=(Need(("sans abri",), ("samu social",)),))
    index = SearchIndex(ENTRIES, thesaurus=thesaurus, equivalents={})
    assert names(index, "sans abri")[:1] == ["Samusocial"]


def test_a_glued_name_holds_the_term_written_apart_when_the_thesaurus_spells_both() -> None:
    thesaurus = Thesaurus(
        synonyms=(("115", "samu social", "samusocial"),),
        needs=(
            Need(("sans abri",), ("samu social",)),
            Need(("maraude",), ("samusocial",)),
        ),
    )
    index = SearchIndex(ENTRIES, thesaurus=thesaurus, equivalents={})
    assert names(index, "sans abri")[:1] == ["Samusocial"]
    assert names(index, "maraude")[:1] == ["Samusocial"]


def test_half_of_a_need_phrase_finds_what_answers_it_below_the_whole_phrase() -> None:
    thesaurus = Thesaurus(needs=(Need(("loyer impayé",), ("logement",)),))
    index = SearchIndex(ENTRIES, thesaurus=thesaurus, equivalents={})
    whole = index.search("loyer impayé")
    half = index.search("loyer")
    assert whole and whole[0].entry.name == "Agence départementale pour le logement"
    assert not half or half[0].score < whole[0].score
    assert names(index, "loy") == []  # a phrase's words are typed whole


def test_a_town_office_does_not_serve_the_rest_of_its_province(index: SearchIndex) -> None:
    hits = index.search("cpas mons")
    assert hits[0].entry.name.startswith("Service public")
    assert not any(hit.in_place for hit in hits)
    assert index.search("cpas charleroi")[0].entry.name == "CPAS de Charleroi"


PLACES = [
    Entry(
        name="ONEM – Office national de l'emploi",
        aliases=("chômage",),
        address="Bd de l'Empereur 7, 1000 Bruxelles",
    ),
    Entry(name="Chômage – antenne de Schaerbeek", address="Place Colignon 1, 1030 Schaerbeek"),
    Entry(
        name="Écoute violences conjugales (Belgique)",
        aliases=("0800 30 030",),
        address="Rue du Marché 1, 1000 Bruxelles",
    ),
    Entry(name="Violences conjugales info"),
    Entry(name="SPP – informations CPAS", address="Bd du Roi Albert II 30, 1000 Bruxelles"),
    Entry(name="CPAS de la Ville de Bruxelles", address="Rue Haute 298a, 1000 Bruxelles"),
]


@pytest.fixture(scope="module")
def places() -> SearchIndex:
    return SearchIndex(PLACES, thesaurus=Thesaurus(), equivalents={})


def test_a_country_asks_for_its_national_body_before_its_local_offices(
    places: SearchIndex,
) -> None:
    assert names(places, "chômage belgique")[:1] == ["ONEM – Office national de l'emploi"]


def test_a_phone_number_in_an_alias_names_no_departement(places: SearchIndex) -> None:
    hits = places.search("violences conjugales belgique")
    assert hits[0].entry.name == "Écoute violences conjugales (Belgique)"
    assert not places.search("violences conjugales gard")[0].in_place  # 30 is the Gard


def test_the_office_named_for_the_town_comes_before_a_body_merely_seated_there(
    places: SearchIndex,
) -> None:
    assert names(places, "cpas bruxelles")[:1] == ["CPAS de la Ville de Bruxelles"]


def test_a_number_the_thesaurus_names_finds_the_entry_answering_it() -> None:
    thesaurus = Thesaurus(
        synonyms=(("3114", "suicide hotline"),),
        needs=(Need(("idées noires",), ("3114",)),),
    )
    entries = [
        Entry(name="Prévention du suicide – numéro national", phones=(Phone.parse("3114"),)),
        Entry(name="Urgences médicales", phones=(Phone.parse("15"),)),
    ]
    index = SearchIndex(entries, thesaurus=thesaurus, equivalents={})
    assert names(index, "idées noires")[:1] == ["Prévention du suicide – numéro national"]
    assert names(index, "suicide hotline")[:1] == ["Prévention du suicide – numéro national"]


def test_a_body_naming_only_its_country_is_not_called_a_local_office(places: SearchIndex) -> None:
    hit = places.search("violences conjugales belgique")[0]
    assert hit.entry.name == "Écoute violences conjugales (Belgique)" and hit.town == ""
    assert places.search("cpas bruxelles")[0].town == "Bruxelles"


def test_a_price_is_no_departement() -> None:
    """ "moins cher" is what it costs; "caf cher" is the CAF of the Cher."""
    index = SearchIndex(
        [
            Entry(name="Complémentaire santé solidaire", theme="Santé – mutuelle"),
            Entry(name="CAF du Cher", address="4 rue Jean Baffier, 18000 Bourges"),
        ]
    )
    assert index.places_in("une mutuelle moins chère") == []
    assert index.places_in("une mutuelle pas cher") == []
    assert index.places_in("caf cher") == ["cher"]
    hits = index.search("payer moins cher sa mutuelle")
    assert [hit.entry.name for hit in hits][:1] == ["Complémentaire santé solidaire"]


def test_an_age_is_no_departement() -> None:
    index = SearchIndex([Entry(name="CAF du Calvados", address="8 av. du 6 Juin, 14000 Caen")])
    assert index.places_in("ma fille de 14 ans se fait harceler") == []
    assert index.places_in("il a 14 ans") == []
    assert index.places_in("caf 14") == ["14"]


def test_what_a_place_is_called_is_part_of_the_place() -> None:
    """ "ADIL du Rhône et de la *Métropole* de Lyon" is the ADIL, as much as "ADIL de la
    Gironde": a need answered by ADILs ranks both alike."""
    index = SearchIndex(
        [
            Entry(name="ADIL du Rhône et de la Métropole de Lyon", theme="Logement"),
            Entry(name="ADIL de la Gironde", theme="Logement"),
        ]
    )
    for query in ("bail loyer", "adil"):
        scores = {hit.entry.name: hit.score for hit in index.search(query)}
        assert len(scores) == 2 and len(set(scores.values())) == 1, scores


def test_a_country_in_brackets_is_no_name_of_its_own() -> None:
    index = SearchIndex(
        [
            Entry(name="ANEF – titres de séjour en ligne (France)"),
            Entry(name="Violences Femmes Info (France)"),
            Entry(name="Centre de prévention du suicide (Belgique)"),
        ]
    )
    assert index.search("tour de france etape") == []
    assert index.search("belgique pays") == []
    assert index.search("anef france")[0].entry.name.startswith("ANEF")


def test_a_part_of_the_town_in_a_name_is_part_of_its_place() -> None:
    index = SearchIndex(
        [
            Entry(name="impots.gouv.fr – numéro national", theme="Fiscalité"),
            Entry(
                name="SIP Lille Centre",
                theme="Fiscalité",
                address="82 avenue Kennedy, 59000 Lille",
            ),
        ]
    )
    assert names(index, "impots lille")[0] == "SIP Lille Centre"
    assert names(index, "impots")[0] == "impots.gouv.fr – numéro national"


def test_a_word_a_synonym_explains_counts_whole_toward_the_share_a_hit_needs() -> None:
    thesaurus = Thesaurus(synonyms=(("défenseur des droits", "ombudsman"),))
    entries = [*ENTRIES, Entry(name="Défenseur des droits", theme="Droits")]
    index = SearchIndex(entries, thesaurus=thesaurus, equivalents={})
    assert "Défenseur des droits" in names(index, "ombudsman logement")


def test_a_creche_asked_for_in_a_directory_without_one_finds_who_finds_one() -> None:
    index = SearchIndex(
        [
            Entry(name="ONE – Office de la Naissance et de l'Enfance", theme="Famille"),
            Entry(name="Crèche Les Lutins", address="Rue Haute 3, 1000 Bruxelles"),
            Entry(name="Caisse des allocations de chômage", theme="Emploi"),
        ]
    )
    assert names(index, "creche")[:1] == ["Crèche Les Lutins"]
    assert "ONE – Office de la Naissance et de l'Enfance" in names(index, "daycare")


def test_a_verb_says_the_need_its_noun_names() -> None:
    """ "il veut réclamer" is the need "réclamation contre une administration": a need's
    words are typed whole, and a long noun and its verb are one word."""
    thesaurus = Thesaurus(
        needs=(Need(("réclamation contre une administration",), ("défenseur des droits",)),)
    )
    entries = [Entry(name="Défenseur des droits"), Entry(name="Préfecture du Rhône")]
    index = SearchIndex(entries, thesaurus=thesaurus, equivalents={})
    assert names(index, "réclamer contre une administration") == ["Défenseur des droits"]


def test_no_right_to_unemployment_benefit_is_the_cpas() -> None:
    """Out of work with no right to benefits: the CPAS (revenu d'intégration) beside the job
    centre, with the shipped thesaurus; said alone, the CPAS only."""
    entries = [
        Entry(name="CPAS / OCMW de Bruxelles", address="Rue Haute 298a, 1000 Bruxelles"),
        Entry(
            name="Actiris – Service Chercheurs d'emploi", address="Bd Anspach 65, 1000 Bruxelles"
        ),
        Entry(name="France Travail (3949)"),
    ]
    index = SearchIndex(entries)
    query = "elle habite a laeken et a perdu son travail, elle a droit a rien au chomage"
    assert "CPAS / OCMW de Bruxelles" in names(index, query)[:2]
    assert names(index, "elle a droit à rien") == ["CPAS / OCMW de Bruxelles"]


def test_renovating_a_house_is_the_renovation_grant() -> None:
    entries = [
        Entry(
            name="SPW – numéro vert 1718 (Wallonie)",
            address="Place Joséphine-Charlotte 2, 5100 Namur",
        ),
        Entry(name="Fédération des maisons médicales", address="Bd du Midi 25, 1000 Bruxelles"),
    ]
    index = SearchIndex(entries)
    query = (
        "y a des primes pour renover sa maison en wallonie ? il veut un numero pour se renseigner"
    )
    assert names(index, query)[0] == "SPW – numéro vert 1718 (Wallonie)"
