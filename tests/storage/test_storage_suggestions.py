"""Contract tests for suggested edits: a volunteer suggests, a coordinator decides."""

from __future__ import annotations

from datetime import timedelta

import pytest

from chatbot.directory import ChangeKind, Entry, Phone, Suggestion, SuggestionStatus
from chatbot.errors import AlreadyDecided, EntryNotFound, NotFound
from storage import Storage
from tests.storage.samples import ANA, AT, BOB, caf


def _suggest(store: Storage, entry: Entry, field: str, value: str, minutes: int = 0) -> Suggestion:
    assert entry.id is not None
    return store.suggestions.create(
        Suggestion(
            entry_id=entry.id,
            field=field,
            value=value,
            suggested_by=BOB,
            suggested_by_name="Bob",
            created_at=AT + timedelta(minutes=minutes),
        )
    )


def test_volunteer_suggestion_waits_in_the_queue_oldest_first(store: Storage) -> None:
    entry = store.directory.add(caf(), actor=ANA, at=AT)
    later = _suggest(store, entry, "hours", "lun-ven 9h-17h", minutes=5)
    first = _suggest(store, entry, "phones", "3230 | 01 45 00 00 00", minutes=1)

    pending = store.suggestions.pending()

    assert [s.id for s in pending] == [first.id, later.id]
    assert pending[0].entry_name == "CAF de Paris"
    assert pending[0].suggested_by_name == "Bob"
    assert pending[0].status is SuggestionStatus.PENDING
    assert first.id is not None
    assert store.suggestions.get(first.id) == pending[0]
    assert store.suggestions.get(first.id + 1000) is None


def test_approving_applies_the_value_with_history(store: Storage) -> None:
    entry = store.directory.add(caf(), actor=ANA, at=AT)
    assert entry.id is not None
    suggestion = _suggest(store, entry, "phones", "3230 | interne: 01 45 00 00 00")
    assert suggestion.id is not None
    revision = store.directory.revision()

    approved = store.suggestions.approve(suggestion.id, actor=ANA, at=AT + timedelta(hours=2))

    assert approved.status is SuggestionStatus.APPROVED
    assert approved.decided_by == ANA
    assert approved.decided_at == AT + timedelta(hours=2)
    assert approved.entry_name == "CAF de Paris"
    updated = store.directory.get(entry.id)
    assert updated is not None
    assert updated.phones == (Phone("3230"), Phone("01 45 00 00 00", internal=True))
    last = store.directory.history(entry.id)[-1]
    assert (last.kind, last.field, last.new) == (
        ChangeKind.UPDATED,
        "phones",
        "3230 | interne: 01 45 00 00 00",
    )
    assert store.directory.revision() > revision
    assert store.suggestions.pending() == []


def test_approving_a_rename_shows_the_new_name(store: Storage) -> None:
    entry = store.directory.add(caf(), actor=ANA, at=AT)
    suggestion = _suggest(store, entry, "name", "CAF de Paris (siège)")
    assert suggestion.id is not None

    approved = store.suggestions.approve(suggestion.id, actor=ANA, at=AT)

    assert approved.entry_name == "CAF de Paris (siège)"
    assert store.directory.get_by_name("caf de paris (SIÈGE)") is not None


def test_rejecting_keeps_the_entry_and_the_reason(store: Storage) -> None:
    entry = store.directory.add(caf(), actor=ANA, at=AT)
    suggestion = _suggest(store, entry, "hours", "24h/24")
    assert suggestion.id is not None

    rejected = store.suggestions.reject(suggestion.id, actor=ANA, at=AT, reason="pas vérifié")

    assert rejected.status is SuggestionStatus.REJECTED
    assert rejected.reason == "pas vérifié"
    assert store.suggestions.get(suggestion.id) == rejected
    assert store.directory.get(entry.id or 0) == entry


def test_a_decided_suggestion_cannot_be_decided_again(store: Storage) -> None:
    entry = store.directory.add(caf(), actor=ANA, at=AT)
    suggestion = _suggest(store, entry, "hours", "9h-12h")
    assert suggestion.id is not None
    store.suggestions.approve(suggestion.id, actor=ANA, at=AT)

    with pytest.raises(AlreadyDecided) as decided:
        store.suggestions.approve(suggestion.id, actor=ANA, at=AT)
    assert decided.value.status is SuggestionStatus.APPROVED
    with pytest.raises(AlreadyDecided):
        store.suggestions.reject(suggestion.id, actor=ANA, at=AT, reason="")
    with pytest.raises(NotFound) as missing:
        store.suggestions.approve(999, actor=ANA, at=AT)
    assert (missing.value.kind, missing.value.key) == ("suggestion", 999)


def test_a_bad_value_is_not_applied_and_the_suggestion_stays_pending(store: Storage) -> None:
    entry = store.directory.add(caf(), actor=ANA, at=AT)
    suggestion = _suggest(store, entry, "visibility", "secret")
    assert suggestion.id is not None

    with pytest.raises(ValueError):
        store.suggestions.approve(suggestion.id, actor=ANA, at=AT)

    assert [s.id for s in store.suggestions.pending()] == [suggestion.id]


def test_suggestion_on_a_removed_entry_leaves_the_queue(store: Storage) -> None:
    entry = store.directory.add(caf(), actor=ANA, at=AT)
    assert entry.id is not None
    suggestion = _suggest(store, entry, "hours", "9h")
    assert suggestion.id is not None
    store.directory.remove(entry.id, actor=ANA, at=AT)

    assert store.suggestions.pending() == []
    kept = store.suggestions.get(suggestion.id)
    assert kept is not None and kept.entry_name == "CAF de Paris"
    with pytest.raises(EntryNotFound) as gone:
        store.suggestions.approve(suggestion.id, actor=ANA, at=AT)
    assert (gone.value.name, gone.value.suggestion) == ("CAF de Paris", suggestion.id)
    with pytest.raises(EntryNotFound):
        _suggest(store, entry, "hours", "10h")
