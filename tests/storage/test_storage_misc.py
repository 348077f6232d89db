"""Contract tests for missed searches, roles, the event log and the state store."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

from chatbot.directory import MissedSearch
from chatbot.roles import Role
from storage import Storage, open_storage
from tests.storage.samples import ANA, AT, BOB


def test_missed_searches_are_grouped_and_ranked(store: Storage) -> None:
    searches = ["Resto du coeur", "resto  du coeur", "RESTO DU COEUR ", "Médecin", "medecin", "x"]
    for minute, query in enumerate(searches):
        store.missed_searches.record(query, user_id=BOB, at=AT + timedelta(minutes=minute))
    store.missed_searches.record("vieux", user_id=BOB, at=AT - timedelta(days=40))
    store.missed_searches.record("   ", user_id=BOB, at=AT)

    top = store.missed_searches.top(since=AT - timedelta(days=7), limit=2)

    assert [(m.query, m.count) for m in top] == [("resto du coeur", 3), ("medecin", 2)]
    assert top[1] == MissedSearch(query="medecin", count=2, last_at=AT + timedelta(minutes=4))
    assert top[1].last_at.utcoffset() == timedelta(0)


def test_role_overrides_are_stored_per_user(store: Storage) -> None:
    assert store.roles.get(BOB) is None

    store.roles.set(BOB, Role.COORDINATOR, actor=ANA, at=AT)
    store.roles.set(ANA, Role.ADMIN, actor=ANA, at=AT)
    store.roles.set(BOB, Role.VOLUNTEER, actor=ANA, at=AT + timedelta(days=1))

    assert store.roles.get(BOB) is Role.VOLUNTEER
    assert store.roles.all() == {ANA: Role.ADMIN, BOB: Role.VOLUNTEER}


def test_a_retried_event_is_handled_once(store: Storage) -> None:
    assert store.events.first_time("slack:Ev0123", at=AT) is True
    assert store.events.first_time("slack:Ev0123", at=AT + timedelta(seconds=3)) is False
    assert store.events.first_time("matrix:$abc", at=AT) is True


def test_first_time_is_atomic_between_processes(store: Storage, database_url: str) -> None:
    other = open_storage(database_url)  # its own engine and connections, like another process
    try:
        logs = [store.events, other.events] * 4
        with ThreadPoolExecutor(max_workers=8) as pool:
            answers = list(pool.map(lambda log: log.first_time("slack:EvRace", at=AT), logs))
    finally:
        other.close()

    assert sorted(answers) == [False] * 7 + [True]


def test_state_store_keeps_the_latest_value(store: Storage) -> None:
    assert store.state.get("matrix:sync_token") is None

    store.state.set("matrix:sync_token", "s72594_4483_1934")
    store.state.set("matrix:sync_token", "s72595_4483_1935")

    assert store.state.get("matrix:sync_token") == "s72595_4483_1935"
