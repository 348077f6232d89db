"""A coordinator runs ``chatbot directory import|export|search`` against a real database."""

from __future__ import annotations

import io
import json
import shutil
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

from app.demo import seed_demo_directory
from app.directory_cli import export_directory, import_directory, search_directory
from chatbot.directory import ChangeKind, Entry, Phone, Visibility
from chatbot.formats.directory_csv import read_entries
from chatbot.i18n import set_language
from chatbot.ids import UserId
from chatbot.ports import DirectoryRepository
from storage import Storage, open_storage

DATA = Path(__file__).parents[1] / "data" / "csv"
COORDINATOR = UserId("console:claire")
NOW = datetime(2024, 6, 1, 9, 30, tzinfo=UTC)


@pytest.fixture
def directory(tmp_path: Path) -> Iterator[DirectoryRepository]:
    storage = open_storage(f"sqlite:///{tmp_path / 'bot.db'}")
    yield storage.directory
    storage.close()


@pytest.fixture
def demo(tmp_path: Path) -> Iterator[Storage]:
    """A fresh install after its first `chatbot run`: the demo directory, nothing else."""
    storage = open_storage(f"sqlite:///{tmp_path / 'demo.db'}")
    seed_demo_directory(storage, at=NOW)
    yield storage
    storage.close()


def run_import(
    directory: DirectoryRepository, path: Path, *, progress: bool | None = None
) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = import_directory(
        directory, path, actor=COORDINATOR, now=NOW, out=out, err=err, progress=progress
    )
    return code, out.getvalue(), err.getvalue()


def comparable(entries: list[Entry]) -> list[Entry]:
    return [replace(e, id=None, last_verified_by=None) for e in entries]


def test_import_french_excel_file(directory: DirectoryRepository) -> None:
    code, out, err = run_import(directory, DATA / "excel_fr_utf8_bom.csv")

    assert (code, err) == (0, "")
    assert "3 created, 0 updated, 0 unchanged" in out
    caf = directory.get_by_name("caf")
    assert caf is not None
    assert caf.phones == (Phone("3230"), Phone("01 40 00 00 00", internal=True))
    assert caf.last_verified_at == datetime(2024, 3, 5, tzinfo=UTC)
    assert [c.actor for c in directory.history(caf.id or 0)] == [COORDINATOR]


def test_reimport_updates_by_name_and_never_duplicates(
    directory: DirectoryRepository, tmp_path: Path
) -> None:
    run_import(directory, DATA / "excel_fr_utf8_bom.csv")

    code, out, _ = run_import(directory, DATA / "excel_fr_ansi.csv")
    assert code == 0
    assert "0 created, 0 updated, 3 unchanged" in out

    edited = tmp_path / "annuaire.csv"
    edited.write_text(
        "nom;téléphone;visibilité\nCAF;3230 | 01 99 99 99 99;public\nCPAM;3646;\n",
        encoding="utf-8",
    )
    code, out, _ = run_import(directory, edited)
    assert code == 0
    assert "1 created, 1 updated, 0 unchanged" in out
    assert [e.name for e in directory.all()] == [
        "Banque alimentaire",
        "CAF",
        "CPAM",
        "Samu social",
    ]
    caf = directory.get_by_name("CAF")
    assert caf is not None
    assert caf.phones == (Phone("3230"), Phone("01 99 99 99 99"))
    # columns the file does not have are left as they were
    assert caf.aliases == ("Caisse d'allocations familiales", "allocs")
    assert caf.address == "67 avenue Jean Jaurès; 75019 Paris"


def test_the_first_import_replaces_the_demo_directory_and_says_so(
    demo: Storage, tmp_path: Path
) -> None:
    seeded = len(demo.directory.all())
    assert seeded > 10
    mine = tmp_path / "annuaire.csv"
    # Only name and phone: the demo CAF it replaces must lend it no alias, hours or notes.
    mine.write_text("name,phone\nCaisse d'allocations familiales (CAF),3230\nMairie,01 02\n")

    code, out, err = run_import(demo.directory, mine)

    assert (code, err) == (0, "")
    assert out.splitlines() == [
        f"{mine}: 2 created, 0 updated, 0 unchanged",
        f"The {seeded} demo entries were replaced.",
    ]
    assert [(e.name, e.phones, e.aliases, e.hours, e.demo) for e in demo.directory.all()] == [
        ("Caisse d'allocations familiales (CAF)", (Phone("3230"),), (), "", False),
        ("Mairie", (Phone("01 02"),), (), "", False),
    ]
    assert not demo.directory.holds_demo()


def test_the_replacement_is_announced_in_french(demo: Storage) -> None:
    seeded = len(demo.directory.all())
    set_language("fr")

    code, out, _ = run_import(demo.directory, DATA / "plain_comma.csv")

    assert code == 0
    assert out.splitlines()[-1] == f"Les {seeded} fiches de démonstration ont été remplacées."


