"""The `chatbot` command as a newcomer runs it: a fresh machine, piped input, a restart."""

import json
import os
import subprocess
import sys
from pathlib import Path

from sqlalchemy import create_engine, inspect

from chatbot.formats.directory_csv import read_entries
from storage.migrate import current_revision, head_revision


def chatbot(
    data_dir: Path, *args: str, stdin: str = "", log_level: str = "WARNING"
) -> subprocess.CompletedProcess[str]:
    """``log_level`` "": LOG_LEVEL unset, as on a user's machine."""
    env = {
        **os.environ,
        "BOT_DATA_DIR": str(data_dir),
        "BOT_LANGUAGE": "en",
        "DATABASE_URL": "",
        "LOG_LEVEL": log_level,
    }
    env = {
        k: v
        for k, v in env.items()
        if not k.startswith(("SLACK_", "MATRIX_")) and not (k == "LOG_LEVEL" and not v)
    }
    return subprocess.run(
        [sys.executable, "-m", "app", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


def test_run_with_nothing_configured_chats_on_the_demo_directory(tmp_path: Path) -> None:
    result = chatbot(tmp_path, "run", stdin="lookup caf\nlookup 3919\n")
    assert result.returncode == 0, result.stderr
    assert "3230" in result.stdout
    assert "Violences Femmes Info (3919)" in result.stdout
    assert (tmp_path / "chatbot.sqlite3").exists()


def test_console_json_prints_one_reply_per_line(tmp_path: Path) -> None:
    result = chatbot(tmp_path, "console", "--json", stdin="lookup caf\nlokup\n")
    printed = [json.loads(line) for line in result.stdout.splitlines()]
    replies = [p for p in printed if "to" not in p]  # the rest: notifications, also JSON
    assert len(replies) == 2
    assert replies[0]["blocks"][0] == {
        "type": "heading",
        "text": "Caisse d'allocations familiales (CAF)",
    }
    assert "3230" in replies[0]["text"]
    assert replies[1]["text"] == "I don't know the command lokup. Did you mean lookup?"


def test_what_was_said_survives_a_restart(tmp_path: Path) -> None:
    chatbot(tmp_path, "console", "--user", "victor", stdin="suggest caf email a@caf.example\n")
    result = chatbot(tmp_path, "console", stdin="suggestions\n")
    assert "#1 Caisse d'allocations familiales (CAF), E-mail: ∅ → a@caf.example" in result.stdout


def test_public_console_hides_internal_lines(tmp_path: Path) -> None:
    result = chatbot(tmp_path, "console", "--user", "victor", "--public", stdin="lookup caf\n")
    assert "3230" in result.stdout
    assert "01 00 00 00 05" not in result.stdout


def test_db_upgrade_is_idempotent(tmp_path: Path) -> None:
    first = chatbot(tmp_path, "db", "upgrade")
    assert (first.returncode, first.stdout) == (0, "Database up to date.\n"), first.stderr
    engine = create_engine(f"sqlite:///{tmp_path / 'chatbot.sqlite3'}")
    try:
        assert current_revision(engine) == head_revision()
        tables = set(inspect(engine).get_table_names())
        again = chatbot(tmp_path, "db", "upgrade")
        assert (again.returncode, again.stdout) == (0, "Database up to date.\n"), again.stderr
        assert current_revision(engine) == head_revision()
        assert set(inspect(engine).get_table_names()) == tables
        assert {"entry", "anomaly", "outbox", "alembic_version"} <= tables
    finally:
        engine.dispose()


def test_onboarding_load_reports_every_problem_with_its_line(tmp_path: Path) -> None:
    bad = tmp_path / "checklist.yaml"
    bad.write_text("name: volunteer\nlanguage: fr\ntitle: Accueil\ndays:\n  - steps: []\n")
    result = chatbot(tmp_path, "onboarding", "load", str(bad))
    assert result.returncode == 1
    assert "line 5" in result.stderr
    good = Path(__file__).resolve().parents[2] / "commands/onboarding/templates/volunteer.en.yaml"
    loaded = chatbot(tmp_path, "onboarding", "load", str(good))
    assert loaded.returncode == 0, loaded.stderr
    assert "stored as version 1: 4 days, 9 steps" in loaded.stdout


def test_onboarding_enrol_checks_the_whole_file_first(tmp_path: Path) -> None:
    source = tmp_path / "newcomers.csv"
    source.write_text("user,name\nines@example.org,Inès\n")
    result = chatbot(tmp_path, "onboarding", "enrol", str(source))
    assert result.returncode == 1
    assert "nobody was enrolled" in result.stderr
    assert "line 2: column user: ines@example.org looks like an e-mail address" in result.stderr


def test_anomalies_export_writes_every_report(tmp_path: Path) -> None:
    chatbot(tmp_path, "console", "--user", "victor", stdin="report imprimante en panne #materiel\n")
    target = tmp_path / "reports.csv"
    result = chatbot(tmp_path, "anomalies", "export", str(target))
    assert result.returncode == 0, result.stderr
    exported = target.read_text(encoding="utf-8-sig")
    assert "imprimante en panne" in exported
    assert "console:victor" in exported


DEMO_CSV = Path(__file__).resolve().parents[2] / "commands/directory/demo_directory.csv"
BANNER = "Demo directory: import yours with chatbot directory import file.csv"
MINE = "name,phone\nMairie de Lille,03 20 49 50 00\nCCAS de Lille,03 20 49 50 50\n"


def test_importing_first_on_a_fresh_install_keeps_exactly_the_imported_rows(
    tmp_path: Path,
) -> None:
    mine = tmp_path / "annuaire.csv"
    mine.write_text(MINE, encoding="utf-8")

    imported = chatbot(tmp_path, "directory", "import", str(mine))
    assert imported.returncode == 0, imported.stderr
    assert imported.stdout == f"{mine}: 2 created, 0 updated, 0 unchanged\n"
    console = chatbot(tmp_path, "console", stdin="")
    assert BANNER not in console.stdout  # and the console seeded nothing either:

    exported = chatbot(tmp_path, "directory", "export", "-").stdout.splitlines()
    assert [line.split(",")[0] for line in exported] == ["name", "CCAS de Lille", "Mairie de Lille"]


def test_a_file_command_prints_what_it_did_and_no_log_lines(tmp_path: Path) -> None:
    mine = tmp_path / "annuaire.csv"
    mine.write_text(MINE, encoding="utf-8")

    imported = chatbot(tmp_path, "directory", "import", str(mine), log_level="")

    assert imported.returncode == 0
    assert imported.stdout == f"{mine}: 2 created, 0 updated, 0 unchanged\n"
    assert imported.stderr == ""


def test_the_first_import_replaces_the_demo_directory_the_console_announced(
    tmp_path: Path,
) -> None:
    first = chatbot(tmp_path, "console", stdin="")
    assert first.stdout.splitlines() == [BANNER]
    mine = tmp_path / "annuaire.csv"
    mine.write_text(MINE, encoding="utf-8")

    imported = chatbot(tmp_path, "directory", "import", str(mine))

    assert imported.returncode == 0, imported.stderr
    assert imported.stdout.splitlines() == [
        f"{mine}: 2 created, 0 updated, 0 unchanged",
        f"The {len(read_entries(DEMO_CSV))} demo entries were replaced.",
    ]
    assert chatbot(tmp_path, "console", stdin="").stdout == ""
    exported = chatbot(tmp_path, "directory", "export", "-").stdout.splitlines()
    assert len(exported) == 3
