"""``chatbot directory import|export`` with workbooks: .xlsx and .ods round trips (referents
included), errors naming sheet, row and column, formula cells read as their values, and files
saved by LibreOffice itself (skipped where it is not installed)."""

from __future__ import annotations

import io
import shutil
import subprocess
import zipfile
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from app.directory_cli import export_directory, import_directory
from chatbot.directory import Entry, Phone, Referent, Visibility
from chatbot.formats.directory_files import read_directory_file
from chatbot.formats.ods import read_first_sheet, rows_to_ods
from chatbot.i18n import set_language
from chatbot.ids import UserId
from chatbot.ports import DirectoryRepository
from storage import open_storage

COORDINATOR = UserId("console:claire")
NOW = datetime(2024, 6, 1, 9, 30, tzinfo=UTC)
ENTRIES = [
    Entry(
        name="CAF",
        aliases=("Caisse d'allocations familiales",),
        theme="Social",
        phones=(Phone("3230"), Phone("01 40 00 00 00", internal=True)),
        email="contact@caf.fr",
        url="https://caf.fr",
        address="1 rue de la Paix\n75002 Paris",
        hours="lun-ven  9h-17h",
        notes='=HYPERLINK("http://evil")',
        last_verified_at=datetime(2024, 3, 5, tzinfo=UTC),
        referents=(
            Referent(name="Jean Dupont", function="directeur", phone="01 23 45 67 89"),
            Referent(name="Léa Martin", function="+accueil", email="lea@caf.fr", public=True),
        ),
    ),
    Entry(name="CPAM", theme="Santé", phones=(Phone("+33 1 23 45 67 89"),), notes="'t is"),
    Entry(name="Foyer", visibility=Visibility.INTERNAL, notes="@SUM(A1)"),
]
LIBREOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    set_language("en")
    yield
    set_language("fr")


def fill(tmp_path: Path, name: str, entries: list[Entry]) -> DirectoryRepository:
    storage = open_storage(f"sqlite:///{tmp_path / name}")
    for entry in entries:
        storage.directory.add(entry, actor=COORDINATOR, at=NOW)
    return storage.directory