def test_an_import_beside_real_entries_keeps_the_demo_ones(demo: Storage) -> None:
    seeded = demo.directory.all()
    demo.directory.add(Entry(name="Mairie de Lille"), actor=COORDINATOR, at=NOW)

    code, out, _ = run_import(demo.directory, DATA / "plain_comma.csv")

    assert code == 0
    assert out.splitlines() == [f"{DATA / 'plain_comma.csv'}: 3 created, 0 updated, 0 unchanged"]
    entries = demo.directory.all()
    assert len(entries) == len(seeded) + 4
    assert [e for e in entries if e.demo] == seeded


def test_bad_rows_are_all_reported_and_nothing_is_saved(directory: DirectoryRepository) -> None:
    code, out, err = run_import(directory, DATA / "bad_rows.csv")

    assert (code, out) == (1, "")
    lines = err.splitlines()
    assert lines[0] == f"{DATA / 'bad_rows.csv'}: 7 problem(s), nothing was imported:"
    assert [line.split(":")[0] for line in lines[1:]] == [
        "line 3",
        "line 4",
        "line 5",
        "line 7",
        "line 8",
        "line 9",
        "line 10",
    ]
    assert lines[4] == 'line 7: "caf" is also on line 2; a name can appear only once'
    assert directory.all() == []  # CAF on line 2 was fine, yet not saved either


def test_a_bad_row_leaves_earlier_data_untouched(
    directory: DirectoryRepository, tmp_path: Path
) -> None:
    run_import(directory, DATA / "plain_comma.csv")
    before = directory.all()
    changed = tmp_path / "changed.csv"
    changed.write_text("name,phone,visibility\nCPAM,0000,internal\nNew one,1,hidden\n")

    code, _, err = run_import(directory, changed)

    assert code == 1
    assert 'line 3: visibility "hidden"' in err
    assert directory.all() == before


def test_missing_file(directory: DirectoryRepository, tmp_path: Path) -> None:
    code, out, err = run_import(directory, tmp_path / "nowhere.csv")

    assert (code, out) == (1, "")
    assert err == f"Cannot read {tmp_path / 'nowhere.csv'}: no such file or folder\n"


def test_a_file_error_reads_in_french(directory: DirectoryRepository, tmp_path: Path) -> None:
    set_language("fr")
    _code, _out, missing = run_import(directory, tmp_path / "absent.csv")
    _code, _out, folder = run_import(directory, tmp_path)
    assert (
        missing
        == f"Impossible de lire {tmp_path / 'absent.csv'} : fichier ou dossier introuvable\n"
    )
    assert folder == f"Impossible de lire {tmp_path} : c'est un dossier\n"


def test_export_then_import_elsewhere_round_trips(
    directory: DirectoryRepository, tmp_path: Path
) -> None:
    run_import(directory, DATA / "excel_fr_utf8_bom.csv")
    run_import(directory, DATA / "plain_comma.csv")
    out = io.StringIO()
    target = tmp_path / "export.csv"

    assert export_directory(directory, target, excel=False, out=out) == 0

    assert out.getvalue() == f"6 entries exported to {target}\n"
    other_storage = open_storage(f"sqlite:///{tmp_path / 'other.db'}")
    other = other_storage.directory
    code, summary, _ = run_import(other, target)
    imported = other.all()
    internal = other.get_by_name("Banque alimentaire")
    other_storage.close()
    assert code == 0
    assert "6 created" in summary
    assert comparable(imported) == comparable(directory.all())
    assert internal is not None and internal.visibility is Visibility.INTERNAL


def test_excel_export_has_bom_and_semicolons(
    directory: DirectoryRepository, tmp_path: Path
) -> None:
    run_import(directory, DATA / "plain_comma.csv")
    target = tmp_path / "pour-excel.csv"

    export_directory(directory, target, excel=True, out=io.StringIO())

    data = target.read_bytes()
    assert data.startswith(b"\xef\xbb\xbfname;aliases;theme;phone;")
    assert b"\r\nMairie du 19e, accueil;;" in data  # no quotes needed with ;
    assert comparable(read_entries(target)) == comparable(directory.all())


def test_export_to_standard_output(directory: DirectoryRepository) -> None:
    run_import(directory, DATA / "plain_comma.csv")
    out = io.StringIO()

    assert export_directory(directory, "-", excel=False, out=out) == 0

    assert out.getvalue().splitlines()[1].startswith("CPAM,Assurance maladie | Ameli,Santé,")


def test_export_into_a_missing_folder_fails_cleanly(
    directory: DirectoryRepository, tmp_path: Path
) -> None:
    out = io.StringIO()

    assert export_directory(directory, tmp_path / "no" / "x.csv", excel=False, out=out) == 1
    assert out.getvalue().startswith("Cannot write ")


