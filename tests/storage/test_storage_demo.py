"""Contract tests for demo entries: marked as such, and replaced by the first real import."""

from __future__ import annotations

from datetime import timedelta

import pytest

from chatbot.directory import ChangeKind, Entry, ImportResult, Phone, Suggestion
from chatbot.errors import NameTaken
from chatbot.ids import UserId
from storage import Storage
from tests.storage.samples import ANA, AT, BOB, caf

DEMO = UserId("system:demo")


def seed_demo(store: Storage) -> list[Entry]:
    demo = [caf(demo=True), Entry(name="CPAM", phones=(Phone("3646"),), demo=True)]
    store.directory.import_entries(demo, actor=DEMO, at=AT)
    return store.directory.all()


def suggest(store: Storage, entry: Entry, value: str) -> Suggestion:
    assert entry.id is not None
    return store.suggestions.create(
        Suggestion(entry_id=entry.id, field="hours", value=value, suggested_by=ANA, created_at=AT)
    )


def test_the_demo_flag_round_trips(store: Storage) -> None:
    added = store.directory.add(Entry(name="Samu social", demo=True), actor=DEMO, at=AT)
    seed_demo(store)
    real = store.directory.add(Entry(name="Mairie"), actor=ANA, at=AT)
    assert added.id is not None and real.id is not None

    assert added.demo and not real.demo
    assert [(e.name, e.demo) for e in store.directory.all()] == [
        ("CAF de Paris", True),
        ("CPAM", True),
        ("Mairie", False),
        ("Samu social", True),
    ]
    assert store.directory.get(added.id) == added
    found = store.directory.get_by_name("cpam")
    assert found is not None and found.demo
    # An edit changes the fields, not where the entry came from.
    edited = store.directory.update(added.id, {"hours": "24h/24"}, actor=ANA, at=AT)
    assert edited.demo


def test_holds_demo_and_holds_only_demo(store: Storage) -> None:
    assert not store.directory.holds_demo()
    assert not store.directory.holds_only_demo()

    seed_demo(store)
    assert store.directory.holds_demo()
    assert store.directory.holds_only_demo()

    store.directory.add(Entry(name="Mairie"), actor=ANA, at=AT)
    assert store.directory.holds_demo()
    assert not store.directory.holds_only_demo()


def test_a_real_import_into_a_demo_directory_replaces_it(store: Storage) -> None:
    demo_caf, demo_cpam = seed_demo(store)
    assert demo_caf.id is not None and demo_cpam.id is not None
    pending = suggest(store, demo_caf, "9h-12h")
    decided = suggest(store, demo_cpam, "8h-17h")
    assert decided.id is not None and pending.id is not None
    store.suggestions.reject(decided.id, actor=ANA, at=AT, reason="non")
    revision = store.directory.revision()
    later = AT + timedelta(days=1)

    result = store.directory.import_entries(
        [Entry(name="CAF de Paris", phones=(Phone("3230"),)), Entry(name="Mairie")],
        actor=BOB,
        at=later,
    )

    assert result == ImportResult(created=2, replaced_demo=2)
    assert [(e.name, e.phones, e.hours, e.demo) for e in store.directory.all()] == [
        ("CAF de Paris", (Phone("3230"),), "", False),
        ("Mairie", (), "", False),
    ]
    assert not store.directory.holds_demo()
    assert store.directory.revision() > revision
    new_caf = store.directory.get_by_name("caf de paris")
    assert new_caf is not None and new_caf.id != demo_caf.id
    last = store.directory.history(demo_caf.id)[-1]
    assert (last.kind, last.actor, last.at, last.entry_name) == (
        ChangeKind.REMOVED,
        BOB,
        later,
        "CAF de Paris",
    )
    # The pending suggestion on demo data is gone; the decided one stays as a record.
    assert store.suggestions.pending() == []
    assert store.suggestions.get(pending.id) is None
    kept = store.suggestions.get(decided.id)
    assert kept is not None and kept.entry_name == "CPAM"


def test_a_failed_import_keeps_the_demo_directory(store: Storage) -> None:
    demo = seed_demo(store)
    pending = suggest(store, demo[0], "9h-12h")

    with pytest.raises(NameTaken):
        store.directory.import_entries(
            [Entry(name="Mairie"), Entry(name="MAIRIE")], actor=BOB, at=AT
        )

    assert store.directory.all() == demo
    assert store.suggestions.pending() == [pending]


def test_an_import_into_a_directory_with_real_entries_deletes_nothing(store: Storage) -> None:
    seed_demo(store)
    store.directory.add(Entry(name="Mairie"), actor=ANA, at=AT)

    result = store.directory.import_entries(
        [Entry(name="CPAM", phones=(Phone("3646"),), hours="9h"), Entry(name="Samu social")],
        actor=BOB,
        at=AT,
    )

    assert result == ImportResult(created=1, updated=1)
    assert [(e.name, e.demo) for e in store.directory.all()] == [
        ("CAF de Paris", True),
        ("CPAM", True),
        ("Mairie", False),
        ("Samu social", False),
    ]


def test_demo_entries_imported_into_a_demo_directory_replace_nothing(store: Storage) -> None:
    seed_demo(store)

    result = store.directory.import_entries(
        [Entry(name="Samu social", demo=True)], actor=DEMO, at=AT
    )

    assert result == ImportResult(created=1)
    assert [e.name for e in store.directory.all()] == ["CAF de Paris", "CPAM", "Samu social"]
