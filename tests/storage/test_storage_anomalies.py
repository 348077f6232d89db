"""Anomaly reports on every backend: lifecycle, +1s, merges, redaction, digest queries."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from typing import Any

import pytest

from chatbot.anomalies import (
    Anomaly,
    AnomalyQuery,
    AnomalyStatus,
    Severity,
)
from chatbot.errors import InvalidTransition, NotFound
from chatbot.ids import ConversationId, UserId
from storage import Storage, open_storage
from tests.storage.samples import ANA, AT, BOB

COLINE = UserId("console:coline")
DAN = UserId("slack:U0DAN")


def report(text: str = "La porte du local Haxo ne ferme plus", **changes: object) -> Anomaly:
    values: dict[str, Any] = {
        "text": text,
        "category": "site",
        "severity": Severity.NORMAL,
        "reporter": ANA,
        "reporter_name": "Ana",
        "platform": "slack",
        "conversation_id": ConversationId("slack:C0GENERAL"),
        "permalink": "https://example.slack.com/archives/C0GENERAL/p1",
        "created_at": AT,
        **changes,
    }
    return Anomaly(**values)


def test_a_report_is_stored_with_where_it_came_from(store: Storage) -> None:
    saved = store.anomalies.create(report(link="https://example.org/photo"))
    assert saved.id == 1
    again = store.anomalies.get(1)
    assert again == saved
    assert again is not None
    assert (again.reporter, again.platform, again.conversation_id) == (
        ANA,
        "slack",
        "slack:C0GENERAL",
    )
    assert again.permalink == "https://example.slack.com/archives/C0GENERAL/p1"
    assert again.created_at == AT
    assert again.status is AnomalyStatus.NEW
    assert [c.kind for c in store.anomalies.history(1)] == ["created"]


def test_lifecycle_checks_each_step(store: Storage) -> None:
    store.anomalies.create(report())
    acked = store.anomalies.change_status(1, AnomalyStatus.ACKNOWLEDGED, actor=COLINE, at=AT)
    assert acked.status is AnomalyStatus.ACKNOWLEDGED and acked.closed_at is None
    later = AT + timedelta(hours=2)
    done = store.anomalies.change_status(
        1, AnomalyStatus.RESOLVED, actor=COLINE, at=later, note="serrure changée"
    )
    assert (done.status, done.closed_at, done.note) == (
        AnomalyStatus.RESOLVED,
        later,
        "serrure changée",
    )
    with pytest.raises(InvalidTransition) as refused:
        store.anomalies.change_status(1, AnomalyStatus.REJECTED, actor=COLINE, at=later)
    assert refused.value.current is AnomalyStatus.RESOLVED
    reopened = store.anomalies.change_status(1, AnomalyStatus.ACKNOWLEDGED, actor=COLINE, at=later)
    assert reopened.is_open and reopened.closed_at is None
    kinds = [c.kind for c in store.anomalies.history(1)]
    assert kinds == ["created", "acknowledged", "resolved", "acknowledged"]
    with pytest.raises(NotFound):
        store.anomalies.change_status(99, AnomalyStatus.RESOLVED, actor=COLINE, at=AT)


def test_plus_ones_are_counted_once_each(store: Storage) -> None:
    store.anomalies.create(report())
    first, added = store.anomalies.support(1, BOB, at=AT)
    assert added and first.supporters == (BOB,)
    again, added_again = store.anomalies.support(1, BOB, at=AT)
    assert not added_again and again.plus_ones == 1
    own, added_own = store.anomalies.support(1, ANA, at=AT)
    assert not added_own and own.plus_ones == 1
    assert store.anomalies.most_supported(limit=3)[0].id == 1
    assert store.anomalies.find(AnomalyQuery(involving=BOB))[0].id == 1


def test_a_duplicate_is_merged_with_its_reporter_as_supporter(store: Storage) -> None:
    store.anomalies.create(report())
    store.anomalies.create(report("porte Haxo cassée", reporter=DAN, created_at=AT + timedelta(1)))
    target = store.anomalies.merge(2, into=1, actor=DAN, at=AT + timedelta(days=1))
    assert target.supporters == (DAN,)
    merged = store.anomalies.get(2)
    assert merged is not None
    assert (merged.status, merged.merged_into, merged.text) == (
        AnomalyStatus.MERGED,
        1,
        "porte Haxo cassée",
    )
    assert [a.id for a in store.anomalies.open_reports()] == [1]
    with pytest.raises(InvalidTransition):
        store.anomalies.merge(2, into=1, actor=DAN, at=AT)


def test_redaction_blanks_the_text_and_comments_but_keeps_the_record(store: Storage) -> None:
    store.anomalies.create(report("Mme Martin 06 12 34 56 78", link="https://x.example/photo"))
    store.anomalies.comment(1, "appelée au 06 12 34 56 78", actor=BOB, at=AT)
    redacted = store.anomalies.redact(1, actor=COLINE, at=AT)
    assert (redacted.text, redacted.link, redacted.redacted) == ("", "", True)
    assert redacted.reporter == ANA and redacted.category == "site"
    comments = [c for c in store.anomalies.history(1) if c.kind == "comment"]
    assert [c.text for c in comments] == [""]
    assert store.anomalies.history(1)[-1].kind == "redacted"


def test_filters_select_by_state_person_category_and_date(store: Storage) -> None:
    store.anomalies.create(report("a", category="site"))
    store.anomalies.create(report("b", category="materiel", created_at=AT + timedelta(days=3)))
    store.anomalies.create(report("c", reporter=BOB, created_at=AT + timedelta(days=5)))
    store.anomalies.change_status(3, AnomalyStatus.REJECTED, actor=COLINE, at=AT)
    store.anomalies.assign(2, DAN, actor=COLINE, at=AT)
    assert [a.text for a in store.anomalies.find(AnomalyQuery())] == ["b", "a"]
    assert [a.text for a in store.anomalies.find(AnomalyQuery(open_only=False))] == ["c", "b", "a"]
    assert [a.text for a in store.anomalies.find(AnomalyQuery(category="materiel"))] == ["b"]
    assert [a.text for a in store.anomalies.find(AnomalyQuery(involving=DAN))] == ["b"]
    since = AnomalyQuery(open_only=False, since=AT + timedelta(days=1), oldest_first=True)
    assert [a.text for a in store.anomalies.find(since)] == ["b", "c"]


def test_a_page_of_reports_and_how_many_match(store: Storage) -> None:
    for n in range(7):
        store.anomalies.create(report(f"r{n}", reporter=BOB if n % 2 else ANA))
    store.anomalies.change_status(7, AnomalyStatus.RESOLVED, actor=COLINE, at=AT)
    second = AnomalyQuery(limit=2, offset=2)
    assert [a.text for a in store.anomalies.find(second)] == ["r3", "r2"]
    assert store.anomalies.count(second) == 6  # all the open ones: limit and offset don't count
    assert store.anomalies.count(AnomalyQuery(open_only=False, involving=BOB)) == 3
    assert store.anomalies.count(AnomalyQuery(category="materiel")) == 0


def test_digest_queries_are_bounded_by_the_period(store: Storage) -> None:
    day = timedelta(days=1)
    for n in range(5):
        store.anomalies.create(report(f"r{n}", created_at=AT + n * day))
    store.anomalies.change_status(1, AnomalyStatus.RESOLVED, actor=COLINE, at=AT + 3 * day)
    store.anomalies.change_status(2, AnomalyStatus.REJECTED, actor=COLINE, at=AT + 4 * day)
    start, end = AT + 2 * day, AT + 4 * day
    assert [a.text for a in store.anomalies.created_between(start, end)] == ["r2", "r3"]
    assert [a.id for a in store.anomalies.closed_between(start, end)] == [1]
    assert [a.id for a in store.anomalies.oldest_open(limit=2)] == [3, 4]
    assert store.anomalies.count_open() == 3


def test_every_report_is_exported_in_batches(store: Storage) -> None:
    for n in range(1203):
        store.anomalies.create(report(f"r{n}"))
    store.anomalies.support(1200, BOB, at=AT)
    exported = list(store.anomalies.each())
    assert [a.id for a in exported] == list(range(1, 1204))
    assert exported[1199].supporters == (BOB,)


def test_two_coordinators_closing_at_once_close_it_once(database_url: str) -> None:
    first, second = open_storage(database_url), open_storage(database_url)
    try:
        first.anomalies.create(report())

        def close(storage: Storage) -> str:
            try:
                storage.anomalies.change_status(1, AnomalyStatus.RESOLVED, actor=COLINE, at=AT)
            except InvalidTransition:
                return "refused"
            return "closed"

        with ThreadPoolExecutor(max_workers=2) as pool:
            outcomes = sorted(pool.map(close, [first, second]))
        assert outcomes == ["closed", "refused"]
    finally:
        first.close()
        second.close()
