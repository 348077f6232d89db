"""Escalation levels, untouched reports, the changes of one person's reports and notification
preferences, on every backend."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

from chatbot.anomalies import AnomalyStatus, Severity
from chatbot.ids import UserId
from chatbot.preferences import NotifyMode, Preferences
from storage import Storage, open_storage
from tests.storage.samples import ANA, AT, BOB
from tests.storage.test_storage_anomalies import COLINE, report


def test_an_escalation_level_is_set_once_and_only_on_a_new_report(store: Storage) -> None:
    repo = store.anomalies
    urgent = repo.create(report(severity=Severity.URGENT))
    repo.create(report("Chaise cassée"))  # normal: never listed
    assert urgent.id is not None
    assert [a.id for a in repo.unacknowledged_urgent(below_level=2)] == [urgent.id]
    later = AT + timedelta(minutes=30)
    assert repo.mark_escalated(urgent.id, level=1, at=later)
    assert not repo.mark_escalated(urgent.id, level=1, at=later)  # a second process
    assert not repo.mark_escalated(urgent.id, level=3, at=later)  # skipping a level
    escalated = repo.get(urgent.id)
    assert escalated is not None
    assert (escalated.escalation_level, escalated.escalated_at) == (1, later)
    assert [a.id for a in repo.unacknowledged_urgent(below_level=2)] == [urgent.id]
    assert repo.unacknowledged_urgent(below_level=1) == []
    repo.change_status(urgent.id, AnomalyStatus.ACKNOWLEDGED, actor=COLINE, at=later)
    assert repo.unacknowledged_urgent(below_level=2) == []
    assert not repo.mark_escalated(urgent.id, level=2, at=later)


def test_two_processes_racing_commit_one_escalation(database_url: str) -> None:
    stores = [open_storage(database_url) for _ in range(2)]
    try:
        created = stores[0].anomalies.create(report(severity=Severity.URGENT))
        assert created.id is not None
        number = created.id
        with ThreadPoolExecutor(2) as pool:
            won = list(
                pool.map(lambda s: s.anomalies.mark_escalated(number, level=1, at=AT), stores)
            )
        assert sorted(won) == [False, True]
    finally:
        for each in stores:
            each.close()


def test_untouched_reports_count_comments_assignments_and_status_changes(store: Storage) -> None:
    repo = store.anomalies
    ids = [repo.create(report(f"report {n}")).id or 0 for n in range(4)]
    repo.create(report("urgent", severity=Severity.URGENT))
    soon = AT + timedelta(days=3)
    repo.comment(ids[1], "vu", actor=BOB, at=soon)
    repo.assign(ids[2], COLINE, actor=COLINE, at=soon)
    repo.change_status(ids[3], AnomalyStatus.RESOLVED, actor=COLINE, at=soon)
    repo.support(ids[0], BOB, at=soon)  # a +1 is no follow-up
    count, waiting = repo.untouched_since(AT + timedelta(days=2), limit=10)
    assert count == 1
    assert [(a.id, touched) for a, touched in waiting] == [(ids[0], AT)]
    count, later = repo.untouched_since(AT + timedelta(days=4), limit=10)
    assert count == 3
    assert [a.id for a, _touched in later] == [ids[0], ids[1], ids[2]]
    assert [touched for _a, touched in later] == [AT, soon, soon]
    count, page = repo.untouched_since(AT + timedelta(days=4), limit=2)
    assert count == 3 and [a.id for a, _touched in page] == [ids[0], ids[1]]


def test_the_changes_of_ones_reports_by_others_in_a_period(store: Storage) -> None:
    repo = store.anomalies
    mine = repo.create(report()).id or 0
    supported = repo.create(report("autre", reporter=BOB)).id or 0
    other = repo.create(report("pas à moi", reporter=BOB)).id or 0
    repo.support(supported, ANA, at=AT)
    start, end = AT + timedelta(hours=1), AT + timedelta(days=1)
    repo.change_status(mine, AnomalyStatus.ACKNOWLEDGED, actor=COLINE, at=start)
    repo.comment(supported, "je regarde", actor=COLINE, at=start + timedelta(hours=1))
    repo.comment(mine, "merci", actor=ANA, at=start + timedelta(hours=2))  # her own
    repo.comment(other, "rien à voir", actor=COLINE, at=start)
    repo.comment(mine, "demain", actor=COLINE, at=end)  # the next period
    found = repo.changes_involving(ANA, start, end)
    assert [(a.id, c.kind, c.text) for a, c in found] == [
        (mine, "acknowledged", ""),
        (supported, "comment", "je regarde"),
    ]
    assert found[0][0].status is AnomalyStatus.ACKNOWLEDGED


def test_preferences_are_kept_per_person(store: Storage) -> None:
    prefs = store.preferences
    assert prefs.get(ANA) == Preferences()
    prefs.set_quiet_hours(ANA, "20:00-08:00", at=AT)
    prefs.set_mode(ANA, NotifyMode.DAILY, at=AT)
    prefs.set_mode(BOB, NotifyMode.DAILY, at=AT)
    prefs.set_mode(BOB, NotifyMode.EACH, at=AT)
    assert prefs.get(ANA) == Preferences(quiet_hours="20:00-08:00", mode=NotifyMode.DAILY)
    assert prefs.get(BOB) == Preferences(quiet_hours=None, mode=NotifyMode.EACH)
    prefs.set_quiet_hours(ANA, "", at=AT)
    assert prefs.get(ANA).quiet_hours == ""
    assert prefs.with_mode(NotifyMode.DAILY) == [ANA]
    assert prefs.with_mode(NotifyMode.EACH) == [UserId(BOB)]
