"""``chatbot db backup`` / ``db restore``: a SQLite round trip (online, while the bot holds the
database open), a restore only into an empty database and only of a known migration level, and
on PostgreSQL the ``pg_dump`` / ``pg_restore`` lines, never with the password."""

from __future__ import annotations

import io
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from app import db_cli
from storage import open_storage
from storage.engine import normalize_url
from storage.migrate import current_revision, head_revision
from tests.harness import Chat, say_as

ROOT = Path(__file__).resolve().parents[2]


def rows(path: Path) -> dict[str, int]:
    """Each table of the SQLite file at ``path`` and its row count."""
    with sqlite3.connect(path) as db:
        names = [n for (n,) in db.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        return {name: db.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0] for name in names}


def run(action: str, url: str, file: Path, data_dir: Path) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    act = db_cli.backup if action == "backup" else db_cli.restore
    code = act(url, file, data_dir=data_dir, out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def test_sqlite_round_trip_while_the_bot_runs(tmp_path: Path) -> None:
    chat = Chat(tmp_path / "live")
    try:
        say_as(chat, "console:ada", "role slack:U0BOB coordinator")
        live = tmp_path / "live" / "bot.sqlite3"
        code, out, err = run(
            "backup", chat.settings.database_url, tmp_path / "copy.db", live.parent
        )
        assert code == 0, err
        before = rows(live)
    finally:
        chat.close()
    assert "copy.db" in out
    assert "matrix-session.json" in out and "matrix-store" in out  # named as files to keep
    restored = tmp_path / "new" / "bot.sqlite3"
    code, out, err = run("restore", f"sqlite:///{restored}", tmp_path / "copy.db", tmp_path)
    assert code == 0, err
    assert rows(restored) == before
    assert before["entry"] > 0
    again = Chat(tmp_path / "new")
    try:
        assert "coordinator" in say_as(again, "console:ada", "roles").lower()
        assert "U0BOB" in say_as(again, "console:ada", "roles")
    finally:
        again.close()


def test_restore_refuses_a_database_that_is_not_empty(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'chatbot.sqlite3'}"
    open_storage(url).close()
    code, _out, _err = run("backup", url, tmp_path / "copy.db", tmp_path)
    assert code == 0
    code, out, err = run("restore", url, tmp_path / "copy.db", tmp_path)
    assert code == 1
    assert "is not empty" in err and out == ""


def test_restore_refuses_an_unknown_migration_level_or_another_file(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'chatbot.sqlite3'}"
    open_storage(url).close()
    run("backup", url, tmp_path / "copy.db", tmp_path)
    with sqlite3.connect(tmp_path / "copy.db") as db:
        db.execute("UPDATE alembic_version SET version_num = '9999_future'")
    target = tmp_path / "new" / "chatbot.sqlite3"
    code, _out, err = run("restore", f"sqlite:///{target}", tmp_path / "copy.db", tmp_path)
    assert code == 1
    assert "unknown migration level (9999_future)" in err
    assert not target.exists() or rows(target) == {}
    (tmp_path / "notes.txt").write_text("not a database at all, just some text " * 40)
    code, _out, err = run("restore", f"sqlite:///{target}", tmp_path / "notes.txt", tmp_path)
    assert code == 1
    assert "is not a backup" in err
    code, _out, err = run("restore", f"sqlite:///{target}", tmp_path / "missing.db", tmp_path)
    assert code == 1 and "No backup file" in err


def test_an_older_backup_is_brought_to_the_current_level(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'chatbot.sqlite3'}"
    open_storage(url).close()
    run("backup", url, tmp_path / "copy.db", tmp_path)
    target = tmp_path / "new" / "chatbot.sqlite3"
    code, _out, err = run("restore", f"sqlite:///{target}", tmp_path / "copy.db", tmp_path)
    assert code == 0, err
    storage = open_storage(f"sqlite:///{target}")
    try:
        assert current_revision(storage.engine) == head_revision()
    finally:
        storage.close()


def test_the_commands_end_to_end(tmp_path: Path) -> None:
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "MATRIX_"))},
        "PYTHONPATH": str(ROOT),
        "BOT_LANGUAGE": "en",
        "DATABASE_URL": "",
        "LOG_LEVEL": "WARNING",
    }

    def chatbot(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "app", *args],
            env={**env, "BOT_DATA_DIR": str(data_dir)},
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )

    assert chatbot(tmp_path / "a", "db", "upgrade").returncode == 0
    done = chatbot(tmp_path / "a", "db", "backup", str(tmp_path / "b.db"))
    assert done.returncode == 0, done.stderr
    assert "Database copied to" in done.stdout
    done = chatbot(tmp_path / "b", "db", "restore", str(tmp_path / "b.db"))
    assert done.returncode == 0, done.stderr
    assert rows(tmp_path / "b" / "chatbot.sqlite3") == rows(tmp_path / "a" / "chatbot.sqlite3")
    done = chatbot(tmp_path / "b", "db", "restore", str(tmp_path / "b.db"))
    assert done.returncode == 1 and "not empty" in done.stderr


def test_postgresql_prints_the_lines_to_use_never_the_password(database_url: str) -> None:
    if not database_url.startswith("postgresql"):
        pytest.skip("the pg_dump and pg_restore lines are for PostgreSQL")
    url = normalize_url(database_url).set(password="s3cr3t-pw")
    with_password = url.render_as_string(hide_password=False)
    code, out, err = run("backup", with_password, Path("bot.dump"), Path("/var/lib/chatbot"))
    assert code == 0, err
    assert f"pg_dump --host={url.host}" in out
    assert f"--dbname={url.database} --format=custom --file=bot.dump" in out
    assert "s3cr3t-pw" not in out + err
    assert "/var/lib/chatbot/matrix-store" in out
    code, out, err = run("restore", database_url, Path("bot.dump"), Path("/tmp"))
    assert code == 0, err  # a new schema: empty
    assert "pg_restore" in out and "--no-owner bot.dump" in out
    open_storage(database_url).close()
    code, out, err = run("restore", database_url, Path("bot.dump"), Path("/tmp"))
    assert code == 1
    assert "is not empty" in err
    assert "s3cr3t-pw" not in err
