"""Referents in the directory CSV: repeated columns, checked cell by cell, round trip through
``chatbot directory export`` and ``import``, and kept when a file has no referent column."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from app.directory_cli import export_directory, import_directory
from chatbot.directory import Entry, Referent
from chatbot.formats.directory_csv import read_table, write_entries
from chatbot.ids import UserId
from storage import open_storage
from tests.harness import csv_errors

COORDINATOR = UserId("console:claire")
NOW = datetime(2024, 6, 1, 9, 30, tzinfo=UTC)
DUPONT = Referent(
    name="Jean Dupont", function="directeur", phone="01 23 45 67 89", email="jean@caf.fr"
)
MARTIN = Referent(name="Léa Martin", function="=accueil", email="lea@caf.fr", public=True)


def test_referents_round_trip_as_repeated_columns() -> None:
    entries = [
        Entry(name="CAF", referents=(DUPONT, MARTIN)),
        Entry(name="CPAM"),
        Entry(name="MDPH", referents=(MARTIN,)),
    ]
    out = io.StringIO()
    write_entries(entries, out)
    header = out.getvalue().splitlines()[0].split(",")
    assert header[-10:] == [
        f"referent{n}_{part}"
        for n in (1, 2)
        for part in ("name", "function", "phone", "email", "public")
    ]
    assert "'=accueil" in out.getvalue()  # a formula-like cell is written as text
    assert read_table(out.getvalue().encode()).entries == entries


def test_french_headers_and_forgiving_visibility_cells() -> None:
    text = (
        "nom;referent1_nom;referent1_fonction;referent1_telephone;referent1_courriel;"
        "referent1_public;referent3_nom;referent3_public\n"
        "CAF;Jean Dupont;directeur;01 23 45 67 89;jean@caf.fr;non;Léa Martin;oui\n"
        "CPAM;;;;;;;\n"
    )
    caf, cpam = read_table(text.encode()).entries
    assert caf.referents == (DUPONT, Referent(name="Léa Martin", public=True))
    assert cpam.referents == ()


def test_a_broken_referent_cell_is_named_by_line_and_column() -> None:
    text = (
        "name,referent1_name,referent1_phone,referent2_name,referent2_email,referent2_public\n"
        "CAF,Jean Dupont,01 23,Léa Martin,lea@caf.fr,public\n"
        "CPAM,Jean Dupont,inconnu,,,\n"
        "MDPH,,,Léa Martin,lea(at)caf.fr,peut-être\n"
        "CNAV,,01 23,,,\n"
    )
    assert csv_errors(text.encode()) == [
        (3, 'column "referent1_phone": the phone "inconnu" has no digits'),
        (4, 'column "referent2_email": "lea(at)caf.fr" is not an email address'),
        (4, 'column "referent2_public": "peut-être" is neither "public" nor "internal"'),
        (5, 'column "referent1_name": a referent needs a name'),
    ]


def test_export_and_import_through_the_cli_keep_referents(tmp_path: Path) -> None:
    source = open_storage(f"sqlite:///{tmp_path / 'source.db'}")
    source.directory.add(Entry(name="CAF", referents=(DUPONT, MARTIN)), actor=COORDINATOR, at=NOW)
    target_file = tmp_path / "annuaire.csv"
    assert export_directory(source.directory, target_file, excel=True, out=io.StringIO()) == 0
    source.close()
    other = open_storage(f"sqlite:///{tmp_path / 'other.db'}")
    out, err = io.StringIO(), io.StringIO()
    code = import_directory(
        other.directory, target_file, actor=COORDINATOR, now=NOW, out=out, err=err
    )
    assert (code, err.getvalue()) == (0, "")
    caf = other.directory.get_by_name("CAF")
    assert caf is not None and caf.referents == (DUPONT, MARTIN)
    # A file without referent columns leaves them as they are.
    plain = tmp_path / "plain.csv"
    plain.write_text("name,phone\nCAF,3230\n", encoding="utf-8")
    assert import_directory(
        other.directory, plain, actor=COORDINATOR, now=NOW, out=out, err=err
    ) == (0)
    kept = other.directory.get_by_name("CAF")
    assert kept is not None and kept.referents == (DUPONT, MARTIN)
    # A broken referent cell imports nothing at all.
    broken = tmp_path / "broken.csv"
    broken.write_text(
        "name,phone,referent1_name,referent1_email\nCAF,3939,,\nCPAM,3646,Paul,paul@\n",
        encoding="utf-8",
    )
    err = io.StringIO()
    assert import_directory(
        other.directory, broken, actor=COORDINATOR, now=NOW, out=out, err=err
    ) == (1)
    assert 'line 3: column "referent1_email": "paul@" is not an email address' in err.getvalue()
    assert other.directory.get_by_name("CPAM") is None
    unchanged = other.directory.get_by_name("CAF")
    assert unchanged is not None and replace(unchanged, id=None) == replace(kept, id=None)
    other.close()