def run_import(directory: DirectoryRepository, path: Path) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = import_directory(directory, path, actor=COORDINATOR, now=NOW, out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def comparable(entries: list[Entry]) -> list[Entry]:
    return sorted(
        (replace(e, id=None, last_verified_by=None, last_verified_by_name="") for e in entries),
        key=lambda e: e.name,
    )


@pytest.mark.parametrize("suffix", [".xlsx", ".ods"])
def test_a_workbook_export_imports_back_to_the_same_directory(tmp_path: Path, suffix: str) -> None:
    source = fill(tmp_path, "source.db", ENTRIES)
    path = tmp_path / f"annuaire{suffix}"
    out = io.StringIO()
    assert export_directory(source, path, excel=False, out=out) == 0
    assert f"3 entries exported to {path}" in out.getvalue()
    assert zipfile.is_zipfile(path)

    target = fill(tmp_path, "target.db", [])
    code, out_text, err = run_import(target, path)

    assert (code, err) == (0, "")
    assert "3 created, 0 updated, 0 unchanged" in out_text
    assert comparable(target.all()) == comparable(source.all())
    caf = target.get_by_name("CAF")
    assert caf is not None and caf.referents == ENTRIES[0].referents
    # Importing it again changes nothing.
    assert "0 created, 0 updated, 3 unchanged" in run_import(target, path)[1]


def test_formula_like_cells_are_written_as_text_in_both_workbooks(tmp_path: Path) -> None:
    directory = fill(tmp_path, "source.db", ENTRIES)
    export_directory(directory, tmp_path / "a.xlsx", excel=False, out=io.StringIO())
    sheet = load_workbook(tmp_path / "a.xlsx").worksheets[0]
    caf_notes = sheet.cell(row=2, column=9)
    assert (caf_notes.value, caf_notes.data_type) == ('\'=HYPERLINK("http://evil")', "s")
    export_directory(directory, tmp_path / "a.ods", excel=False, out=io.StringIO())
    content = zipfile.ZipFile(tmp_path / "a.ods").read("content.xml").decode()
    assert "table:formula" not in content
    assert "&apos;=HYPERLINK" in content or "'=HYPERLINK" in content


def bad_workbook(path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Partenaires"
    sheet.append(["name", "theme", "phone", "email", "referent1_name", "referent1_email"])
    sheet.append(["CAF", "Social", "3230", "contact@caf.fr"])
    sheet.append([])
    sheet.append(["CPAM", "Santé", "pas de numéro", "cpam@", "Paul", "paul@"])
    workbook.save(path)


def test_an_import_error_names_sheet_row_and_column_and_imports_nothing(tmp_path: Path) -> None:
    path = tmp_path / "annuaire.xlsx"
    bad_workbook(path)
    directory = fill(tmp_path, "bot.db", [])

    code, out, err = run_import(directory, path)

    assert (code, out) == (1, "")
    assert err.splitlines()[1:] == [
        'sheet "Partenaires", row 4, column C ("phone"): the phone "pas de numéro" has no digits',
        'sheet "Partenaires", row 4, column D ("email"): "cpam@" is not an email address',
        'sheet "Partenaires", row 4: column "referent1_email": "paul@" is not an email address',
    ]
    assert directory.all() == []


def test_ods_errors_name_the_sheet_too(tmp_path: Path) -> None:
    path = tmp_path / "annuaire.ods"
    rows = [["CAF", "public"], ["CAF", "hidden"]]
    path.write_bytes(rows_to_ods(["nom", "visibilite"], rows, sheet="Feuille1"))
    with pytest.raises(ValueError) as caught:
        read_directory_file(path)
    assert str(caught.value).splitlines() == [
        'sheet "Feuille1", row 3, column B ("visibility"): '
        'visibility "hidden" is neither "public" nor "internal"',
    ]


def test_a_file_that_is_no_workbook_says_so(tmp_path: Path) -> None:
    path = tmp_path / "annuaire.xlsx"
    path.write_text("name\nCAF\n", encoding="utf-8")
    code, _, err = run_import(fill(tmp_path, "bot.db", []), path)
    assert code == 1
    assert "line 1: this is not a readable xlsx spreadsheet" in err


def test_xlsx_formula_cells_are_read_as_their_cached_values(tmp_path: Path) -> None:
    """openpyxl computes nothing: the cached value is written into the XML as Excel and
    LibreOffice save it (``<f>`` and ``<v>`` in the same cell)."""
    path = tmp_path / "formulas.xlsx"
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["name", "phone", "hours"])
    sheet.append(["CAF", "=3000+230", '=CONCAT("9h", "-17h")'])
    workbook.save(path)
    with_values = tmp_path / "with_values.xlsx"
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(with_values, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                text = data.decode()
                text = text.replace("<f>3000+230</f><v />", "<f>3000+230</f><v>3230</v>")
                text = text.replace(
                    '<c r="C2"><f>CONCAT("9h", "-17h")</f><v /></c>',
                    '<c r="C2" t="str"><f>CONCAT("9h", "-17h")</f><v>9h-17h</v></c>',
                )
                assert "<v>3230</v>" in text and "<v>9h-17h</v>" in text, text
                data = text.encode()
            target.writestr(item, data)

    (caf,) = read_directory_file(with_values).entries

    assert caf.phones == (Phone("3230"),)
    assert caf.hours == "9h-17h"


def test_ods_formula_cells_repeats_and_trailing_cells(tmp_path: Path) -> None:
    """What LibreOffice writes: a formula with its office:value, a cell repeated over columns,
    empty rows and columns repeated to the end of the sheet."""
    table = (
        '<table:table table:name="Annuaire">'
        '<table:table-column table:number-columns-repeated="1024"/>'
        "<table:table-row>"
        '<table:table-cell office:value-type="string"><text:p>name</text:p></table:table-cell>'
        '<table:table-cell office:value-type="string"><text:p>phone</text:p></table:table-cell>'
        '<table:table-cell table:number-columns-repeated="2" office:value-type="string">'
        "<text:p>x</text:p></table:table-cell>"
        '<table:table-cell table:number-columns-repeated="1020"/>'
        "</table:table-row>"
        '<table:table-row table:number-rows-repeated="3"><table:table-cell '
        'table:number-columns-repeated="1024"/></table:table-row>'
        "<table:table-row>"
        '<table:table-cell office:value-type="string"><text:p>CAF<text:s text:c="2"/>Paris'
        "</text:p><text:p>bis</text:p></table:table-cell>"
        '<table:table-cell table:formula="of:=3000+230" office:value-type="float" '
        'office:value="3230"><text:p>3 230</text:p></table:table-cell>'
        '<table:table-cell table:number-columns-repeated="1022"/>'
        "</table:table-row>"
        '<table:table-row table:number-rows-repeated="1048570"><table:table-cell '
        'table:number-columns-repeated="1024"/></table:table-row>'
        "</table:table>"
    )
    path = tmp_path / "libre.ods"
    path.write_bytes(rows_to_ods(["name"], [], sheet="Annuaire"))
    with zipfile.ZipFile(path) as source:
        items = [(item, source.read(item.filename)) for item in source.infolist()]
    with zipfile.ZipFile(path, "w") as target:
        for item, data in items:
            if item.filename == "content.xml":
                text = data.decode()
                start = text.index("<table:table ")
                end = text.index("</table:table>") + len("</table:table>")
                data = (text[:start] + table + text[end:]).encode()
            target.writestr(item, data)

    name, rows = read_first_sheet(path.read_bytes())

    assert name == "Annuaire"
    assert rows == [(1, ["name", "phone", "x", "x"]), (5, ["CAF  Paris\nbis", 3230])]


def csv_of(entries_text: str, tmp_path: Path) -> Path:
    path = tmp_path / "annuaire.csv"
    path.write_text(entries_text, encoding="utf-8")
    return path


@pytest.mark.skipif(LIBREOFFICE is None, reason="LibreOffice (soffice) is not installed")
@pytest.mark.parametrize("suffix", ["xlsx", "ods"])
def test_a_file_saved_by_libreoffice_imports(tmp_path: Path, suffix: str) -> None:
    source = csv_of(
        "name,theme,phone,hours,notes,last_verified,referent1_name,referent1_public\n"
        'CAF,Social,3230 | interne: 01 40 00 00 00,"lun-ven 9h-17h",appeler le matin,'
        "2024-03-05,Jean Dupont,internal\n"
        "CPAM,Santé,3646,,,,Léa Martin,public\n",
        tmp_path,
    )
    profile = tmp_path / "lo-profile"
    subprocess.run(
        [
            str(LIBREOFFICE),
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--infilter=CSV:44,34,76",  # comma, double quote, UTF-8
            "--convert-to",
            suffix,
            "--outdir",
            str(tmp_path / "out"),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    converted = tmp_path / "out" / f"annuaire.{suffix}"
    directory = fill(tmp_path, "bot.db", [])

    code, out, err = run_import(directory, converted)

    assert (code, err) == (0, ""), err
    assert "2 created" in out
    caf = directory.get_by_name("CAF")
    assert caf is not None
    assert caf.phones == (Phone("3230"), Phone("01 40 00 00 00", internal=True))
    assert caf.last_verified_at == datetime(2024, 3, 5, tzinfo=UTC)
    assert caf.notes == "appeler le matin"
    assert [(r.name, r.public) for r in caf.referents] == [("Jean Dupont", False)]
    cpam = directory.get_by_name("CPAM")
    assert cpam is not None and cpam.theme == "Santé" and cpam.phones == (Phone("3646"),)
    # Empty cells between values (written as one repeated cell) keep the columns in place.
    assert (cpam.hours, cpam.notes, cpam.last_verified_at) == ("", "", None)
    assert [(r.name, r.public) for r in cpam.referents] == [("Léa Martin", True)]
