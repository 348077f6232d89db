"""A coordinator keeps the directory in a spreadsheet and imports it as CSV."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chatbot import i18n
from chatbot.directory import Entry, Phone, Visibility
from chatbot.formats.directory_csv import (
    COLUMNS,
    RowError,
    read_entries,
    read_table,
    write_entries,
)
from tests.harness import csv_errors

DATA = Path(__file__).parents[1] / "data" / "csv"
HEADER = ",".join(COLUMNS)


def test_french_excel_file_with_bom_semicolons_and_multiline_cells() -> None:
    entries = read_entries(DATA / "excel_fr_utf8_bom.csv")

    assert [e.name for e in entries] == ["CAF", "Samu social", "Banque alimentaire"]
    caf, samu, banque = entries
    assert caf.aliases == ("Caisse d'allocations familiales", "allocs")
    assert caf.phones == (Phone("3230"), Phone("01 40 00 00 00", internal=True))
    assert caf.address == "67 avenue Jean Jaurès; 75019 Paris"
    assert caf.url == "https://caf.fr"  # a bare domain gets https://
    assert caf.last_verified_at == datetime(2024, 3, 5, tzinfo=UTC)  # 05/03/2024 is 5 March
    assert caf.last_verified_by is None
    assert samu.notes == "Ne pas donner\nle numéro interne; toujours le 115"
    assert samu.visibility is Visibility.PUBLIC  # "publique"
    assert samu.last_verified_at is None
    assert banque.visibility is Visibility.INTERNAL  # "interne"
    assert banque.last_verified_at == datetime(2024, 1, 15, tzinfo=UTC)


def test_windows_1252_file_reads_like_its_utf8_twin() -> None:
    ansi = read_entries(DATA / "excel_fr_ansi.csv")

    assert ansi == read_entries(DATA / "excel_fr_utf8_bom.csv")
    assert ansi[0].address == "67 avenue Jean Jaurès; 75019 Paris"


def test_comma_file_with_only_some_columns_quoted_commas_and_blank_lines() -> None:
    entries = read_entries(str(DATA / "plain_comma.csv"))

    assert [e.name for e in entries] == ["CPAM", "Mairie du 19e, accueil", "Restos du cœur"]
    assert entries[0].aliases == ("Assurance maladie", "Ameli")
    assert entries[0].theme == "Santé"
    assert entries[2].phones == ()
    assert all(e.visibility is Visibility.PUBLIC for e in entries)


def test_every_bad_row_is_reported_with_the_line_it_starts_on() -> None:
    assert csv_errors(DATA / "bad_rows.csv") == [
        (3, "the name is empty"),
        (4, '"not-an-email" is not an email address'),
        # the record on lines 5-6 holds a two-line note; it is reported where it starts
        (5, 'visibility "secret" is neither "public" nor "internal"'),
        (7, '"caf" is also on line 2; a name can appear only once'),
        (8, '"32/13/2024" is not a date; write it 2024-03-05 or 05/03/2024'),
        (9, "12 cells but the header has 11 columns"),
        (10, '"ftp://example.org" is not a web address (it should start with https://)'),
    ]


def test_one_row_with_several_problems_reports_each() -> None:
    data = f"{HEADER}\nCAF,,,voir site,caf@,,,,,secret,hier\n".encode()

    assert csv_errors(data) == [
        (2, 'the phone "voir site" has no digits'),
        (2, '"caf@" is not an email address'),
        (2, 'visibility "secret" is neither "public" nor "internal"'),
        (2, '"hier" is not a date; write it 2024-03-05 or 05/03/2024'),
    ]


def test_trailing_empty_cells_are_harmless_but_a_misplaced_quote_is_not() -> None:
    assert [e.name for e in read_entries(b"name,phone\nCAF,3230,,\n")] == ["CAF"]

    [(line, message)] = csv_errors(b'name,phone\nCAF,3230\n"CPAM" 75,3646\n')
    assert line == 3
    assert message.startswith('a quote (") is misplaced')


def test_row_error_reads_as_line_and_reason() -> None:
    assert str(RowError(12, "the name is empty")) == "line 12: the name is empty"


def test_a_file_with_some_columns_keeps_the_others_of_known_entries() -> None:
    known = Entry(id=4, name="CAF", aliases=("allocs",), phones=(Phone("3230"),), notes="N")
    table = read_table(b"name;phone\ncaf;3230 | 01 02 03 04 05\nCPAM;3646\n")

    caf, cpam = table.keeping_missing_columns([known])

    assert table.missing_columns == tuple(c for c in COLUMNS if c not in ("name", "phone"))
    assert caf == replace(
        known, id=None, name="caf", phones=(Phone("3230"), Phone("01 02 03 04 05"))
    )
    assert cpam == Entry(name="CPAM", phones=(Phone("3646"),))


def test_unknown_columns_are_named() -> None:
    [(line, message)] = csv_errors(b"name,phone,fax,Couleur\nCAF,3230,,\n")

    assert line == 1
    assert '"fax", "Couleur"' in message
    assert "name, aliases, theme" in message


def test_the_columns_a_french_error_names_are_accepted_as_a_header() -> None:
    was = i18n.current_language()
    i18n.set_language("fr")
    try:
        [(_line, message)] = csv_errors(b"nom,fax\nCAF,\n")
    finally:
        i18n.set_language(was)
    named = message.split("les colonnes sont : ")[1]
    assert named.startswith("nom, autres noms, thème, téléphone")
    header = ";".join(named.split(", "))

    table = read_table(f"{header}\nCAF;allocs;Famille;3230;;;;;;public;\n".encode())

    assert table.columns == COLUMNS
    assert table.entries[0].aliases == ("allocs",)


def test_headers_as_people_name_columns_in_french() -> None:
    data = (
        "Organisme;Sigle;Catégorie;Numéro de téléphone;Adresse mail;Site internet;"
        "Heures d'ouverture;Commentaires;Date de vérification\n"
        "Caisse d'allocations familiales;CAF;Famille;3230;contact@caf.fr;caf.fr;9h-16h;"
        "gratuit;01/02/2024\n"
    )

    [caf] = read_entries(data.encode())

    assert (caf.name, caf.aliases, caf.theme, caf.email, caf.hours, caf.notes) == (
        "Caisse d'allocations familiales",
        ("CAF",),
        "Famille",
        "contact@caf.fr",
        "9h-16h",
        "gratuit",
    )
    assert caf.phones == (Phone("3230"),)


def test_header_without_name_column() -> None:
    [(line, message)] = csv_errors(b"phone,email\n3230,caf@caf.fr\n")

    assert line == 1
    assert 'no "name" column' in message


def test_french_column_names_are_understood() -> None:
    data = (
        "Nom;Téléphone;Thème;Adresse;Visibilité;Vérifié le\n"
        "CAF;3230;Famille;Paris;interne;01/02/2024\n"
    )

    [caf] = read_entries(data.encode())

    assert caf == Entry(
        name="CAF",
        phones=(Phone("3230"),),
        theme="Famille",
        address="Paris",
        visibility=Visibility.INTERNAL,
        last_verified_at=datetime(2024, 2, 1, tzinfo=UTC),
    )


def test_empty_trailing_header_cells_from_a_spreadsheet_are_ignored() -> None:
    data = b"name;phone;;\nCAF;3230;;\nCPAM;3646;;oops\n"

    assert csv_errors(data) == [(3, "a cell is under a column with no name")]


def test_mixed_encoding_names_the_lines_that_are_not_utf8() -> None:
    data = "name,address\nCAF,Jaurès\n".encode() + "CPAM,Créteil\n".encode("cp1252")

    [(line, message)] = csv_errors(data)

    assert line == 3
    assert "not valid UTF-8" in message


def test_unclosed_quote_is_reported_where_the_record_starts() -> None:
    data = b'name,notes\nCAF,ok\nCPAM,"never closed\nCroix-Rouge,fine\n'

    assert csv_errors(data) == [(3, 'a quoted cell is never closed: a " is missing')]


def test_empty_file_needs_a_header() -> None:
    assert csv_errors(b"\xef\xbb\xbf\r\n\r\n") == [
        (1, "the file is empty: a header line is expected")
    ]


def test_header_only_file_has_no_entries() -> None:
    assert read_entries(f"{HEADER}\n".encode()) == []


def test_cells_are_stripped_and_aliases_deduplicated() -> None:
    data = (
        b"name ; aliases ; phone\n  CAF  ; allocs | Allocs |  | caf  ;  3230 | interne:  01 02  \n"
    )

    [caf] = read_entries(data)

    assert caf.name == "CAF"
    assert caf.aliases == ("allocs", "caf")
    assert caf.phones == (Phone("3230"), Phone("01 02", internal=True))


def test_lists_written_by_hand_with_semicolons_read_like_exported_ones() -> None:
    row = 'CPAM,"Sécurité sociale; ameli | Assurance maladie","3646; 01 02"'
    [cpam] = read_entries(f"name,aliases,phone\n{row}\n".encode())
    assert cpam.aliases == ("Sécurité sociale", "ameli", "Assurance maladie")
    assert cpam.phones == (Phone("3646"), Phone("01 02"))


@pytest.mark.parametrize(
    ("written", "day"),
    [
        ("2024-03-05", datetime(2024, 3, 5, tzinfo=UTC)),
        ("05/03/2024", datetime(2024, 3, 5, tzinfo=UTC)),
        ("5/3/2024 00:00", datetime(2024, 3, 5, tzinfo=UTC)),
        ("2024-03-05T14:30:00", datetime(2024, 3, 5, tzinfo=UTC)),
    ],
)
def test_last_verified_dates_as_spreadsheets_write_them(written: str, day: datetime) -> None:
    [entry] = read_entries(f"name,last_verified\nCAF,{written}\n".encode())

    assert entry.last_verified_at == day


def test_text_stream_source_with_bom() -> None:
    [entry] = read_entries(io.StringIO("\ufeffname;url\nCAF;http://caf.fr\n"))

    assert entry.url == "http://caf.fr"


def test_progress_reports_lines_read_up_to_the_total() -> None:
    rows = "".join(f"Entry {i},{i}\n" for i in range(50))
    calls: list[tuple[int, int]] = []

    read_entries(f"name,phone\n{rows}".encode(), progress=lambda d, t: calls.append((d, t)))

    assert calls[-1] == (51, 51)
    assert [done for done, _ in calls] == sorted(done for done, _ in calls)


def test_written_file_opens_in_excel_and_reads_back() -> None:
    entries = read_entries(DATA / "excel_fr_utf8_bom.csv")
    stream = io.StringIO()

    assert write_entries(entries, stream, delimiter=";", bom=True) == 3

    text = stream.getvalue()
    assert text.startswith("\ufeffname;aliases;theme;phone;")
    assert "3230 | interne: 01 40 00 00 00" in text
    assert read_entries(text.encode("utf-8")) == entries


def test_write_to_path(tmp_path: Path) -> None:
    entries = [Entry(name="CAF", notes='dit "appeler le matin",\npuis; écrire')]
    target = tmp_path / "annuaire.csv"

    write_entries(entries, target)

    assert target.read_bytes().startswith(b"name,aliases,")
    assert read_entries(target) == entries


_text = st.text(alphabet=st.sampled_from(list("abcXYZ éèçœ'\",;\n\t|:-12")), max_size=20).map(
    str.strip
)

_single = _text.map(lambda t: " ".join(t.replace("|", " ").split()))
_item = _single.map(lambda t: " ".join(t.replace(";", " ").split()))  # "|" and ";" part a list


@st.composite
def _entries(draw: st.DrawFn) -> list[Entry]:
    names = draw(st.lists(_single.filter(bool), unique_by=str.casefold, max_size=5))
    return [
        Entry(
            name=name,
            aliases=tuple(draw(st.lists(_item.filter(bool), unique_by=str.casefold))),
            theme=draw(_text),
            phones=tuple(
                draw(
                    st.lists(st.builds(Phone, st.from_regex(r"\A\d[\d ]{0,8}\d\Z"), st.booleans()))
                )
            ),
            email=draw(st.sampled_from(["", "accueil@caf.fr"])),
            url=draw(st.sampled_from(["", "https://www.caf.fr/contact?a=1,2"])),
            address=draw(_text),
            hours=draw(_text),
            notes=draw(_text),
            visibility=draw(st.sampled_from(Visibility)),
            last_verified_at=draw(
                st.none() | st.dates().map(lambda d: datetime(d.year, d.month, d.day, tzinfo=UTC))
            ),
        )
        for name in names
    ]


@settings(max_examples=60, deadline=None)
@given(entries=_entries(), excel=st.booleans())
def test_round_trip(entries: list[Entry], excel: bool) -> None:
    stream = io.StringIO()
    write_entries(entries, stream, delimiter=";" if excel else ",", bom=excel)

    assert read_entries(stream.getvalue().encode("utf-8")) == entries


def test_export_keeps_spreadsheets_from_running_formulas_and_reads_them_back() -> None:
    entry = Entry(
        name='=HYPERLINK("http://evil.example","CAF")',
        notes="@SUM(A1:A9)",
        phones=(Phone("+33 1 23 45 67 89"),),
        address="-rue du Test",
    )
    stream = io.StringIO()
    write_entries([entry], stream)
    written = stream.getvalue()
    assert "'=HYPERLINK" in written
    assert "'@SUM" in written
    assert "'-rue" in written
    assert "'+33" not in written  # a phone stays a phone
    [back] = read_entries(written.encode())
    assert (back.name, back.notes, back.address) == (entry.name, entry.notes, entry.address)
    assert back.phones == entry.phones
