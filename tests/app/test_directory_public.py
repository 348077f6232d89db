"""``chatbot directory export --public``: the printable list and the public spreadsheets never
hold an internal field (internal entries, notes, internal phones, internal referents); the
internal list is marked on every printed page; everything is escaped."""

from __future__ import annotations

import io
import random
import re
import zipfile
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook

from app.demo import seed_demo_directory
from app.directory_cli import export_directory, import_directory
from chatbot.directory import Entry, Phone, Referent, Visibility
from chatbot.formats.audience import public_view
from chatbot.formats.directory_files import read_directory_file
from chatbot.formats.directory_html import by_theme
from chatbot.i18n import set_language
from chatbot.ids import UserId
from chatbot.ports import DirectoryRepository
from storage import open_storage

COORDINATOR = UserId("console:claire")
NOW = datetime(2024, 6, 1, 9, 30, tzinfo=UTC)
MARKER = "SECRETMARK"
FORMATS = ("annuaire.html", "annuaire.csv", "annuaire.xlsx", "annuaire.ods")


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    set_language("en")
    yield
    set_language("fr")


def generated(count: int = 200, seed: int = 14) -> list[Entry]:
    """Entries whose every internal part carries :data:`MARKER`, public parts never do."""
    rng = random.Random(seed)
    themes = ["Santé", "Social", "Logement", "Emploi", ""]
    entries = []
    for n in range(count):
        internal = rng.random() < 0.2
        phones = [Phone(f"01 {n:02d} 00 00 00")]
        if rng.random() < 0.5:
            phones.append(Phone(f"09 99 {n % 100:02d} 00 01", internal=True))
        referents = [
            Referent(name=f"Public Person {n}", function="accueil", public=True),
            Referent(
                name=f"{MARKER} Agent {n}",
                function=f"{MARKER} fonction",
                phone="06 00 00 00 00",
                email=f"{MARKER.lower()}{n}@example.org",
            ),
        ]
        entries.append(
            Entry(
                name=f"{MARKER} Internal {n}" if internal else f"Service {n} <b>&",
                theme=rng.choice(themes),
                phones=tuple(phones),
                hours="9h-17h",
                notes=f"{MARKER} note {rng.random()}",
                visibility=Visibility.INTERNAL if internal else Visibility.PUBLIC,
                referents=tuple(rng.sample(referents, k=len(referents))),
            )
        )
    return entries


def fill(tmp_path: Path, entries: list[Entry]) -> DirectoryRepository:
    storage = open_storage(f"sqlite:///{tmp_path / 'bot.db'}")
    for entry in entries:
        storage.directory.add(entry, actor=COORDINATOR, at=NOW)
    return storage.directory


def export(directory: DirectoryRepository, path: Path, **flags: bool) -> str:
    out = io.StringIO()
    assert export_directory(directory, path, excel=False, out=out, now=NOW, **flags) == 0, out
    return out.getvalue()


def everything_in(path: Path) -> str:
    """All the text a file holds, whatever its format."""
    if path.suffix == ".xlsx":
        sheet = load_workbook(path).worksheets[0]
        return "\n".join(str(c.value) for row in sheet.iter_rows() for c in row)
    if path.suffix == ".ods":
        return zipfile.ZipFile(path).read("content.xml").decode()
    return path.read_text(encoding="utf-8")


def test_a_public_export_of_a_generated_directory_holds_no_internal_field(
    tmp_path: Path,
) -> None:
    entries = generated()
    internal_phones = {p.number for e in entries for p in e.phones if p.internal}
    directory = fill(tmp_path, entries)
    public_count = sum(not e.internal for e in entries)
    for name in FORMATS:
        path = tmp_path / name
        assert f"{public_count} entries exported" in export(directory, path, public=True)
        text = everything_in(path)
        assert MARKER not in text and MARKER.lower() not in text, name
        assert not any(number in text for number in internal_phones), name
        assert "Public Person 7" in text and "01 07 00 00 00" in text, name
    # The public spreadsheets read back: public entries, no notes, public referents only.
    for name in FORMATS[1:]:
        table = read_directory_file(tmp_path / name)
        assert "notes" not in table.columns
        assert len(table.entries) == public_count
        assert all(r.public for e in table.entries for r in e.referents)


