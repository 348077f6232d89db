"""Never lose a message the bot owes someone.

Commands speak through :class:`OutboxMessenger`, which only stores the message (committed before
the command answers); :class:`OutboxSender` delivers stored messages through the platform
adapters, marks each sent once the platform confirmed it, and retries failures with backoff. A
platform outage delays notifications, digests and nudges; it never drops them. A lease on each
message keeps two bot processes from sending it twice; the only possible duplicate is a crash
between the platform's confirmation and the commit.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import socket
import uuid
from datetime import timedelta

from chatbot.ids import ConversationId, UserId
from chatbot.ports import Clock, Messenger, OutboxMessage, OutboxRepository
from chatbot.reply import Reply, reply_from_json

log = logging.getLogger(__name__)

LEASE = timedelta(minutes=2)
FIRST_RETRY = timedelta(seconds=5)
LONGEST_RETRY = timedelta(minutes=15)


def retry_delay(attempts: int) -> timedelta:
    """5 s, 10 s, 20 s... doubling up to 15 minutes."""
    return min(FIRST_RETRY * (2 ** min(attempts, 16)), LONGEST_RETRY)


class OutboxMessenger:
    """A :class:`~chatbot.ports.Messenger` that stores messages for the sender to deliver."""

    def __init__(self, *, outbox: OutboxRepository, clock: Clock, sender: OutboxSender) -> None:
        self._outbox = outbox
        self._clock = clock
        self._sender = sender

    async def send_to_user(self, user_id: UserId, reply: Reply) -> None:
        self.enqueue(user_id, reply, to_user=True)

    async def send_to_conversation(self, conversation_id: ConversationId, reply: Reply) -> None:
        self.enqueue(conversation_id, reply, to_user=False)

    def enqueue(
        self, recipient: str, reply: Reply, *, to_user: bool, key: str | None = None
    ) -> bool:
        """Store ``reply`` for ``recipient``; with ``key``, only once ever (False if known)."""
        stored = self._outbox.enqueue(
            recipient=recipient,
            to_user=to_user,
            reply=reply.to_json(),
            at=self._clock.now(),
            key=key,
        )
        if stored:
            self._sender.wake()
        return stored


class OutboxSender:
    def __init__(self, *, outbox: OutboxRepository, messenger: Messenger, clock: Clock) -> None:
        self._outbox = outbox
        self._messenger = messenger
        self._clock = clock
        self._holder = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self._wake = asyncio.Event()

    def wake(self) -> None:
        self._wake.set()

    async def flush(self, *, limit: int = 100) -> int:
        """Try every due message once; return how many were delivered."""
        delivered = 0
        now = self._clock.now()
        for message in self._outbox.due(now=now, limit=limit):
            if not self._outbox.claim(message.id, holder=self._holder, now=now, until=now + LEASE):
                continue
            if await self._deliver(message):
                delivered += 1
        return delivered

    async def _deliver(self, message: OutboxMessage) -> bool:
        reply = reply_from_json(message.reply)
        try:
            if message.to_user:
                await self._messenger.send_to_user(UserId(message.recipient), reply)
            else:
                await self._messenger.send_to_conversation(ConversationId(message.recipient), reply)
        except Exception as error:
            retry_at = self._clock.now() + retry_delay(message.attempts)
            log.warning(
                "message %s to %s not delivered (%s); retry at %s",
                message.id,
                message.recipient,
                error,
                retry_at.isoformat(),
            )
            self._outbox.mark_failed(message.id, error=repr(error)[:500], retry_at=retry_at)
            return False
        self._outbox.mark_sent(message.id, at=self._clock.now())
        return True

    async def run(self, *, poll_seconds: float = 5.0) -> None:
        """Deliver until cancelled: at once when woken, otherwise every ``poll_seconds``."""
        while True:
            self._wake.clear()
            try:
                await self.flush()
            except Exception:
                log.exception("outbox flush failed; retrying")
            # asyncio.timeout, not wait_for: Python 3.11's wait_for swallows a cancellation that
            # arrives just after the wake-up, and the runner would then wait for us forever.
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(poll_seconds):
                    await self._wake.wait()
