"""Contract tests for entries' referents (every backend, see conftest): kept with their entry,
changed in its transaction, every change in its history."""

from __future__ import annotations

from datetime import timedelta

import pytest

from chatbot.directory import REFERENT, ChangeKind, Referent, Suggestion
from chatbot.errors import EntryNotFound
from chatbot.referents import ReferentError, referent_text
from storage import Storage
from tests.storage.samples import ANA, AT, BOB, caf

DUPONT = Referent(name="Jean Dupont", function="directeur", phone="01 23 45 67 89")
MARTIN = Referent(name="Léa Martin", email="lea@caf.fr", public=True)


def test_referents_come_back_with_their_entry_in_order(store: Storage) -> None:
    added = store.directory.add(caf(referents=(DUPONT, MARTIN)), actor=ANA, at=AT)
    assert added.referents == (DUPONT, MARTIN)
    assert added.id is not None
    assert store.directory.get(added.id) == added
    assert store.directory.get_by_name("caf de paris") == added
    other = store.directory.add(caf(name="CPAM", referents=()), actor=ANA, at=AT)
    assert store.directory.all() == [added, other]


def test_an_edit_of_referents_is_a_change_of_the_entry(store: Storage) -> None:
    added = store.directory.add(caf(), actor=ANA, at=AT)
    assert added.id is not None
    before = store.directory.revision()
    changed = store.directory.update(
        added.id, {"referents": (DUPONT,)}, actor=BOB, at=AT + timedelta(hours=1)
    )
    assert changed.referents == (DUPONT,)
    assert store.directory.revision() > before
    moved = Referent(name="Jean Dupont", function="directeur", phone="01 99 99 99 99")
    store.directory.update(added.id, {"referents": (moved, MARTIN)}, actor=BOB, at=AT)
    store.directory.update(added.id, {"referents": (MARTIN,)}, actor=BOB, at=AT)
    lines = [c for c in store.directory.history(added.id) if c.field == REFERENT]
    assert [(c.kind, c.old, c.new) for c in lines] == [
        (ChangeKind.UPDATED, "", referent_text(DUPONT)),
        (ChangeKind.UPDATED, referent_text(DUPONT), referent_text(moved)),
        (ChangeKind.UPDATED, "", referent_text(MARTIN)),
        (ChangeKind.UPDATED, referent_text(moved), ""),
    ]
    revision = store.directory.revision()
    same = store.directory.update(added.id, {"referents": (MARTIN,)}, actor=BOB, at=AT)
    assert same.referents == (MARTIN,)
    assert store.directory.revision() == revision  # nothing changed, nothing written


def test_removing_an_entry_removes_its_referents(store: Storage) -> None:
    added = store.directory.add(caf(referents=(DUPONT,)), actor=ANA, at=AT)
    assert added.id is not None
    removed = store.directory.remove(added.id, actor=ANA, at=AT)
    assert removed.referents == (DUPONT,)
    again = store.directory.add(caf(), actor=ANA, at=AT)
    assert again.referents == ()
    with pytest.raises(EntryNotFound):
        store.directory.update(added.id, {"referents": (DUPONT,)}, actor=ANA, at=AT)


def test_import_creates_updates_and_keeps_referents_all_or_nothing(store: Storage) -> None:
    store.directory.add(caf(referents=(DUPONT,)), actor=ANA, at=AT)
    result = store.directory.import_entries(
        [caf(referents=(DUPONT,)), caf(name="CPAM", referents=(MARTIN,))], actor=ANA, at=AT
    )
    assert (result.created, result.unchanged) == (1, 1)
    cpam = store.directory.get_by_name("CPAM")
    assert cpam is not None and cpam.referents == (MARTIN,)
    result = store.directory.import_entries(
        [caf(referents=(MARTIN, DUPONT)), caf(name="CPAM")], actor=ANA, at=AT
    )
    assert result.updated == 2
    paris = store.directory.get_by_name("CAF de Paris")
    assert paris is not None and paris.referents == (MARTIN, DUPONT)
    assert store.directory.get_by_name("CPAM") == caf(name="CPAM", id=cpam.id)
    assert paris.id is not None
    assert [c.new for c in store.directory.history(paris.id) if c.field == REFERENT][-1] == (
        referent_text(MARTIN)
    )


def test_a_suggested_referent_phone_is_applied_on_approval(store: Storage) -> None:
    added = store.directory.add(caf(referents=(DUPONT, MARTIN)), actor=ANA, at=AT)
    assert added.id is not None
    suggestion = store.suggestions.create(
        Suggestion(
            entry_id=added.id,
            field=REFERENT,
            value="jean dupont | phone | 06 00 00 00 00",
            suggested_by=BOB,
            created_at=AT,
        )
    )
    assert suggestion.id is not None
    store.suggestions.approve(suggestion.id, actor=ANA, at=AT)
    entry = store.directory.get(added.id)
    assert entry is not None
    assert entry.referents[0].phone == "06 00 00 00 00"
    assert entry.referents[1] == MARTIN
    wrong = store.suggestions.create(
        Suggestion(
            entry_id=added.id,
            field=REFERENT,
            value="Personne | phone | 06",
            suggested_by=BOB,
            created_at=AT,
        )
    )
    assert wrong.id is not None
    with pytest.raises(ReferentError):
        store.suggestions.approve(wrong.id, actor=ANA, at=AT)
    assert store.directory.get(added.id) == entry
