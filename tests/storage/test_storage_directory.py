"""Contract tests for the directory repository (every backend, see conftest)."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest

from chatbot.directory import ChangeKind, Entry, Phone, Visibility
from chatbot.errors import EntryNotFound, NameTaken
from storage import Storage
from tests.storage.samples import ANA, AT, BOB, caf


def test_coordinator_adds_an_entry_and_volunteers_find_it_by_any_case(store: Storage) -> None:
    added = store.directory.add(caf(), actor=ANA, at=AT)

    assert added.id is not None
    assert store.directory.get(added.id) == added
    assert store.directory.get_by_name("caf DE paris") == added
    assert store.directory.get_by_name("  CAF   de Paris ") == added
    assert store.directory.get_by_name("CPAM") is None
    assert store.directory.get(added.id + 1000) is None


def test_every_field_round_trips(store: Storage) -> None:
    added = store.directory.add(
        caf(visibility=Visibility.INTERNAL, last_verified_at=AT, last_verified_by=BOB),
        actor=ANA,
        at=AT,
    )

    loaded = store.directory.get_by_name("CAF de Paris")
    assert loaded == added
    assert loaded is not None
    assert loaded.phones == (Phone("3230"), Phone("01 40 00 00 00", internal=True))
    assert loaded.aliases == ("caf", "allocations familiales")
    assert loaded.internal
    assert loaded.last_verified_by == BOB


def test_adding_a_name_that_exists_in_another_case_is_refused(store: Storage) -> None:
    store.directory.add(caf(), actor=ANA, at=AT)

    with pytest.raises(NameTaken):
        store.directory.add(Entry(name="caf de PARIS"), actor=BOB, at=AT)
    assert len(store.directory.all()) == 1


def test_all_lists_entries_by_name(store: Storage) -> None:
    for name in ("Samu social", "cpam", "CAF de Paris", "Banque alimentaire"):
        store.directory.add(Entry(name=name), actor=ANA, at=AT)

    names = [entry.name for entry in store.directory.all()]

    assert names == ["Banque alimentaire", "CAF de Paris", "cpam", "Samu social"]


def test_update_writes_one_history_line_per_changed_field(store: Storage) -> None:
    entry = store.directory.add(caf(), actor=ANA, at=AT)
    assert entry.id is not None

    updated = store.directory.update(
        entry.id,
        {"phones": (Phone("3230"),), "hours": "lun-ven 9h-17h", "theme": "Famille"},
        actor=BOB,
        at=AT + timedelta(hours=1),
    )

    assert updated.phones == (Phone("3230"),)
    assert updated.hours == "lun-ven 9h-17h"
    history = store.directory.history(entry.id)
    assert [(c.kind, c.field) for c in history] == [
        (ChangeKind.CREATED, ""),
        (ChangeKind.UPDATED, "phones"),
        (ChangeKind.UPDATED, "hours"),
    ]
    phones = history[1]
    assert (phones.old, phones.new) == ("3230 | interne: 01 40 00 00 00", "3230")
    assert phones.actor == BOB
    assert phones.at == AT + timedelta(hours=1)
    assert store.directory.get(entry.id) == updated


def test_update_accepts_values_typed_as_text(store: Storage) -> None:
    entry = store.directory.add(caf(), actor=ANA, at=AT)
    assert entry.id is not None

    updated = store.directory.update(
        entry.id,
        {"phones": "3230 | interne: 01 99", "visibility": "interne", "aliases": "caf | cnaf"},
        actor=BOB,
        at=AT,
    )

    assert updated.phones == (Phone("3230"), Phone("01 99", internal=True))
    assert updated.visibility is Visibility.INTERNAL
    assert updated.aliases == ("caf", "cnaf")


def test_update_without_real_change_leaves_history_and_revision_alone(store: Storage) -> None:
    entry = store.directory.add(caf(), actor=ANA, at=AT)
    assert entry.id is not None
    revision = store.directory.revision()

    same = store.directory.update(entry.id, {"email": "contact@caf.fr"}, actor=BOB, at=AT)

    assert same == entry
    assert store.directory.revision() == revision
    assert len(store.directory.history(entry.id)) == 1


def test_rename_to_a_taken_name_is_refused_and_nothing_changes(store: Storage) -> None:
    store.directory.add(Entry(name="CPAM"), actor=ANA, at=AT)
    entry = store.directory.add(caf(), actor=ANA, at=AT)
    assert entry.id is not None

    with pytest.raises(NameTaken):
        store.directory.update(entry.id, {"name": "cpam", "hours": "9h"}, actor=BOB, at=AT)

    assert store.directory.get(entry.id) == entry
    renamed = store.directory.update(entry.id, {"name": "Caf de Paris"}, actor=BOB, at=AT)
    assert renamed.name == "Caf de Paris"


def test_updating_a_missing_entry_raises(store: Storage) -> None:
    with pytest.raises(EntryNotFound):
        store.directory.update(404, {"hours": "9h"}, actor=ANA, at=AT)
    with pytest.raises(EntryNotFound):
        store.directory.verify(404, actor=ANA, at=AT)
    with pytest.raises(EntryNotFound):
        store.directory.remove(404, actor=ANA, at=AT)


def test_unknown_field_is_refused(store: Storage) -> None:
    entry = store.directory.add(caf(), actor=ANA, at=AT)
    assert entry.id is not None

    with pytest.raises(ValueError, match="editable"):
        store.directory.update(entry.id, {"id": 7}, actor=ANA, at=AT)


def test_removed_entry_keeps_its_history_and_its_id_is_not_reused(store: Storage) -> None:
    entry = store.directory.add(caf(), actor=ANA, at=AT)
    assert entry.id is not None
    store.directory.update(entry.id, {"hours": "9h-12h"}, actor=ANA, at=AT)

    removed = store.directory.remove(entry.id, actor=BOB, at=AT + timedelta(days=1))

    assert removed.name == "CAF de Paris"
    assert store.directory.get(entry.id) is None
    assert store.directory.get_by_name("CAF de Paris") is None
    history = store.directory.history(entry.id)
    assert [c.kind for c in history] == [
        ChangeKind.CREATED,
        ChangeKind.UPDATED,
        ChangeKind.REMOVED,
    ]
    assert history[-1].entry_name == "CAF de Paris"
    assert history[-1].actor == BOB
    removal = store.directory.removed_named("caf  de PARIS")
    assert removal is not None and removal.entry_id == entry.id
    assert store.directory.removed_named("CAF de Lyon") is None
    again = store.directory.add(caf(), actor=ANA, at=AT)
    assert again.id != entry.id
    assert len(store.directory.history(entry.id)) == 3


def test_verify_records_who_checked_and_when(store: Storage) -> None:
    entry = store.directory.add(caf(), actor=ANA, at=AT)
    assert entry.id is not None
    checked_at = AT + timedelta(days=30)

    verified = store.directory.verify(entry.id, actor=BOB, at=checked_at)

    assert verified.last_verified_at == checked_at
    assert verified.last_verified_by == BOB
    assert store.directory.get(entry.id) == verified
    assert store.directory.history(entry.id)[-1].kind is ChangeKind.VERIFIED


def test_revision_grows_with_every_directory_write(store: Storage) -> None:
    seen = [store.directory.revision()]
    entry = store.directory.add(caf(), actor=ANA, at=AT)
    assert entry.id is not None
    seen.append(store.directory.revision())
    store.directory.update(entry.id, {"hours": "9h"}, actor=ANA, at=AT)
    seen.append(store.directory.revision())
    store.directory.verify(entry.id, actor=ANA, at=AT)
    seen.append(store.directory.revision())
    store.directory.remove(entry.id, actor=ANA, at=AT)
    seen.append(store.directory.revision())

    assert seen == sorted(set(seen))


def test_datetimes_come_back_aware_in_utc(store: Storage) -> None:
    paris = AT.astimezone(ZoneInfo("Europe/Paris"))
    entry = store.directory.add(caf(), actor=ANA, at=paris)
    assert entry.id is not None
    store.directory.verify(entry.id, actor=ANA, at=paris)

    loaded = store.directory.get(entry.id)
    assert loaded is not None
    assert loaded.last_verified_at is not None
    assert loaded.last_verified_at.utcoffset() == timedelta(0)
    assert loaded.last_verified_at == AT
    assert all(c.at.utcoffset() == timedelta(0) for c in store.directory.history(entry.id))


def test_naive_datetimes_are_refused(store: Storage) -> None:
    with pytest.raises(Exception, match="naive"):
        store.directory.add(caf(), actor=ANA, at=AT.replace(tzinfo=None))
    assert store.directory.all() == []