def test_a_public_export_of_the_demo_directory_holds_no_internal_field(tmp_path: Path) -> None:
    storage = open_storage(f"sqlite:///{tmp_path / 'demo.db'}")
    seed_demo_directory(storage, at=NOW)
    entries = storage.directory.all()
    secrets = [e.notes for e in entries if e.notes]
    secrets += [p.number for e in entries for p in e.phones if p.internal]
    secrets += [e.name for e in entries if e.internal]
    secrets += [r.name for e in entries for r in e.referents if not r.public]
    assert secrets, "the demo directory has internal details to hide"
    for name in FORMATS:
        path = tmp_path / name
        export(storage.directory, path, public=True)
        text = everything_in(path)
        assert [s for s in secrets if s in text] == [], name
    storage.close()


def test_the_printable_list_is_by_theme_then_name_escaped_and_dated(tmp_path: Path) -> None:
    entries = [
        Entry(name="Zèbre", theme="Social"),
        Entry(name="<script>alert(1)</script>", theme="Social", url="javascript:alert(1)"),
        Entry(name="école", theme="Social", url="https://ecole.fr/?a=1&b=2"),
        Entry(name="Sans thème"),
        Entry(name="Hôpital", theme="Santé", address="1 rue <X>\nParis"),
    ]
    directory = fill(tmp_path, entries)
    path = tmp_path / "annuaire.html"
    export(directory, path)  # an .html export is public without --public
    html = path.read_text(encoding="utf-8")

    assert [t for t, _ in by_theme(entries)] == ["Santé", "Social", ""]
    assert [e.name for e in by_theme(entries)[1][1]][1:] == ["école", "Zèbre"]
    headings = re.findall(r"<h[23]>([^<]*)", html)
    assert headings == [
        "Santé",
        "Hôpital",
        "Social",
        "&lt;script&gt;alert(1)&lt;/script&gt;",
        "école",
        "Zèbre",
        "Other",
        "Sans thème",
    ]
    assert "<script>" not in html and 'href="javascript' not in html
    assert 'href="https://ecole.fr/?a=1&amp;b=2"' in html
    assert "1 rue &lt;X&gt;" in html
    assert "2024-06-01" in html
    assert "break-before: page" in html and "@media print" in html
    assert "do not share" not in html


def test_the_internal_list_shows_everything_marked_on_every_page(tmp_path: Path) -> None:
    entries = generated(count=20)
    directory = fill(tmp_path, entries)
    path = tmp_path / "annuaire.html"
    assert "20 entries exported" in export(directory, path, internal=True)
    html = path.read_text(encoding="utf-8")

    assert html.count("Internal — do not share") >= 2
    assert re.search(r"\.banner\.top \{ top: 0; \}", html) and "position: fixed" in html
    assert "@top-center" in html and "@bottom-center" in html
    assert all(f"{MARKER} note" in html for e in entries)
    assert f"{MARKER} Agent 3" in html and "(internal)" in html
    assert "<link" not in html and "<script" not in html and "src=" not in html  # self-contained


def test_csv_and_workbook_exports_keep_everything_by_default(tmp_path: Path) -> None:
    entries = generated(count=10)
    directory = fill(tmp_path, entries)
    for name in FORMATS[1:]:
        export(directory, tmp_path / name)
        assert f"{MARKER} note" in everything_in(tmp_path / name), name
        export(directory, tmp_path / name, internal=True)
        assert f"{MARKER} note" in everything_in(tmp_path / name), name


