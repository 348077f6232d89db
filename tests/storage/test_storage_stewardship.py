"""Contract tests for who verifies entries, flags, per-field checks and lookup counts (every
backend, see conftest)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from chatbot.directory import ChangeKind
from chatbot.errors import EntryNotFound
from storage import Storage, open_storage
from tests.storage.samples import ANA, AT, BOB, caf


def test_assign_keeps_verifier_and_interval_with_history(store: Storage) -> None:
    entry = store.directory.add(caf(), actor=ANA, at=AT)
    assert entry.id is not None and entry.verifier is None and entry.verify_every_days is None
    revision = store.directory.revision()
    later = AT + timedelta(hours=1)
    assigned = store.directory.assign(entry.id, verifier=BOB, every_days=30, actor=ANA, at=later)
    assert (assigned.verifier, assigned.verify_every_days) == (BOB, 30)
    assert store.directory.get(entry.id) == assigned
    assert store.directory.revision() != revision  # cards in search indexes show it
    same = store.directory.assign(entry.id, verifier=BOB, every_days=30, actor=ANA, at=later)
    assert same == assigned
    lines = [(c.kind, c.field, c.old, c.new) for c in store.directory.history(entry.id)]
    assert lines[1:] == [
        (ChangeKind.UPDATED, "verifier", "", BOB),
        (ChangeKind.UPDATED, "interval", "", "30"),
    ]
    with pytest.raises(EntryNotFound):
        store.directory.assign(entry.id + 99, verifier=None, every_days=None, actor=ANA, at=AT)


def test_a_flag_stays_until_verified_or_edited(store: Storage) -> None:
    entry = store.directory.add(caf(), actor=ANA, at=AT)
    assert entry.id is not None
    flagged = store.directory.flag(entry.id, " closed now ", actor=BOB, at=AT)
    assert (flagged.flag, flagged.flagged_by, flagged.flagged_at) == ("closed now", BOB, AT)
    assert store.directory.verify(entry.id, actor=ANA, at=AT, field="phones").flag  # only phones
    verified = store.directory.verify(entry.id, actor=ANA, at=AT, actor_name="Ana")
    assert (verified.flag, verified.flagged_at, verified.last_verified_by_name) == ("", None, "Ana")
    store.directory.flag(entry.id, "wrong hours", actor=BOB, at=AT)
    edited = store.directory.update(entry.id, {"hours": "9-12"}, actor=ANA, at=AT)
    assert edited.flag == "" and edited.flagged_by is None
    kinds = [(c.kind, c.field, c.new) for c in store.directory.history(entry.id)]
    assert (ChangeKind.FLAGGED, "", "closed now") in kinds
    assert (ChangeKind.VERIFIED, "phones", "") in kinds


def test_fields_are_verified_alone(store: Storage) -> None:
    entry = store.directory.add(caf(), actor=ANA, at=AT)
    assert entry.id is not None
    later = AT + timedelta(days=2)
    phones = store.directory.verify(entry.id, actor=BOB, at=later, field="phones")
    assert phones.phones_verified_at == later and phones.last_verified_at is None
    hours = store.directory.verify(entry.id, actor=BOB, at=later, field="hours")
    assert hours.hours_verified_at == later and hours.phones_verified_at == later


def test_lookups_are_counted_without_a_revision_change(store: Storage) -> None:
    entry = store.directory.add(caf(), actor=ANA, at=AT)
    assert entry.id is not None
    revision = store.directory.revision()
    for _n in range(3):
        store.directory.count_lookup(entry.id)
    store.directory.count_lookup(entry.id + 99)  # removed meanwhile: nothing to count
    loaded = store.directory.get(entry.id)
    assert loaded is not None and loaded.lookups == 3
    assert store.directory.revision() == revision


def test_a_departed_verifier_is_released_once(store: Storage, database_url: str) -> None:
    first = store.directory.add(caf(), actor=ANA, at=AT)
    second = store.directory.add(caf(name="CAF du Nord"), actor=ANA, at=AT)
    other = store.directory.add(caf(name="CPAM"), actor=ANA, at=AT)
    for entry, who in ((first, BOB), (second, BOB), (other, ANA)):
        assert entry.id is not None
        store.directory.assign(entry.id, verifier=who, every_days=None, actor=ANA, at=AT)
    again = open_storage(database_url)  # a second process on the same database
    try:
        released = store.directory.release_verifier(BOB, actor=ANA, at=AT)
        assert [e.name for e in released] == ["CAF de Paris", "CAF du Nord"]
        assert all(e.verifier is None for e in released)
        assert again.directory.release_verifier(BOB, actor=ANA, at=AT) == []
    finally:
        again.close()
    kept = store.directory.get_by_name("CPAM")
    assert kept is not None and kept.verifier == ANA
