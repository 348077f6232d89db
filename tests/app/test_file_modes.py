"""What the bot writes on disk is readable by its own user only (issue 11): the database holds
internal numbers and reports, the console history what was typed."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from adapters.console import adapter as console
from app.wiring import build_app
from chatbot.private_files import private_dir
from chatbot.settings import Settings
from tests.harness import no_env


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture(autouse=True)
def permissive_umask() -> Iterator[None]:
    """The usual umask (and a laxer one) must not decide."""
    previous = os.umask(0o002)
    yield
    os.umask(previous)


def _settings(data: Path) -> Settings:
    return no_env(
        Settings,
        database_url=f"sqlite:///{data / 'db' / 'bot.sqlite3'}",
        bot_data_dir=data,
        bot_language="en",
    )


def test_a_new_database_and_its_journal_are_private(tmp_path: Path) -> None:
    app = build_app(_settings(tmp_path / "data"), seed_demo=True)
    try:
        app.storage.state.set("probe", "written")  # the journal files exist now
        folder = tmp_path / "data" / "db"
        names = ("bot.sqlite3", "bot.sqlite3-wal", "bot.sqlite3-shm")  # (the .lock is empty)
        files = [folder / name for name in names]
        assert {p.name: mode(p) for p in files} == {p.name: 0o600 for p in files}
        assert mode(folder) == 0o700 and mode(tmp_path / "data") == 0o700
    finally:
        app.storage.close()


def test_a_database_created_readable_by_all_is_locked_when_opened(tmp_path: Path) -> None:
    database = tmp_path / "db" / "bot.sqlite3"
    database.parent.mkdir()
    build_app(_settings(tmp_path), seed_demo=False).storage.close()
    database.chmod(0o644)
    build_app(_settings(tmp_path), seed_demo=False).storage.close()
    assert mode(database) == 0o600


def test_an_existing_folder_keeps_its_mode(tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir(mode=0o755)
    shared.chmod(0o755)
    private_dir(shared / "a" / "b")
    assert mode(shared) == 0o755
    assert mode(shared / "a") == 0o700 and mode(shared / "a" / "b") == 0o700


def test_the_console_history_is_private(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    readline = pytest.importorskip("readline")
    saved: list[object] = []
    monkeypatch.setattr("atexit.register", lambda *call: saved.append(call))
    history = tmp_path / "data" / "console_history"
    console._enable_history(history)
    assert mode(history) == 0o600 and mode(history.parent) == 0o700

    history.chmod(0o644)  # written by an older version
    console._enable_history(history)
    assert mode(history) == 0o600
    readline.add_history("lookup interne 01 00 00 00 05")
    readline.write_history_file(history)
    assert mode(history) == 0o600
