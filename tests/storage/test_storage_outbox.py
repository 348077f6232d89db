"""The outbox keeps what the bot owes people until a platform confirmed it."""

from datetime import UTC, datetime, timedelta

from storage import Storage, open_storage

T0 = datetime(2026, 11, 23, 8, 30, tzinfo=UTC)
REPLY = {"blocks": [{"type": "text", "text": "Digest"}], "ephemeral": False, "text": "Digest"}


def test_a_message_is_due_until_marked_sent(store: Storage) -> None:
    assert store.outbox.enqueue(recipient="slack:C1", to_user=False, reply=REPLY, at=T0)
    [message] = store.outbox.due(now=T0, limit=10)
    assert (message.recipient, message.to_user, message.reply) == ("slack:C1", False, REPLY)
    assert store.outbox.claim(message.id, holder="a", now=T0, until=T0 + timedelta(minutes=2))
    store.outbox.mark_sent(message.id, at=T0)
    assert store.outbox.due(now=T0 + timedelta(days=1), limit=10) == []
    assert store.outbox.pending_count() == 0


def test_a_key_is_enqueued_once(store: Storage) -> None:
    key = "digest:2026-11-23T08:30:slack:C1"
    assert store.outbox.enqueue(recipient="slack:C1", to_user=False, reply=REPLY, at=T0, key=key)
    assert not store.outbox.enqueue(
        recipient="slack:C1", to_user=False, reply=REPLY, at=T0, key=key
    )
    assert len(store.outbox.due(now=T0, limit=10)) == 1


def test_a_lease_keeps_other_senders_away_until_it_expires(store: Storage) -> None:
    store.outbox.enqueue(recipient="matrix:@ana:localhost", to_user=True, reply=REPLY, at=T0)
    [message] = store.outbox.due(now=T0, limit=10)
    until = T0 + timedelta(minutes=2)
    assert store.outbox.claim(message.id, holder="a", now=T0, until=until)
    assert not store.outbox.claim(message.id, holder="b", now=T0, until=until)
    assert store.outbox.due(now=T0 + timedelta(minutes=1), limit=10) == []
    later = T0 + timedelta(minutes=3)  # holder "a" died mid-send
    assert store.outbox.claim(message.id, holder="b", now=later, until=later + timedelta(minutes=2))


def test_a_failure_waits_for_its_retry_time(store: Storage) -> None:
    store.outbox.enqueue(recipient="slack:U1", to_user=True, reply=REPLY, at=T0)
    [message] = store.outbox.due(now=T0, limit=10)
    store.outbox.claim(message.id, holder="a", now=T0, until=T0 + timedelta(minutes=2))
    store.outbox.mark_failed(message.id, error="503", retry_at=T0 + timedelta(seconds=5))
    assert store.outbox.due(now=T0 + timedelta(seconds=4), limit=10) == []
    [again] = store.outbox.due(now=T0 + timedelta(seconds=5), limit=10)
    assert again.attempts == 1


def test_owed_messages_survive_a_restart(database_url: str) -> None:
    first = open_storage(database_url)
    first.outbox.enqueue(recipient="slack:U1", to_user=True, reply=REPLY, at=T0)
    first.close()
    second = open_storage(database_url)
    try:
        assert second.outbox.pending_count() == 1
    finally:
        second.close()
