"""Delivery through the outbox: an outage delays messages, never drops or doubles them."""

import asyncio
from datetime import UTC, datetime, timedelta
from pathlib import Path

from chatbot.ids import ConversationId, UserId
from chatbot.outbox import OutboxMessenger, OutboxSender, retry_delay
from chatbot.reply import Reply
from storage import open_storage
from tests.harness import FakeClock


class FlakyPlatform:
    """A messenger whose platform is down for the first ``failures`` sends and takes
    ``latency`` seconds to answer (other work runs meanwhile, as with a real network)."""

    def __init__(self, failures: int = 0, *, latency: float = 0.0) -> None:
        self.failures = failures
        self.latency = latency
        self.delivered: list[tuple[str, str]] = []

    async def send_to_user(self, user_id: UserId, reply: Reply, *, key: str | None = None) -> None:
        await self._send(user_id, reply)

    async def send_to_conversation(
        self, conversation_id: ConversationId, reply: Reply, *, key: str | None = None
    ) -> None:
        await self._send(conversation_id, reply)

    async def _send(self, recipient: str, reply: Reply) -> None:
        await asyncio.sleep(self.latency)
        if self.failures:
            self.failures -= 1
            raise ConnectionError("platform unavailable")
        self.delivered.append((recipient, reply.plain_text()))


def test_retry_delays_double_up_to_a_ceiling() -> None:
    assert [retry_delay(n).total_seconds() for n in range(4)] == [5, 10, 20, 40]
    assert retry_delay(50) == timedelta(minutes=15)


def test_a_platform_outage_delays_the_message_then_it_arrives_once(tmp_path: Path) -> None:
    storage = open_storage(f"sqlite:///{tmp_path / 'bot.db'}")
    clock = FakeClock(datetime(2026, 11, 23, 9, tzinfo=UTC))
    platform = FlakyPlatform(failures=2)
    sender = OutboxSender(outbox=storage.outbox, messenger=platform, clock=clock)
    messenger = OutboxMessenger(outbox=storage.outbox, clock=clock, sender=sender)

    async def scenario() -> None:
        messenger.send(UserId("slack:U1"), Reply.text("Votre suggestion #1..."), to_user=True)
        assert await sender.flush() == 0  # down
        assert await sender.flush() == 0  # not due again before its retry time
        clock.advance(seconds=5)
        assert await sender.flush() == 0  # still down
        clock.advance(seconds=10)
        assert await sender.flush() == 1
        clock.advance(hours=1)
        assert await sender.flush() == 0

    asyncio.run(scenario())
    assert platform.delivered == [("slack:U1", "Votre suggestion #1...")]
    storage.close()


def test_two_bot_processes_deliver_each_message_once(database_url: str) -> None:
    """Both processes see all 20 due at once and race through them: only the lease keeps one
    from posting what the other is posting."""
    first, second = open_storage(database_url), open_storage(database_url)
    clock = FakeClock(datetime(2026, 11, 23, 9, tzinfo=UTC))
    platform = FlakyPlatform(latency=0.002)
    senders = [
        OutboxSender(outbox=s.outbox, messenger=platform, clock=clock) for s in (first, second)
    ]
    messenger = OutboxMessenger(outbox=first.outbox, clock=clock, sender=senders[0])

    async def scenario() -> list[int]:
        for n in range(20):
            messenger.send(f"matrix:!room{n}:localhost", Reply.text(f"n{n}"), to_user=False)
        return await asyncio.gather(*(sender.flush() for sender in senders))

    try:
        counts = asyncio.run(scenario())
        assert sorted(text for _, text in platform.delivered) == sorted(f"n{n}" for n in range(20))
        assert sum(counts) == 20
        assert min(counts) > 0, f"the two senders did not race: {counts}"
    finally:
        first.close()
        second.close()


def test_a_keyed_message_is_enqueued_once_whoever_tries(tmp_path: Path) -> None:
    storage = open_storage(f"sqlite:///{tmp_path / 'bot.db'}")
    clock = FakeClock(datetime(2026, 11, 23, 9, tzinfo=UTC))
    sender = OutboxSender(outbox=storage.outbox, messenger=FlakyPlatform(), clock=clock)
    messenger = OutboxMessenger(outbox=storage.outbox, clock=clock, sender=sender)
    reply = Reply.text("Digest du 23 novembre")
    assert messenger.send("slack:C1", reply, to_user=False, key="digest:2026-11-23")
    assert not messenger.send("slack:C1", reply, to_user=False, key="digest:2026-11-23")
    assert storage.outbox.pending_count() == 1
    storage.close()


def test_the_sender_stops_when_cancelled_just_after_a_wake_up(tmp_path: Path) -> None:
    """`chatbot run` cancels the sender on its way out, maybe while a message just woke it."""
    storage = open_storage(f"sqlite:///{tmp_path / 'bot.db'}")
    clock = FakeClock(datetime(2026, 11, 23, 9, tzinfo=UTC))
    sender = OutboxSender(outbox=storage.outbox, messenger=FlakyPlatform(), clock=clock)

    async def cancelled_after(steps: int) -> None:
        task = asyncio.create_task(sender.run())
        await asyncio.sleep(0.01)  # waiting for work
        sender.wake()
        for _step in range(steps):
            await asyncio.sleep(0)
        task.cancel()
        done, _pending = await asyncio.wait({task}, timeout=2)
        assert done == {task}, f"still running when cancelled {steps} steps after a wake-up"

    for steps in range(4):
        asyncio.run(cancelled_after(steps))
    storage.close()
