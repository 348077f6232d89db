"""Contract tests for encrypted events waiting for their key: kept once, found by session,
removed when read, dropped when too old, still there after reopening the database."""

from __future__ import annotations

from datetime import timedelta

from chatbot.ports import UndecryptedEvent
from storage import Storage, open_storage
from tests.storage.samples import AT

ROOM = "!room:example.org"


def received(event_id: str, *, session: str = "s1", minutes: int = 0) -> UndecryptedEvent:
    return UndecryptedEvent(
        event_id=event_id,
        room_id=ROOM,
        session_id=session,
        event={"type": "m.room.encrypted", "event_id": event_id, "content": {"x": "é"}},
        sent_at=AT + timedelta(minutes=minutes),
    )


def test_events_wait_by_session_oldest_first_and_once(store: Storage) -> None:
    store.undecrypted.keep(received("$late", minutes=5))
    store.undecrypted.keep(received("$early"))
    store.undecrypted.keep(received("$other", session="s2", minutes=1))
    store.undecrypted.keep(received("$early"))  # the same event seen again

    assert [e.event_id for e in store.undecrypted.waiting(session_id="s1")] == ["$early", "$late"]
    assert [e.event_id for e in store.undecrypted.waiting()] == ["$early", "$other", "$late"]
    assert store.undecrypted.waiting(session_id="s1")[0] == received("$early")

    store.undecrypted.remove("$early")
    assert [e.event_id for e in store.undecrypted.waiting(session_id="s1")] == ["$late"]


def test_old_events_are_dropped_and_the_rest_survive_a_reopening(database_url: str) -> None:
    first = open_storage(database_url)
    first.undecrypted.keep(received("$old"))
    first.undecrypted.keep(received("$new", minutes=10))
    first.close()

    again = open_storage(database_url)
    try:
        assert again.undecrypted.drop_sent_before(AT + timedelta(minutes=1)) == 1
        assert [e.event_id for e in again.undecrypted.waiting()] == ["$new"]
        assert again.undecrypted.waiting()[0].sent_at == AT + timedelta(minutes=10)
    finally:
        again.close()
