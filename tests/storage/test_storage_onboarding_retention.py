"""Retention, on SQLite and PostgreSQL: finished journeys lose names and ids, keep figures, once."""

from __future__ import annotations

from datetime import timedelta

from chatbot.ids import UserId
from chatbot.onboarding import StepRecord
from chatbot.ports.onboarding import ANONYMOUS
from storage import Storage, open_storage
from tests.storage.samples import ANA, AT, BOB
from tests.storage.test_storage_onboarding import newcomer

CARL = UserId("slack:U0CARL")


def test_finished_journeys_are_anonymised_with_their_figures(store: Storage) -> None:
    repo = store.onboarding
    repo.enrol(newcomer(BOB, mentor=ANA, timezone="Europe/Brussels"))
    repo.tick(BOB, 1, at=AT + timedelta(hours=1), by=BOB)
    repo.waive(BOB, 2, at=AT + timedelta(hours=2), by=ANA, reason="Bob knows the CAF already")
    repo.update(BOB, {"completed_at": AT + timedelta(days=1), "mentor": ANA})
    repo.enrol(newcomer(CARL, user_name="Carl"))
    repo.update(CARL, {"left_at": AT + timedelta(days=3)})
    repo.enrol(newcomer(ANA, user_name="Ana"))  # still onboarding: kept as is

    assert repo.anonymise(finished_before=AT + timedelta(days=1)) == 0  # not before the day
    assert repo.anonymise(finished_before=AT + timedelta(days=2)) == 1
    assert repo.get(BOB) is None and repo.history(BOB) == []
    [ana, gone] = sorted(repo.newcomers(), key=lambda n: n.user_id != ANA)
    assert ana.user_name == "Ana"
    assert gone.user_id.startswith(ANONYMOUS) and gone.user_id != ANONYMOUS
    assert (gone.user_name, gone.enrolled_by, gone.mentor, gone.timezone) == (
        "",
        ANONYMOUS,
        None,
        None,
    )
    assert (gone.template, gone.version, gone.started_at, gone.done) == (
        "volunteer",
        1,
        AT,
        {1, 2},
    )
    assert gone.completed_at == AT + timedelta(days=1)
    assert repo.history(gone.user_id) == [
        StepRecord(step=1, at=AT + timedelta(hours=1)),
        StepRecord(step=2, at=AT + timedelta(hours=2), waived_reason=""),
    ]

    assert repo.anonymise(finished_before=AT + timedelta(days=4)) == 1  # Carl, who left
    assert repo.get(CARL) is None
    assert repo.anonymise(finished_before=AT + timedelta(days=4)) == 0  # once


def test_two_processes_anonymise_each_journey_once(database_url: str) -> None:
    first, second = open_storage(database_url), open_storage(database_url)
    try:
        first.onboarding.enrol(newcomer(BOB))
        first.onboarding.update(BOB, {"completed_at": AT})
        later = AT + timedelta(days=1)
        counts = [s.onboarding.anonymise(finished_before=later) for s in (first, second)]
        assert counts == [1, 0]
        assert len(second.onboarding.newcomers()) == 1
    finally:
        first.close()
        second.close()
