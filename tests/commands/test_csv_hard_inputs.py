"""Files a coordinator should never have made, and cells a spreadsheet must never run."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chatbot.directory import Entry, Phone
from chatbot.formats.directory_csv import COLUMNS, CsvImportError, read_entries, write_entries
from tests.harness import csv_errors

DATA = Path(__file__).parents[1] / "data" / "csv"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
PLAIN_NUMBER = re.compile(r"[+-]?\d[\d .,()]*")


def exported_cells(entries: list[Entry], delimiter: str = ",") -> list[list[str]]:
    stream = io.StringIO()
    write_entries(entries, stream, delimiter=delimiter)
    return list(csv.reader(io.StringIO(stream.getvalue(), newline=""), delimiter=delimiter))


# --- formulas (OWASP CSV injection) ---


@pytest.mark.parametrize(
    "value",
    [
        "=1+1",
        "+cmd|' /C calc'!A0",
        "-2+3",
        "+1-555-0100",  # Excel would subtract
        "@SUM(A1:A9)",
        "\t=1+1",
        "\r=1+1",
        "-",
        "'=already protected by hand",
    ],
)
def test_a_formula_like_cell_is_exported_as_text_and_read_back(value: str) -> None:
    [_, row] = exported_cells([Entry(name="CAF", notes=value)])

    assert row[COLUMNS.index("notes")] == "'" + value
    stream = io.StringIO()
    write_entries([Entry(name="CAF", notes=value)], stream)
    [back] = read_entries(stream.getvalue().encode())
    assert back.notes == value.replace("\r", "\n")  # line breaks get one form on import


@pytest.mark.parametrize("value", ["+33 1 23 45 67 89", "-12", "-12,5", "+33 (0)1 40", "3230"])
def test_plain_numbers_and_phones_are_left_alone(value: str) -> None:
    [_, row] = exported_cells([Entry(name="CAF", notes=value, phones=(Phone(value),))])

    assert row[COLUMNS.index("notes")] == value
    assert row[COLUMNS.index("phone")] == value


@pytest.mark.parametrize("value", ["'t is ok", "'+33 1 23", "''", "'"])
def test_an_apostrophe_a_person_typed_stays(value: str) -> None:
    assert read_entries(f"name,notes\nCAF,{value}\n".encode())[0].notes == value


_PREFIX = st.sampled_from(
    ["", "=", "+", "-", "@", "\t", "\r", "'", "''", "'=", "'\t", "+33 ", "-1"]
)
_CORE = st.text(alphabet=st.sampled_from(list("ab12 =+-@'|().,;\"\t\r\n")), max_size=12)
_VALUE = st.builds(str.__add__, _PREFIX, _CORE).map(str.rstrip).filter(lambda v: v[:1] not in " \n")
"""Import strips cells: only a leading tab or CR (protected like a formula) survives."""


@settings(max_examples=300, deadline=None)
@given(
    name=_VALUE.filter(lambda v: v.strip() and "|" not in v and "\n" not in v),
    values=st.lists(_VALUE, min_size=4, max_size=4),
    phone=st.builds(
        str.__add__, _PREFIX, _CORE.map(lambda v: "1" + v.replace("|", "").replace(";", ""))
    ),
    delimiter=st.sampled_from([",", ";", "\t"]),
)
def test_no_exported_cell_is_a_formula_and_every_value_comes_back(
    name: str, values: list[str], phone: str, delimiter: str
) -> None:
    theme, address, hours, notes = values
    entry = Entry(
        name=name, theme=theme, address=address, hours=hours, notes=notes, phones=(Phone(phone),)
    )
    stream = io.StringIO()
    write_entries([entry], stream, delimiter=delimiter)
    cells = [
        c
        for row in csv.reader(io.StringIO(stream.getvalue(), newline=""), delimiter=delimiter)
        for c in row
    ]

    assert all(c[:1] not in FORMULA_STARTS or PLAIN_NUMBER.fullmatch(c) for c in cells)
    [back] = read_entries(stream.getvalue().encode())
    expected = [one_line_break(v) for v in (name, *values)]
    assert [back.name, back.theme, back.address, back.hours, back.notes] == expected
    assert [p.number for p in back.phones] == [one_line_break(Phone.parse(phone).number)]


def one_line_break(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


# --- encodings ---


def test_excel_unicode_text_reads_like_its_utf8_twin() -> None:
    data = (DATA / "excel_fr_unicode_text.txt").read_bytes()
    assert data.startswith(b"\xff\xfe") and b"\t\x00" in data  # UTF-16 LE, BOM, tabs

    assert read_entries(data) == read_entries(DATA / "excel_fr_utf8_bom.csv")


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be", "utf-16"])
def test_utf16_with_or_without_bom(codec: str) -> None:
    data = "name\tnotes\r\nCAF\tJaurès 😀\r\n".encode(codec)

    [caf] = read_entries(data)

    assert (caf.name, caf.notes) == ("CAF", "Jaurès 😀")


def test_broken_utf16_names_the_line() -> None:
    good = "name\tnotes\r\nCAF\tok\r\n".encode("utf-16-le")
    lone_surrogate = "CPAM\t".encode("utf-16-le") + b"\x00\xd8" + "\r\n".encode("utf-16-le")

    assert csv_errors(b"\xff\xfe" + good + lone_surrogate) == [
        (3, 'this line is not valid UTF-16 text; save the file again as "CSV UTF-8"')
    ]
    assert [line for line, _ in csv_errors(b"\xff\xfe" + good[:-1])] == [2]  # odd byte count


def test_a_workbook_is_not_taken_for_csv() -> None:
    [(line, message)] = csv_errors(b"PK\x03\x04\x14\x00\x06\x00" + bytes(range(256)))

    assert line == 1
    assert message.startswith("this is a spreadsheet workbook")


def test_a_nul_character_is_reported_by_line_and_the_rest_still_checked() -> None:
    data = b"name,email\nCAF,caf@caf.fr\nCP\x00AM,x\x00@\nCroix-Rouge,nope\n"

    assert csv_errors(data) == [
        (3, "contains a NUL character"),
        (3, '"x@" is not an email address'),
        (4, '"nope" is not an email address'),
    ]


# --- sizes ---


def test_a_cell_over_the_field_limit_is_too_long_not_a_misplaced_quote() -> None:
    limit = csv.field_size_limit()
    data = f'name,notes\nCAF,ok\nCPAM,"{"x" * (limit + 1)}\nmore"\nCroix-Rouge,,x\n'.encode()

    assert csv_errors(data) == [
        (3, f"a cell is longer than {limit} characters"),
        (5, "3 cells but the header has 2 columns"),
    ]


def test_a_huge_header_gets_a_short_message() -> None:
    header = ",".join(["name", *(f"column {i}" for i in range(10_000))])

    [(line, message)] = csv_errors(f"{header}\nCAF\n".encode())

    assert line == 1
    assert message.startswith('unknown columns: "column 0", "column 1", "column 2", "column 3"')
    assert "and 9995 more; the columns are: name, aliases" in message
    assert len(message) < 250


def test_a_column_repeated_thousands_of_times_is_reported_once() -> None:
    assert csv_errors(("\t".join(["name"] * 10_000) + "\nCAF\n").encode()) == [
        (1, 'the column "name" appears twice')
    ]


def test_a_long_unknown_column_name_is_cut() -> None:
    [(_, message)] = csv_errors(f"name,{'y' * 5000}\nCAF,1\n".encode())

    assert f'"{"y" * 39}…"' in message
    assert len(message) < 250


# --- fuzz ---

_HEADS = st.sampled_from(
    [
        b"",
        b"name,phone,email,url,visibility,last_verified\n",
        b"\xef\xbb\xbfname;notes\r\n",
        b"\xff\xfe",
        b"\xfe\xff",
        "name\tnotes\n".encode("utf-16-le"),
    ]
)

_CELL_BYTES = st.lists(
    st.sampled_from([b"a", b"1", b" ", b'"', b"'", b"=", b",", b";", b"\t", b"\n", b"\r", b"\x00"])
    | st.sampled_from([b"\xe9", b"\xc3\xa9", b"\xff", b"\xd8", b"\x81", b"|", b"-", b"/"]),
    max_size=60,
).map(b"".join)


@settings(max_examples=500, deadline=None)
@given(head=_HEADS, body=st.binary(max_size=300) | _CELL_BYTES)
def test_any_bytes_give_entries_or_errors_by_line(head: bytes, body: bytes) -> None:
    data = head + body
    lines = max(1, len(re.findall(rb"\r\n|\r|\n", data)) + 1)
    try:
        read_entries(data)
    except CsvImportError as exc:
        assert exc.errors
        for error in exc.errors:
            assert 1 <= error.line <= lines
            assert str(error).startswith(f"line {error.line}: ")
