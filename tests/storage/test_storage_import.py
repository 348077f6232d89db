"""Contract tests for importing a directory (CSV import): create or update by name, atomically."""

from __future__ import annotations

import pytest

from chatbot.directory import ChangeKind, Entry, ImportResult, Phone
from chatbot.errors import NameTaken
from storage import Storage
from tests.storage.samples import ANA, AT, BOB, caf


def test_import_creates_updates_and_counts_unchanged(store: Storage) -> None:
    cpam = store.directory.add(Entry(name="CPAM", phones=(Phone("3646"),)), actor=ANA, at=AT)
    samu = store.directory.add(Entry(name="Samu social", phones=(Phone("115"),)), actor=ANA, at=AT)
    assert cpam.id is not None and samu.id is not None
    revision = store.directory.revision()

    result = store.directory.import_entries(
        [
            caf(),
            Entry(name="cpam", phones=(Phone("3646"),), hours="8h30-17h30"),
            Entry(name="Samu social", phones=(Phone("115"),)),
        ],
        actor=BOB,
        at=AT,
    )

    assert result == ImportResult(created=1, updated=1, unchanged=1)
    assert store.directory.revision() > revision
    assert [e.name for e in store.directory.all()] == ["CAF de Paris", "cpam", "Samu social"]
    created = store.directory.get_by_name("caf de paris")
    assert created is not None and created.id is not None
    assert created.phones == caf().phones
    assert [c.kind for c in store.directory.history(created.id)] == [ChangeKind.CREATED]
    cpam_history = store.directory.history(cpam.id)
    assert [(c.kind, c.field, c.new) for c in cpam_history[1:]] == [
        (ChangeKind.UPDATED, "name", "cpam"),
        (ChangeKind.UPDATED, "hours", "8h30-17h30"),
    ]
    assert len(store.directory.history(samu.id)) == 1


def test_importing_the_same_file_twice_changes_nothing_the_second_time(store: Storage) -> None:
    batch = [caf(), Entry(name="CPAM", phones=(Phone("3646"),))]
    store.directory.import_entries(batch, actor=ANA, at=AT)
    revision = store.directory.revision()

    again = store.directory.import_entries(batch, actor=ANA, at=AT)

    assert again == ImportResult(unchanged=2)
    assert store.directory.revision() == revision


def test_a_batch_with_the_same_name_twice_saves_nothing(store: Storage) -> None:
    existing = store.directory.add(Entry(name="CPAM"), actor=ANA, at=AT)
    revision = store.directory.revision()

    with pytest.raises(NameTaken):
        store.directory.import_entries(
            [Entry(name="Samu social"), Entry(name="CPAM", hours="9h"), caf(), caf(theme="x")],
            actor=BOB,
            at=AT,
        )

    assert store.directory.all() == [existing]
    assert store.directory.revision() == revision


def test_a_nameless_row_late_in_the_batch_rolls_everything_back(store: Storage) -> None:
    existing = store.directory.add(Entry(name="CPAM"), actor=ANA, at=AT)
    assert existing.id is not None

    with pytest.raises(ValueError, match="name"):
        store.directory.import_entries(
            [caf(), Entry(name="CPAM", hours="9h"), Entry(name="   ")], actor=BOB, at=AT
        )

    assert store.directory.all() == [existing]
    assert len(store.directory.history(existing.id)) == 1
