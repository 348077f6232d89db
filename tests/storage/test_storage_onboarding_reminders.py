"""Onboarding reminders and earlier journeys, on SQLite and PostgreSQL: each reminder level is
claimed once (even by two stores on one database), a snooze is kept, and a finished journey
stays with its ticks when the person starts another."""

from __future__ import annotations

from datetime import date, timedelta

from chatbot.onboarding import Reminder
from storage import Storage, open_storage
from tests.storage.samples import ANA, AT, BOB
from tests.storage.test_storage_onboarding import newcomer

MONDAY = date(2024, 3, 4)


def test_each_reminder_level_is_claimed_once_and_a_snooze_is_kept(store: Storage) -> None:
    repo = store.onboarding
    repo.enrol(newcomer())
    assert repo.reminders(BOB) == {}
    repo.snooze(BOB, 3, until=MONDAY)  # before any reminder
    assert repo.reminders(BOB) == {3: Reminder(step=3, level=-1, snoozed_until=MONDAY)}
    assert repo.claim_reminder(BOB, 2, level=1, on=MONDAY) is False  # level 0 first
    assert repo.claim_reminder(BOB, 2, level=0, on=MONDAY) is True
    assert repo.claim_reminder(BOB, 2, level=0, on=MONDAY) is False
    repo.snooze(BOB, 2, until=MONDAY + timedelta(days=3))
    assert repo.reminders(BOB)[2].snoozed_until == MONDAY + timedelta(days=3)
    assert repo.claim_reminder(BOB, 2, level=1, on=MONDAY + timedelta(days=3)) is True
    assert repo.reminders(BOB)[2] == Reminder(
        step=2, level=1, sent_on=MONDAY + timedelta(days=3), snoozed_until=None
    )
    assert repo.claim_reminder(BOB, 3, level=0, on=MONDAY) is True  # after its snooze
    assert repo.reminders(ANA) == {}


def test_two_stores_on_one_database_claim_a_reminder_once(database_url: str) -> None:
    first, second = open_storage(database_url), open_storage(database_url)
    try:
        first.onboarding.enrol(newcomer())
        claims = [
            store.onboarding.claim_reminder(BOB, 1, level=level, on=MONDAY)
            for level in (0, 1)
            for store in (first, second)
        ]
        assert claims == [True, False, True, False]
    finally:
        first.close()
        second.close()


def test_a_finished_journey_is_kept_when_the_person_starts_another(store: Storage) -> None:
    repo = store.onboarding
    repo.enrol(newcomer())
    repo.tick(BOB, 1, at=AT, by=BOB)
    repo.claim_reminder(BOB, 2, level=0, on=MONDAY)
    repo.update(BOB, {"completed_at": AT + timedelta(days=4)})
    later = AT + timedelta(days=30)
    again = repo.enrol(newcomer(version=2, started_at=later))
    assert (again.version, again.done, again.completed_at) == (2, frozenset(), None)
    assert repo.reminders(BOB) == {}
    [earlier] = repo.past_journeys(BOB)
    assert (earlier.version, earlier.done, earlier.started_at) == (1, {1}, AT)
    assert earlier.completed_at == AT + timedelta(days=4)
    assert [r.step for r in repo.history(earlier.user_id)] == [1]
    assert [n.user_id for n in repo.newcomers()] == [BOB]  # the earlier one is not listed
    assert repo.history(BOB) == []
    # once anonymised, the earlier journey is nobody's any more
    assert repo.anonymise(finished_before=AT + timedelta(days=400)) == 1
    assert repo.past_journeys(BOB) == []
