"""The directory search: a volunteer types what they remember, the right contact comes first."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chatbot.directory import Entry, Phone
from chatbot.formats.directory_csv import read_entries
from commands.directory.search import MIN_SCORE, SearchIndex, fold_query

DEMO = Path(__file__).resolve().parents[2] / "commands" / "directory" / "demo_directory.csv"


@pytest.fixture(scope="module")
def demo() -> SearchIndex:
    return SearchIndex(read_entries(DEMO))


def entry(name: str, *aliases: str, phones: tuple[str, ...] = ()) -> Entry:
    return Entry(name=name, aliases=aliases, phones=tuple(Phone.parse(p) for p in phones))


def first(index: SearchIndex, query: str) -> str | None:
    hits = index.search(query)
    return hits[0].entry.name if hits else None


def names(index: SearchIndex, query: str, limit: int = 5) -> list[str]:
    return [hit.entry.name for hit in index.search(query, limit=limit)]


CAF = "Caisse d'allocations familiales (CAF)"
CPAM = "Caisse primaire d'assurance maladie (CPAM)"
CPAS = "Centre public d'action sociale (CPAS)"
IMPOTS = "Impôts – Finances publiques (DGFiP)"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("securite sociale belgique", "Sécurité sociale (portail belge)"),
        ("prefecture du nord", "Préfecture du Nord"),
        ("cheque energie", "Chèque énergie"),
        ("CHÈQUE ÉNERGIE", "Chèque énergie"),
        ("defenseur des droits", "Défenseur des droits"),
        ("cpas liege", "CPAS de Liège"),
    ],
)
def test_accents_and_case_do_not_matter(demo: SearchIndex, query: str, expected: str) -> None:
    assert first(demo, query) == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("cpma", CPAM),
        ("alocation familliale", CAF),
        ("URSAFF", "Urssaf"),
        ("asurance maladie", CPAM),
        ("mision locale", "Mission locale"),
        ("actiri", "Actiris"),
        ("cfa", CAF),  # two letters swapped in an acronym
    ],
)
def test_typos_still_find_the_entry(demo: SearchIndex, query: str, expected: str) -> None:
    assert first(demo, query) == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("pole emploi", "France Travail"),
        ("ANPE", "France Travail"),
        ("PE", "France Travail"),
        ("ameli", CPAM),
        ("ocmw", CPAS),
        ("riziv", "INAMI"),
        ("carte grise", "Agence nationale des titres sécurisés (ANTS)"),
    ],
)
def test_acronyms_aliases_and_former_names(demo: SearchIndex, query: str, expected: str) -> None:
    assert first(demo, query) == expected


@pytest.mark.parametrize("query", ["c.p.a.s.", "C.P.A.S", "c p a s", "C-P-A-S", "«cpas» ?"])
def test_punctuation_and_spelled_acronyms(demo: SearchIndex, query: str) -> None:
    assert first(demo, query) == CPAS


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("numéro de la caf", CAF),
        ("tel cpas", CPAS),
        ("phone number of cpam", CPAM),
        ("adresse mail impots", IMPOTS),
        ("horaires france travail", "France Travail"),
        ("contact caf", CAF),
        ("site cpam", CPAM),
        ("what is the phone number of the caf?", CAF),
        ("je cherche le numéro de téléphone de la caisse d'allocations familiales", CAF),
    ],
)
def test_filler_words_around_the_name(demo: SearchIndex, query: str, expected: str) -> None:
    assert first(demo, query) == expected


def test_a_phone_number_finds_who_owns_it(demo: SearchIndex) -> None:
    assert first(demo, "119") == "Allô enfance en danger (119)"
    assert first(demo, "0809 401 401") == IMPOTS
    assert first(demo, "0809401401") == IMPOTS
    assert first(demo, "tel 3949") == "France Travail"
    assert first(demo, "+32 2 505 14 11") == "Actiris"
    assert first(demo, "505 14 11") == "Actiris"  # without the area code


def test_a_web_address_or_e_mail_read_on_a_letter_finds_who_owns_it() -> None:
    def site(name: str, url: str = "", email: str = "", address: str = "") -> Entry:
        return Entry(name=name, url=url, email=email, address=address)

    index = SearchIndex(
        [
            site("Allocations nationales", "https://www.caf.fr"),
            site("Bureau du Rhône", "https://www.caf.fr/allocataires/caf-du-rhone", address="Lyon"),
            site("Recouvrement des pensions", "https://pension-alimentaire.caf.fr"),
            site("Maison du handicap", "https://www.mdph31.fr/", address="31000 Toulouse"),
            site("Centre social namurois", email="accueil@cpasnamur.be", address="Namur"),
            site("Ligne des impôts", "https://www.impots.gouv.fr"),
            site("CPAS de Saint-Gilles", "https://cpasstgilles.brussels"),
        ]
    )

    assert first(index, "mdph31.fr") == "Maison du handicap"  # a local office, unqualified
    assert first(index, "le site mdph31.fr") == "Maison du handicap"
    assert first(index, "accueil@cpasnamur.be") == "Centre social namurois"
    assert first(index, "le mail de cpasnamur.be") == "Centre social namurois"
    assert first(index, "impots.gouv") == "Ligne des impôts"
    assert names(index, "www.caf.fr")[:2] == ["Allocations nationales", "Bureau du Rhône"]
    assert first(index, "caf.fr/allocataires/caf-du-rhone/contact") == "Bureau du Rhône"
    assert "Recouvrement des pensions" in names(index, "caf.fr")
    assert first(index, "cpas st.gilles") == "CPAS de Saint-Gilles"  # not an address: words
    assert index.search("inconnu.fr") == []


def test_a_shared_number_lists_every_owner(demo: SearchIndex) -> None:
    assert set(names(demo, "3230")) == {CAF, "CAF de Paris", "CAF du Nord"}


@pytest.mark.parametrize(
    "query",
    [
        "pizza margherita",
        "météo demain",
        "xyzzy",
        "football",
        "recette crêpes",
        "bonjour",
        "asdfgh",
        "licorne magique",
        "12",
        "a",
        "",
        "   ",
        "?!",
        "numéro",
        "0000 000 000",
    ],
)
def test_nonsense_finds_nothing_rather_than_a_random_entry(demo: SearchIndex, query: str) -> None:
    assert demo.search(query) == []


def test_the_entry_known_by_the_word_comes_before_those_merely_containing_it(
    demo: SearchIndex,
) -> None:
    found = names(demo, "caf")
    assert found[0] == CAF
    assert set(found[1:]) == {"CAF de Paris", "CAF du Nord", "Ligne partenaires CAF"}


def test_the_town_decides_between_near_names(demo: SearchIndex) -> None:
    assert names(demo, "caf paris")[0] == "CAF de Paris"
    assert "CAF du Nord" not in names(demo, "caf paris")
    assert first(demo, "caf lille") == "CAF du Nord"
    assert first(demo, "cpas bruxelles") == "CPAS de Bruxelles"
    assert first(demo, "cpas de liège") == "CPAS de Liège"


def test_words_found_in_different_aliases_add_up(demo: SearchIndex) -> None:
    # "ONEM" is the name, "chômage Belgique" an alias; France Travail only knows "chômage".
    assert names(demo, "onem chomage")[:1] == ["ONEM"]


def test_full_partial_glued_and_split_names(demo: SearchIndex) -> None:
    assert first(demo, "caisse d'allocations familiales") == CAF
    assert first(demo, "assurance retr") == "Assurance retraite (CNAV)"
    assert first(demo, "francetravail") == "France Travail"
    assert first(demo, "cyber malveillance") == "Cybermalveillance.gouv.fr"
    assert first(demo, "backoffice pole emploi") == "Back-office France Travail"


def test_words_typed_apart_and_misspelt_are_one_word_of_the_directory() -> None:
    index = SearchIndex(
        [entry("Infor GazElec"), entry("Sibelga – urgence gaz"), entry("Électricité de France")]
    )
    assert first(index, "infor gaz elek") == "Infor GazElec"
    assert first(index, "gaz elek") == "Infor GazElec"
    assert first(index, "gaz") == "Sibelga – urgence gaz"  # a word of its own stays one


def test_hits_are_scored_best_first_within_the_limit(demo: SearchIndex) -> None:
    hits = demo.search("cpas", limit=3)
    assert len(hits) == 3
    scores = [hit.score for hit in hits]
    assert scores == sorted(scores, reverse=True)
    assert all(MIN_SCORE <= score <= 100 for score in scores)
    assert demo.search("cpas", limit=0) == []


def test_identical_names_keep_the_directory_order() -> None:
    index = SearchIndex([entry("CAF de Lyon", phones=("3230",)), entry("CAF de Lyon ")])
    hits = index.search("caf lyon")
    assert [hit.score for hit in hits] == [100.0, 100.0]
    assert hits[0].entry.phones == (Phone("3230"),)


def test_empty_directory_finds_nothing() -> None:
    index = SearchIndex([])
    assert len(index) == 0
    assert index.search("caf") == []


def test_a_common_word_does_not_hide_the_entry_in_a_large_directory() -> None:
    """Thousands of "Saint-..." towns: the rare word still brings the right entry first."""
    towns = [f"Saint-{a}{b}" for a in ("Mar", "Bel", "Roc", "Val") for b in range(1500)]
    entries = [entry(f"Mairie de {town}", f"Hôtel de ville {town}") for town in towns]
    entries.append(entry("Mairie de Saint-Bel77", "Mairie annexe Saint-Bel77"))
    index = SearchIndex(entries)
    assert len(index) == 6001
    assert first(index, "mairie saint bel77") == "Mairie de Saint-Bel77"
    assert first(index, "hotel de ville saint roc1234") == "Mairie de Saint-Roc1234"
    assert len(index.search("saint", limit=5)) == 5


def test_internal_lines_are_found_too_the_caller_decides_what_to_show() -> None:
    index = SearchIndex([entry("Ligne partenaires CAF", phones=("interne: 01 00 00 00 01",))])
    assert first(index, "01 00 00 00 01") == "Ligne partenaires CAF"


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Numéro de la C.P.A.S. ?", "cpas"),
        ("Caisse d’allocations familiales", "caiss allocation familial"),  # plural, feminine
        ("phone number of the CPAM", "cpam"),
        ("Restos du Cœur", "resto coeur"),
        ("l'A.D.I.L.", "adil"),
        ("horaires", "horair"),  # filler alone is kept: it is all there is
        ("logements sociaux", "logement social"),  # the plural of "-al"
        ("Hôpitaux et bureaux", "hopital bureau"),
        ("sa grand-mère et son père", "grandmer"),  # an elder is no filler, a father is
        ("le site internet de la CAF", "caf"),  # where the CAF is reached
        ("accès à internet", "acce internet"),  # a need
        ("réclamation réclamer", "reclam reclam"),  # a long noun meets its verb
        ("allocation allouer", "allocation allou"),  # not a short one: "alloc" is many words
    ],
)
def test_fold_query(text: str, folded: str) -> None:
    assert fold_query(text) == folded


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=60), st.integers(min_value=1, max_value=8))
def test_any_text_gives_at_most_limit_hits_and_never_raises(query: str, limit: int) -> None:
    hits = _SMALL.search(query, limit=limit)
    assert len(hits) <= limit
    assert len({id(hit.entry) for hit in hits}) == len(hits)


_SMALL = SearchIndex(
    [
        entry("CAF de Paris", "CAF 75", phones=("3230",)),
        entry("CPAS de Bruxelles", "OCMW Brussel", phones=("02 543 60 00",)),
        entry("Allô enfance en danger (119)", "119", phones=("119",)),
    ]
)


def test_a_name_in_parts_has_the_initials_of_each_part_only() -> None:
    """ "Maison départementale des personnes handicapées – Nord" is an MDPH; "Solidaris –
    Mutualité socialiste" is no "SMS"."""
    index = SearchIndex(
        [
            Entry(name="Maison départementale des personnes handicapées – Nord"),
            Entry(name="Solidaris – Mutualité socialiste"),
            Entry(name="33700 – signalement des SMS frauduleux"),
        ]
    )
    assert [hit.entry.name for hit in index.search("mdph")] == [
        "Maison départementale des personnes handicapées – Nord"
    ]
    found = [hit.entry.name for hit in index.search("sms")]
    assert found == ["33700 – signalement des SMS frauduleux"]
