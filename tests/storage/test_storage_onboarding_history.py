"""Onboarding history, on SQLite and PostgreSQL: who ticked or waived each step, and when."""

from __future__ import annotations

from datetime import timedelta

from chatbot.onboarding import StepRecord
from storage import Storage
from tests.storage.samples import ANA, AT, BOB
from tests.storage.test_storage_onboarding import newcomer


def test_ticks_and_waivers_are_recorded_with_who_and_when(store: Storage) -> None:
    repo = store.onboarding
    repo.enrol(newcomer())
    assert repo.tick(BOB, 2, at=AT + timedelta(hours=1), by=BOB) is True
    assert repo.tick(BOB, 1, at=AT + timedelta(hours=2)) is True
    assert repo.waive(BOB, 3, at=AT + timedelta(hours=3), by=ANA, reason="déjà formé") is True
    assert repo.waive(BOB, 3, at=AT + timedelta(hours=4), by=ANA, reason="encore") is False
    assert repo.tick(BOB, 3, at=AT + timedelta(hours=4), by=BOB) is False

    bob = repo.get(BOB)
    assert bob is not None
    assert (bob.done, bob.waived) == ({1, 2, 3}, {3})
    assert bob.last_activity_at == AT + timedelta(hours=3)
    assert repo.newcomers()[0].waived == {3}
    assert repo.history(BOB) == [
        StepRecord(step=2, at=AT + timedelta(hours=1), by=BOB),
        StepRecord(step=1, at=AT + timedelta(hours=2)),
        StepRecord(step=3, at=AT + timedelta(hours=3), by=ANA, waived_reason="déjà formé"),
    ]
    assert repo.history(ANA) == []
