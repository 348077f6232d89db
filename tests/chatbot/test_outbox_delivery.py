"""What the outbox does with what platforms answer: a slow delivery keeps its claim, a refusal
ends as a dead letter, a rate limit is waited out, one platform's trouble stays its own."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from chatbot.delivery import DeliveryError
from chatbot.ids import ConversationId, UserId
from chatbot.messenger import MessengerRouter
from chatbot.outbox import (
    LONGEST_RETRY,
    MAX_ATTEMPTS,
    UNSERVED_AFTER,
    UNSERVED_GRACE,
    OutboxMessenger,
    OutboxSender,
)
from chatbot.reply import Reply
from storage import Storage, open_storage
from tests.harness import FakeClock

T0 = datetime(2026, 11, 23, 9, tzinfo=UTC)


class Platform:
    """A messenger answering from a script: a :class:`DeliveryError` to raise, ``"hang"`` to
    wait until :attr:`release` is set, then successes. Records deliveries and keys."""

    def __init__(self, *script: DeliveryError | str) -> None:
        self.script = list(script)
        self.delivered: list[str] = []
        self.keys: list[str | None] = []
        self.calls = 0
        self.entered = asyncio.Event()
        self.release = asyncio.Event()

    async def send_to_user(self, user_id: UserId, reply: Reply, *, key: str | None = None) -> None:
        await self._send(reply, key)

    async def send_to_conversation(
        self, conversation_id: ConversationId, reply: Reply, *, key: str | None = None
    ) -> None:
        await self._send(reply, key)

    async def _send(self, reply: Reply, key: str | None) -> None:
        self.calls += 1
        self.keys.append(key)
        step = self.script.pop(0) if self.script else None
        if isinstance(step, DeliveryError):
            raise step
        if step == "hang":
            self.entered.set()
            await self.release.wait()
        self.delivered.append(reply.plain_text())


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Storage]:
    storage = open_storage(f"sqlite:///{tmp_path / 'bot.db'}")
    yield storage
    storage.close()


def owe(storage: Storage, recipient: str, text: str, *, clock: FakeClock) -> None:
    storage.outbox.enqueue(
        recipient=recipient, to_user=False, reply=Reply.text(text).to_json(), at=clock.now()
    )


def test_a_delivery_slower_than_the_lease_keeps_its_claim(database_url: str) -> None:
    """A 200 s wait inside a send outlived the 2-minute lease and a second process posted the
    digest again: the lease is now renewed while the delivery runs."""
    first, second = open_storage(database_url), open_storage(database_url)
    clock = FakeClock(T0)
    slow = Platform("hang")
    senders = [
        OutboxSender(outbox=s.outbox, messenger=slow, clock=clock, heartbeat_seconds=0.01)
        for s in (first, second)
    ]
    owe(first, "slack:C1", "Digest", clock=clock)

    async def scenario() -> None:
        sending = asyncio.create_task(senders[0].flush())
        await asyncio.wait_for(slow.entered.wait(), 5)
        clock.advance(seconds=200)  # far past the 2-minute lease
        await asyncio.sleep(0.1)  # heartbeats renew it meanwhile
        assert await senders[1].flush() == 0
        slow.release.set()
        assert await sending == 1

    try:
        asyncio.run(scenario())
        assert slow.delivered == ["Digest"]
        assert first.outbox.pending_count() == 0
    finally:
        first.close()
        second.close()


def test_the_message_key_is_the_same_on_every_attempt(store: Storage) -> None:
    clock = FakeClock(T0)
    platform = Platform(DeliveryError("503"))
    sender = OutboxSender(outbox=store.outbox, messenger=platform, clock=clock)
    owe(store, "matrix:!r:hs", "Hello", clock=clock)
    store.outbox.enqueue(
        recipient="matrix:!r:hs",
        to_user=False,
        reply=Reply.text("Digest").to_json(),
        at=clock.now(),
        key="digest:2026-11-23",
    )

    async def scenario() -> None:
        assert await sender.flush() == 1
        clock.advance(seconds=5)
        assert await sender.flush() == 1

    asyncio.run(scenario())
    [first_id] = {k for k in platform.keys if k and k.startswith("outbox.")}
    assert platform.keys == [first_id, "digest:2026-11-23", first_id]


def test_a_permanent_refusal_is_a_dead_letter_at_once(store: Storage) -> None:
    clock = FakeClock(T0)
    platform = Platform(DeliveryError("slack: not_in_channel", permanent=True))
    sender = OutboxSender(outbox=store.outbox, messenger=platform, clock=clock)
    owe(store, "slack:C9", "Urgent report #4", clock=clock)

    asyncio.run(sender.flush())
    clock.advance(days=1)
    asyncio.run(sender.flush())

    assert platform.calls == 1
    [dead] = store.outbox.dead_letters(limit=10)
    assert (dead.recipient, dead.reason, dead.attempts) == ("slack:C9", "slack: not_in_channel", 1)
    assert dead.dead_at == T0
    assert store.outbox.pending_count() == 0
    assert store.outbox.dead_count() == 1


def test_a_transient_failure_ends_after_a_bounded_number_of_attempts(store: Storage) -> None:
    clock = FakeClock(T0)
    platform = Platform(*[DeliveryError("slack: HTTP 503")] * (MAX_ATTEMPTS + 5))
    sender = OutboxSender(outbox=store.outbox, messenger=platform, clock=clock)
    owe(store, "slack:C1", "Digest", clock=clock)

    async def scenario() -> None:
        for _attempt in range(MAX_ATTEMPTS + 5):
            await sender.flush()
            clock.advance(seconds=LONGEST_RETRY.total_seconds())

    asyncio.run(scenario())
    assert platform.calls == MAX_ATTEMPTS
    [dead] = store.outbox.dead_letters(limit=10)
    assert (dead.reason, dead.attempts) == ("slack: HTTP 503", MAX_ATTEMPTS)


def test_a_rate_limit_is_waited_out_for_the_whole_platform(store: Storage) -> None:
    clock = FakeClock(T0)
    slack = Platform(DeliveryError("slack: rate limited", retry_after=timedelta(seconds=200)))
    console = Platform()
    router = MessengerRouter()
    router.register("slack", slack)
    router.register("console", console)
    sender = OutboxSender(
        outbox=store.outbox, messenger=router, clock=clock, served=router.platforms
    )
    owe(store, "slack:C1", "first", clock=clock)
    owe(store, "slack:C2", "second", clock=clock)
    owe(store, "console:ana", "meanwhile", clock=clock)

    async def scenario() -> None:
        assert await sender.flush() == 1  # the console's; Slack said wait 200 s
        clock.advance(seconds=199)
        assert await sender.flush() == 0
        assert slack.calls == 1  # "second" did not knock on Slack's door meanwhile
        clock.advance(seconds=1)
        assert await sender.flush() == 2

    asyncio.run(scenario())
    assert slack.delivered == ["first", "second"]
    assert console.delivered == ["meanwhile"]


def test_a_platform_that_hangs_does_not_hold_up_the_others(store: Storage) -> None:
    clock = FakeClock(T0)
    slack, console, matrix = Platform("hang"), Platform(), Platform()
    router = MessengerRouter()
    for name, platform in (("slack", slack), ("console", console), ("matrix", matrix)):
        router.register(name, platform)
    sender = OutboxSender(
        outbox=store.outbox, messenger=router, clock=clock, served=router.platforms
    )
    messenger = OutboxMessenger(outbox=store.outbox, clock=clock, sender=sender)

    async def scenario() -> None:
        running = asyncio.create_task(sender.run(poll_seconds=30))
        messenger.send(ConversationId("slack:C1"), Reply.text("digest"), to_user=False)
        await asyncio.wait_for(slack.entered.wait(), 5)
        messenger.send(UserId("console:ana"), Reply.text("to ana"), to_user=True)
        messenger.send(UserId("matrix:@bob:hs"), Reply.text("to bob"), to_user=True)
        async with asyncio.timeout(2):  # long before the 30 s poll: woken, not blocked
            while not (console.delivered and matrix.delivered):
                await asyncio.sleep(0.01)
        assert slack.delivered == []
        slack.release.set()
        async with asyncio.timeout(2):
            while not slack.delivered:
                await asyncio.sleep(0.01)
        running.cancel()
        await asyncio.gather(running, return_exceptions=True)

    asyncio.run(scenario())
    assert (console.delivered, matrix.delivered, slack.delivered) == (
        ["to ana"],
        ["to bob"],
        ["digest"],
    )


def test_a_message_for_a_platform_nobody_serves_ends_after_a_day(store: Storage) -> None:
    clock = FakeClock(T0)
    router = MessengerRouter()
    router.register("slack", Platform())
    owe(store, "console:ghost", "Urgent report #1", clock=clock)
    clock.advance(seconds=(UNSERVED_AFTER * 2).total_seconds())  # the bot was down two days
    owe(store, "console:recent", "Digest", clock=clock)
    sender = OutboxSender(
        outbox=store.outbox, messenger=router, clock=clock, served=router.platforms
    )

    asyncio.run(sender.flush())
    assert store.outbox.dead_count() == 0  # just started: its adapter may be connecting
    clock.advance(seconds=UNSERVED_GRACE.total_seconds())
    asyncio.run(sender.flush())

    [dead] = store.outbox.dead_letters(limit=10)
    assert (dead.recipient, dead.reason) == ("console:ghost", "no adapter serves this platform")
    assert store.outbox.pending_count() == 1  # the recent one still waits


def test_a_revived_dead_letter_is_delivered(store: Storage) -> None:
    clock = FakeClock(T0)
    platform = Platform(DeliveryError("matrix: M_FORBIDDEN", permanent=True))
    sender = OutboxSender(outbox=store.outbox, messenger=platform, clock=clock)
    owe(store, "matrix:!r:hs", "Hello", clock=clock)
    asyncio.run(sender.flush())
    [dead] = store.outbox.dead_letters(limit=10)

    clock.advance(hours=2)
    assert store.outbox.revive(dead.id, at=clock.now()) == 1
    assert asyncio.run(sender.flush()) == 1
    assert platform.delivered == ["Hello"]
    assert store.outbox.dead_count() == 0