def big_file(tmp_path: Path, rows: int) -> Path:
    path = tmp_path / "big.csv"
    with path.open("w", encoding="utf-8") as stream:
        stream.write("name;theme;phone;notes\n")
        for i in range(rows):
            stream.write(f'Structure {i};Thème {i % 7};01 40 00 {i:05d};"ligne 1\nligne 2"\n')
    return path


def test_large_file_shows_a_progress_bar(directory: DirectoryRepository, tmp_path: Path) -> None:
    code, out, err = run_import(directory, big_file(tmp_path, 1200), progress=True)

    assert code == 0
    assert "1200 created" in out
    frames = err.split("\r")[1:]
    assert frames[0].startswith("Reading big.csv [")
    assert frames[-1].startswith("Reading big.csv [" + "#" * 30 + "] 100%\n")
    assert len(frames) <= 101  # redrawn when the percentage changes, not on every row
    assert err.endswith("Saving 1200 entries…\n")
    assert len(directory.all()) == 1200


def test_no_progress_bar_when_not_on_a_terminal(
    directory: DirectoryRepository, tmp_path: Path
) -> None:
    code, out, err = run_import(directory, big_file(tmp_path, 600))

    assert (code, err) == (0, "")
    assert out == f"{tmp_path / 'big.csv'}: 600 created, 0 updated, 0 unchanged\n"
    assert len(directory.all()) == 600


def test_no_progress_bar_for_small_files(directory: DirectoryRepository) -> None:
    code, out, err = run_import(directory, DATA / "plain_comma.csv", progress=True)

    assert (code, err) == (0, "")
    assert out == f"{DATA / 'plain_comma.csv'}: 3 created, 0 updated, 0 unchanged\n"
    assert len(directory.all()) == 3


@pytest.fixture
def sample_entries() -> list[Entry]:
    path = DATA / "excel_fr_utf8_bom.csv"
    return read_entries(path) + read_entries(DATA / "plain_comma.csv")


def test_search_one_query_as_text(sample_entries: list[Entry]) -> None:
    out = io.StringIO()

    assert search_directory(sample_entries, ["caf"], as_json=False, limit=3, out=out) == 0

    line = out.getvalue()
    assert line.startswith("caf -> CAF [")
    assert line.count("\n") == 1


def test_search_queries_from_stdin_as_json_one_line_each(sample_entries: list[Entry]) -> None:
    stdin = io.StringIO("caf\nzzqxw\n\nassurance maladie\n")
    out = io.StringIO()

    assert search_directory(sample_entries, stdin, as_json=True, limit=2, out=out) == 0

    answers = [json.loads(line) for line in out.getvalue().splitlines()]
    assert len(answers) == 4
    assert answers[0][0]["name"] == "CAF"
    assert answers[0][0]["theme"] == "Famille"
    assert isinstance(answers[0][0]["score"], int | float)
    assert answers[1] == answers[2] == []
    assert answers[3][0]["name"] == "CPAM"
    assert all(len(answer) <= 2 for answer in answers)


def test_search_with_nothing_found_as_text(sample_entries: list[Entry]) -> None:
    out = io.StringIO()

    search_directory(sample_entries, ["zzqxw"], as_json=False, limit=5, out=out)

    assert out.getvalue() == "zzqxw -> (nothing found)\n"


def test_copied_sample_file_imports_from_any_folder(
    directory: DirectoryRepository, tmp_path: Path
) -> None:
    copy = tmp_path / "Annuaire partenaires (export).csv"
    shutil.copy(DATA / "excel_fr_ansi.csv", copy)

    code, out, _ = run_import(directory, copy)

    assert code == 0
    assert out.startswith(f"{copy}: 3 created")


def test_excel_unicode_text_file_imports(directory: DirectoryRepository) -> None:
    code, out, err = run_import(directory, DATA / "excel_fr_unicode_text.txt")

    assert (code, err) == (0, "")
    assert "3 created" in out
    caf = directory.get_by_name("CAF")
    assert caf is not None and caf.address == "67 avenue Jean Jaurès; 75019 Paris"


def test_formula_like_values_are_exported_as_text_and_come_back(
    directory: DirectoryRepository, tmp_path: Path
) -> None:
    formula = '=HYPERLINK("http://evil.example";"CAF")'
    directory.add(
        Entry(name=formula, notes="@SUM(A1)", phones=(Phone("+33 1 23 45 67 89"),)),
        actor=COORDINATOR,
        at=NOW,
    )
    target = tmp_path / "export.csv"

    export_directory(directory, target, excel=True, out=io.StringIO())

    text = target.read_text(encoding="utf-8-sig")
    assert "\n\"'=HYPERLINK(" in text and ";'@SUM(A1);" in text
    assert ";+33 1 23 45 67 89;" in text
    other_storage = open_storage(f"sqlite:///{tmp_path / 'other.db'}")
    code, _, _ = run_import(other_storage.directory, target)
    back = other_storage.directory.all()
    other_storage.close()
    assert code == 0
    assert comparable(back) == comparable(directory.all())