def test_the_pdf_list_embeds_a_unicode_font_and_marks_internal_pages(tmp_path: Path) -> None:
    from chatbot.formats import directory_pdf as pdf_module

    entries = generated(count=30)
    directory = fill(tmp_path, entries)
    path = tmp_path / "annuaire.pdf"
    public_count = sum(not e.internal for e in entries)
    assert f"{public_count} entries exported" in export(directory, path, public=True)
    data = path.read_bytes()
    assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")
    if pdf_module.unicode_font() is not None:
        assert b"DejaVu" in data  # accents print as accents
    themes = len(by_theme(e for e in entries if not e.internal))
    assert data.count(b"/Type /Page\n") >= themes  # each theme starts a page


def test_the_pdf_holds_public_fields_only_unless_internal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With the built-in font and no compression the page text is readable in the file."""
    from chatbot.formats import directory_pdf as pdf_module

    monkeypatch.setattr(pdf_module, "unicode_font", lambda: None)
    entries = generated(count=40)
    public = pdf_module.directory_pdf(public_view(entries), internal=False, at=NOW, compress=False)
    internal = pdf_module.directory_pdf(entries, internal=True, at=NOW, compress=False)
    assert MARKER.encode() not in public and b"Public Person 7" in public
    assert b"do not share" not in public
    assert MARKER.encode() in internal
    pages = internal.count(b"/Type /Page\n")
    assert pages >= 2
    assert internal.count(b"Internal - do not share") >= 2 * pages  # header and footer


def test_a_public_export_edited_and_imported_again_keeps_the_internal_details(
    tmp_path: Path,
) -> None:
    """Someone fixes a public phone in the shared file and imports it: the internal phone and
    the internal referent, which the file could not show, are still there."""
    referents = (
        Referent(name="Léa Accueil", function="accueil", public=True),
        Referent(name="Marc Interne", function="back office", phone="06 00 00 00 00"),
    )
    caf = Entry(
        name="CAF",
        phones=(Phone("3230"), Phone("01 00 00 00 05", internal=True)),
        notes="interne",
        referents=referents,
    )
    directory = fill(tmp_path, [caf])
    path = tmp_path / "annuaire.csv"
    export(directory, path, public=True)
    shared = path.read_text(encoding="utf-8")
    assert "01 00 00 00 05" not in shared and "Marc" not in shared
    path.write_text(shared.replace("3230", "3231"), encoding="utf-8")

    out, err = io.StringIO(), io.StringIO()
    assert import_directory(directory, path, actor=COORDINATOR, now=NOW, out=out, err=err) == 0

    assert "internal phones and referents were kept" in out.getvalue()
    [after] = directory.all()
    assert after.phones == (Phone("3231"), Phone("01 00 00 00 05", internal=True))
    assert after.notes == "interne"
    assert sorted(r.name for r in after.referents) == ["Léa Accueil", "Marc Interne"]


def test_internal_lines_written_as_people_write_them_never_reach_the_public_file(
    tmp_path: Path,
) -> None:
    """A hand-made file marks internal lines its own way: each is read as internal."""
    mine = tmp_path / "mine.csv"
    mine.write_text(
        "name,phone\n"
        "A,03 20 00 12 12 / interne: 09 99 00 00 01\n"
        'B,"03 20 00 00 01, interne: 09 99 00 00 02"\n'
        "C,03 20 00 00 03 | Interne : 09 99 00 00 03\n"
        "D,09 99 00 00 04 (interne)\n"
        "E,int: 09 99 00 00 05\n"
        "F,09 99 00 00 06 - internal\n",
        encoding="utf-8",
    )
    directory = fill(tmp_path, [])
    out, err = io.StringIO(), io.StringIO()
    assert import_directory(directory, mine, actor=COORDINATOR, now=NOW, out=out, err=err) == 0
    a = directory.get_by_name("A")
    assert a is not None
    assert a.phones == (Phone("03 20 00 12 12"), Phone("09 99 00 00 01", internal=True))

    for name in FORMATS[:2]:
        path = tmp_path / name
        export(directory, path, public=True)
        shared = path.read_text(encoding="utf-8")
        assert "03 20 00 12 12" in shared and "03 20 00 00 03" in shared
        assert "09 99" not in shared and "nterne" not in shared
