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


def test_due_can_be_limited_to_some_platforms(store: Storage) -> None:
    for recipient in ("slack:C1", "matrix:!r:hs", "slack_x:C2", "console:ana"):
        store.outbox.enqueue(recipient=recipient, to_user=False, reply=REPLY, at=T0)
    due = store.outbox.due(now=T0, limit=10, platforms=["slack", "console"])
    assert [m.recipient for m in due] == ["slack:C1", "console:ana"]
    assert store.outbox.due(now=T0, limit=10, platforms=[]) == []


def test_only_the_lease_holder_renews_it(store: Storage) -> None:
    store.outbox.enqueue(recipient="slack:C1", to_user=False, reply=REPLY, at=T0)
    [message] = store.outbox.due(now=T0, limit=10)
    store.outbox.claim(message.id, holder="a", now=T0, until=T0 + timedelta(minutes=2))
    later = T0 + timedelta(minutes=3)
    assert store.outbox.renew(message.id, holder="a", until=later + timedelta(minutes=2))
    assert not store.outbox.renew(message.id, holder="b", until=later + timedelta(minutes=9))
    assert not store.outbox.claim(message.id, holder="b", now=later, until=later)
    store.outbox.mark_sent(message.id, at=later)
    assert not store.outbox.renew(message.id, holder="a", until=later + timedelta(minutes=2))


def test_a_dead_letter_keeps_its_reason_until_revived_or_dropped(store: Storage) -> None:
    for recipient in ("slack:C1", "slack:C2", "slack:C3"):
        store.outbox.enqueue(recipient=recipient, to_user=False, reply=REPLY, at=T0)
    first, second, third = store.outbox.due(now=T0, limit=10)
    store.outbox.mark_dead(first.id, error="slack: not_in_channel", at=T0 + timedelta(hours=1))
    store.outbox.mark_dead(second.id, error="slack: msg_too_long", at=T0 + timedelta(hours=2))

    assert [m.id for m in store.outbox.due(now=T0 + timedelta(days=1), limit=10)] == [third.id]
    assert not store.outbox.claim(first.id, holder="a", now=T0, until=T0 + timedelta(minutes=2))
    assert store.outbox.pending_count() == 1
    assert store.outbox.dead_count() == 2
    newest, oldest = store.outbox.dead_letters(limit=10)
    assert (newest.id, newest.reason, newest.attempts) == (second.id, "slack: msg_too_long", 1)
    assert (oldest.recipient, oldest.reply, oldest.created_at) == ("slack:C1", REPLY, T0)
    assert oldest.dead_at == T0 + timedelta(hours=1)

    retry_at = T0 + timedelta(days=1)
    assert store.outbox.revive(first.id, at=retry_at) == 1
    assert store.outbox.revive(third.id, at=retry_at) == 0  # not dead: nothing to revive
    [revived, _third] = store.outbox.due(now=retry_at, limit=10)
    assert (revived.id, revived.attempts) == (first.id, 0)
    assert store.outbox.drop(third.id) == 0  # only dead letters are dropped
    assert store.outbox.drop(None) == 1
    assert store.outbox.dead_count() == 0
    assert store.outbox.pending_count() == 2


def test_messages_nobody_serves_are_buried_when_old(store: Storage) -> None:
    for recipient in ("console:ghost", "slack:C1", "matrix:!r:hs"):
        store.outbox.enqueue(recipient=recipient, to_user=False, reply=REPLY, at=T0)
    store.outbox.enqueue(
        recipient="console:new", to_user=False, reply=REPLY, at=T0 + timedelta(days=1)
    )
    now = T0 + timedelta(days=1)
    buried = store.outbox.bury_unserved(
        served=["slack"], created_before=T0 + timedelta(hours=1), at=now, reason="nobody"
    )
    assert buried == 2
    assert sorted(d.recipient for d in store.outbox.dead_letters(limit=10)) == [
        "console:ghost",
        "matrix:!r:hs",
    ]
    assert {m.recipient for m in store.outbox.due(now=now, limit=10)} == {"slack:C1", "console:new"}


def test_a_stopping_sender_hands_back_only_its_own_leases(store: Storage) -> None:
    for recipient in ("slack:C1", "slack:C2", "slack:C3"):
        store.outbox.enqueue(recipient=recipient, to_user=False, reply=REPLY, at=T0)
    first, second, sent = store.outbox.due(now=T0, limit=10)
    until = T0 + timedelta(minutes=2)
    assert store.outbox.claim(first.id, holder="a", now=T0, until=until)
    assert store.outbox.claim(second.id, holder="b", now=T0, until=until)
    assert store.outbox.claim(sent.id, holder="a", now=T0, until=until)
    store.outbox.mark_sent(sent.id, at=T0)
    assert store.outbox.release(holder="a") == 1
    assert [m.id for m in store.outbox.due(now=T0, limit=10)] == [first.id]  # at once
