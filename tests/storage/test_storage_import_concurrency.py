"""A big import on SQLite never makes a chat command writing meanwhile fail "database is locked".

The import is worked out outside the write transaction and written in one short one; these
tests write from another engine (another bot process) while it runs.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from chatbot.directory import Entry, ImportResult, Phone
from chatbot.ids import UserId
from storage import Storage, directory_repo, open_storage
from tests.storage.samples import ANA, AT

ROWS = 20_000
BOB = UserId("console:bob")


def many_entries(hours: str = "9h-17h") -> list[Entry]:
    return [
        Entry(
            name=f"Point d'accueil {n}", theme="social", phones=(Phone("0102030405"),), hours=hours
        )
        for n in range(ROWS)
    ]


class WritesWhileRead(list[Entry]):
    """Entries that, the first time the import reads them, wait for ``write`` to be done by
    another thread: done while the import is worked out, unless the import holds the lock."""

    def __init__(self, entries: list[Entry], write: threading.Thread) -> None:
        super().__init__(entries)
        self.write = write
        self.wrote_meanwhile: bool | None = None

    def __iter__(self) -> Iterator[Entry]:
        if self.wrote_meanwhile is None:
            self.write.start()
            self.write.join(timeout=5)
            self.wrote_meanwhile = not self.write.is_alive()
        return super().__iter__()


def keep_writing(bot: Storage, stop: threading.Event, outcomes: list[str]) -> None:
    """What chat commands write: missed searches, conversation state."""
    n = 0
    while not stop.is_set():
        try:
            bot.missed_searches.record(f"query {n}", user_id=BOB, at=AT)
            bot.state.set("last", str(n))
            outcomes.append("ok")
        except Exception as error:  # the outcome under test: any failure is recorded
            outcomes.append(repr(error))
        n += 1


def test_writes_from_another_bot_during_a_big_import_all_succeed(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'bot.db'}"
    importer, other_bot = open_storage(url), open_storage(url)
    stop, outcomes = threading.Event(), list[str]()
    writer = threading.Thread(target=keep_writing, args=(other_bot, stop, outcomes))
    writer.start()
    try:
        created = importer.directory.import_entries(many_entries(), actor=ANA, at=AT)
        updated = importer.directory.import_entries(many_entries("8h-12h"), actor=ANA, at=AT)
    finally:
        stop.set()
        writer.join()
    try:
        assert created == ImportResult(created=ROWS)
        assert updated == ImportResult(updated=ROWS)
        assert len(importer.directory.all()) == ROWS
        assert outcomes and all(outcome == "ok" for outcome in outcomes), set(outcomes)
    finally:
        importer.close()
        other_bot.close()


def test_another_bot_writes_while_an_import_is_worked_out(tmp_path: Path) -> None:
    """Deterministic: a write is issued in the middle of working the import out."""
    url = f"sqlite:///{tmp_path / 'bot.db'}"
    importer, other_bot = open_storage(url), open_storage(url)
    outcomes: list[str] = []
    entries = WritesWhileRead(
        many_entries(), threading.Thread(target=_write_once, args=(other_bot, outcomes))
    )
    try:
        result = importer.directory.import_entries(entries, actor=ANA, at=AT)
        entries.write.join()
        assert result == ImportResult(created=ROWS)
        assert entries.wrote_meanwhile and outcomes == ["ok"]
        assert other_bot.state.get("during-import") == "written"
    finally:
        importer.close()
        other_bot.close()


def _write_once(bot: Storage, outcomes: list[str]) -> None:
    try:
        bot.state.set("during-import", "written")
        outcomes.append("ok")
    except Exception as error:  # the outcome under test
        outcomes.append(repr(error))


def test_an_import_worked_out_before_an_edit_is_worked_out_again(tmp_path: Path) -> None:
    """Applied as planned, the import would leave the edit in place, unrecorded in its
    history; worked out again, the entry ends as the file says, each change in history."""
    url = f"sqlite:///{tmp_path / 'bot.db'}"
    importer, other_bot = open_storage(url), open_storage(url)
    cpam = importer.directory.add(Entry(name="CPAM", hours="9h"), actor=ANA, at=AT)
    assert cpam.id is not None
    outcomes: list[str] = []

    def edit_notes() -> None:
        other_bot.directory.update(cpam.id or 0, {"notes": "fermé le lundi"}, actor=BOB, at=AT)
        outcomes.append("ok")

    edit = threading.Thread(target=edit_notes)
    entries = WritesWhileRead([Entry(name="CPAM", hours="8h"), Entry(name="CAF")], edit)
    try:
        result = importer.directory.import_entries(entries, actor=ANA, at=AT)
        saved = importer.directory.get(cpam.id)
        history = importer.directory.history(cpam.id)
    finally:
        importer.close()
        other_bot.close()
    assert entries.wrote_meanwhile and outcomes == ["ok"]
    assert result == ImportResult(created=1, updated=1, undone_edits=(("CPAM", "notes"),))
    assert saved is not None and (saved.hours, saved.notes) == ("8h", "")
    assert [(c.actor, c.field) for c in history[2:]] == [(ANA, "hours"), (ANA, "notes")]


def test_a_directory_changing_at_every_try_gets_the_import_under_the_lock(
    store: Storage, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After ``IMPORT_ATTEMPTS`` stale tries (none here) the import is worked out holding the
    write lock: still all or nothing, on both databases."""
    monkeypatch.setattr(directory_repo, "IMPORT_ATTEMPTS", 0)
    store.directory.add(Entry(name="CPAM", hours="9h"), actor=ANA, at=AT)

    result = store.directory.import_entries(
        [Entry(name="CPAM", hours="8h"), Entry(name="CAF")], actor=BOB, at=AT
    )

    assert result == ImportResult(created=1, updated=1)
    assert [(e.name, e.hours) for e in store.directory.all()] == [("CAF", ""), ("CPAM", "8h")]
