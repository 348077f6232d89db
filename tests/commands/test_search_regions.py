"""Belgian regional bodies: named by their region ("Vlaamse ...") or known by name ("VDAB",
"Famiris"), they are the answer in their region, no local office, and not the answer
elsewhere; a seat in another region ("VAPH", seated in Brussels) does not move them."""

from __future__ import annotations

import pytest

from chatbot.directory import Entry
from commands.directory.search import SearchIndex
from tests.commands.test_search import first

FLEMISH_JOBS = "VDAB – klantendienst"
WALLOON_JOBS = "Le Forem"
BRUSSELS_JOBS = "Actiris"
NATIONAL = "ONEM – Office national de l'emploi"
FLEMISH_CHILD = "FONS – Groeipakket"
BRUSSELS_CHILD = "Famiris"
WALLOON_CHILD = "Famiwal"
FLEMISH_DISABILITY = "VAPH – Vlaams Agentschap voor Personen met een Handicap"
WALLOON_DISABILITY = "AVIQ – branche handicap"
FEDERAL_DISABILITY = "DG Personnes handicapées – SPF Sécurité sociale"
BRUSSELS_GAS = "Sibelga – urgence gaz (Bruxelles)"
WALLOON_GAS = "ORES – dépannage (Wallonie)"


@pytest.fixture(scope="module")
def index() -> SearchIndex:
    return SearchIndex(
        [
            Entry(name=FLEMISH_JOBS, theme="Werk", url="https://www.vdab.be"),
            Entry(name=WALLOON_JOBS, theme="Emploi", url="https://www.leforem.be"),
            Entry(name=BRUSSELS_JOBS, theme="Emploi", url="https://www.actiris.brussels"),
            Entry(
                name=NATIONAL,
                theme="Emploi – chômage",
                url="https://www.onem.be",
                address="Boulevard de l'Empereur 7, 1000 Bruxelles",
            ),
            Entry(name=FLEMISH_CHILD, theme="Allocations familiales"),
            Entry(name=BRUSSELS_CHILD, theme="Allocations familiales"),
            Entry(name=WALLOON_CHILD, theme="Allocations familiales"),
            Entry(
                name=FLEMISH_DISABILITY,
                theme="Handicap",
                address="Zenith, Koning Albert II-laan 37, 1030 Brussel",
            ),
            Entry(name=WALLOON_DISABILITY, theme="Handicap"),
            Entry(name=FEDERAL_DISABILITY, theme="Handicap", url="https://handicap.belgium.be"),
            Entry(name=BRUSSELS_GAS, theme="Énergie – gaz et électricité"),
            Entry(name=WALLOON_GAS, theme="Énergie – gaz et électricité"),
            Entry(name="112 – pompiers et ambulance (Belgique)", theme="Urgences – odeur de gaz"),
        ]
    )


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("emploi flandre", FLEMISH_JOBS),
        ("emploi bruxelles", BRUSSELS_JOBS),
        ("brussels employment office", BRUSSELS_JOBS),
        ("employment office flanders", FLEMISH_JOBS),
        ("emploi wallonie", WALLOON_JOBS),
        ("emploi gent", FLEMISH_JOBS),
        ("emploi charleroi", WALLOON_JOBS),
        ("allocations familiales en flandre", FLEMISH_CHILD),
        ("child benefit brussels", BRUSSELS_CHILD),
        ("allocations familiales namur", WALLOON_CHILD),
        ("handicap vlaanderen", FLEMISH_DISABILITY),
        ("disability agency flemish", FLEMISH_DISABILITY),
        ("handicap wallonie", WALLOON_DISABILITY),
        ("gaz ixelles", BRUSSELS_GAS),
        ("ça sent le gaz à etterbeek", BRUSSELS_GAS),
        ("gaz liège", WALLOON_GAS),
    ],
)
def test_a_region_asked_prefers_its_own_body(index: SearchIndex, query: str, expected: str) -> None:
    assert first(index, query) == expected


def test_a_national_body_seated_in_the_region_comes_after_the_regional_one(
    index: SearchIndex,
) -> None:
    names = [hit.entry.name for hit in index.search("emploi bruxelles")]
    assert names.index(BRUSSELS_JOBS) < names.index(NATIONAL)


def test_a_seat_elsewhere_does_not_make_a_local_office(index: SearchIndex) -> None:
    """The Flemish agency seated in Schaerbeek is not Schaerbeek's answer, nor a local office."""
    hits = index.search("handicap schaerbeek")
    names = [hit.entry.name for hit in hits]
    assert names.index(FEDERAL_DISABILITY) < names.index(FLEMISH_DISABILITY)
    assert all(hit.town == "" for hit in hits)


def test_unqualified_regional_bodies_are_no_local_offices(index: SearchIndex) -> None:
    """Without a place, a regional body is not pushed down like "CPAS de Namur" would be."""
    assert [hit.town for hit in index.search("vdab")] == [""]
    assert first(index, "vaph") == FLEMISH_DISABILITY


def test_a_body_named_by_its_country_serves_that_country_s_towns() -> None:
    """ "Écoute violences conjugales (Belgique)" is the answer in Charleroi, before the French
    line: neither is a local office, only one is abroad."""
    index = SearchIndex(
        [
            Entry(
                name="Violences Femmes Info – 3919",
                theme="Violences conjugales",
                url="https://arretonslesviolences.gouv.fr",
            ),
            Entry(name="Écoute violences conjugales (Belgique)", theme="Violences"),
            Entry(name="CPAS de Charleroi", address="Boulevard Joseph II 13, 6000 Charleroi"),
        ]
    )
    assert first(index, "son compagnon la frappe, elle vit à charleroi") == (
        "Écoute violences conjugales (Belgique)"
    )