def test_a_nul_character_is_refused_by_line_and_nothing_saved(
    directory: DirectoryRepository, tmp_path: Path
) -> None:
    path = tmp_path / "nul.csv"
    path.write_bytes(b"name,notes\nCAF,ok\nCPAM,\x00\x00\n")

    code, out, err = run_import(directory, path)

    assert (code, out) == (1, "")
    assert err.splitlines()[1:] == ["line 3: contains a NUL character"]
    assert directory.all() == []


def test_reimporting_an_older_file_says_which_chat_edits_it_undoes(
    directory: DirectoryRepository, tmp_path: Path
) -> None:
    run_import(directory, DATA / "excel_fr_utf8_bom.csv")
    exported = tmp_path / "export.csv"
    export_directory(directory, exported, excel=False, out=io.StringIO())
    caf = directory.get_by_name("CAF")
    assert caf is not None and caf.id is not None
    # A coordinator fixes the hours and makes it internal in the chat, then the old file comes back.
    chat_edit: dict[str, object] = {"hours": "Lun–ven 9h–12h", "visibility": Visibility.INTERNAL}
    directory.update(caf.id, chat_edit, actor=UserId("slack:UCOORD"), at=NOW)

    code, out, _ = run_import(directory, exported)

    assert code == 0
    assert "Warning: this file changed back what was edited in the chat since: " in out
    assert "CAF (opening hours, visibility)" in out
    _code, again, _ = run_import(directory, exported)  # now the file's values are the last ones
    assert "Warning" not in again


def test_a_row_renamed_in_the_spreadsheet_is_pointed_out(
    directory: DirectoryRepository, tmp_path: Path
) -> None:
    first = tmp_path / "v1.csv"
    first.write_text(
        "nom;email;site\n"
        "CPAS Ixelles;;https://cpasixelles.be\n"
        "Maison de l'emploi;contact@mde.fr;\n"
        "CAF de Lyon;;https://caf.fr\n"
        "CAF du Nord;;https://caf.fr\n",
        encoding="utf-8",
    )
    run_import(directory, first)
    second = tmp_path / "v2.csv"
    second.write_text(
        "nom;email;site\n"
        "CPAS d'Ixelles;;https://cpasixelles.be\n"  # renamed, nearly the same name
        "Espace emploi;contact@mde.fr;\n"  # renamed, same e-mail
        "CAF de Lyon;;https://caf.fr\n"
        "CAF de Marseille;;https://caf.fr\n",  # a new branch: its site is everyone's
        encoding="utf-8",
    )

    code, out, _ = run_import(directory, second)

    assert code == 0
    assert "«CPAS d'Ixelles» is new but looks like «CPAS Ixelles»" in out
    assert '(remove "CPAS Ixelles")' in out
    assert "«Espace emploi» is new but looks like «Maison de l'emploi»" in out
    assert "CAF de Marseille»" not in out


def test_export_to_an_unknown_extension_writes_nothing_and_names_the_known_ones(
    directory: DirectoryRepository, tmp_path: Path
) -> None:
    out = io.StringIO()
    target = tmp_path / "annuaire.txt"
    assert export_directory(directory, target, excel=False, out=out) == 1
    assert out.getvalue() == (
        f"Cannot write {target}: name it .csv, .xlsx, .ods, .html, .htm or .pdf.\n"
    )
    assert not target.exists()


def test_a_later_verification_date_in_the_file_counts_an_earlier_one_does_not(
    directory: DirectoryRepository, tmp_path: Path
) -> None:
    sheet = tmp_path / "annuaire.csv"
    sheet.write_text("nom;vérifié le\nCAF;05/03/2024\n", encoding="utf-8")
    run_import(directory, sheet)
    sheet.write_text("nom;vérifié le\nCAF;20/05/2024\n", encoding="utf-8")

    _code, out, _ = run_import(directory, sheet)

    caf = directory.get_by_name("CAF")
    assert caf is not None and caf.id is not None
    assert "0 created, 1 updated" in out
    assert caf.last_verified_at == datetime(2024, 5, 20, tzinfo=UTC)
    assert directory.history(caf.id)[-1].kind is ChangeKind.VERIFIED
    sheet.write_text("nom;vérifié le\nCAF;01/01/2024\n", encoding="utf-8")
    _code, older, _ = run_import(directory, sheet)
    assert "0 updated, 1 unchanged" in older
    again = directory.get_by_name("CAF")
    assert again is not None and again.last_verified_at == datetime(2024, 5, 20, tzinfo=UTC)
