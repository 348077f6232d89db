"""Never lose a message the bot owes someone, never post it twice, and stop when it cannot go.

Commands speak through :class:`OutboxMessenger`, which only stores the message (committed before
the command answers); :class:`OutboxSender` delivers stored messages through the platform
adapters, marks each sent once the platform confirmed it, and retries failures with backoff,
no sooner than a rate limit asks. The outbox is the only delivery queue: platform messengers
make one attempt and raise :class:`~chatbot.delivery.DeliveryError`.

Each platform has its own lane, so one platform's outage or slowness never holds up another.
A lease on each message keeps two bot processes from sending it twice; it is renewed while the
delivery runs (a slow platform cannot outlive it), and the message's key (``outbox.<id>`` unless
it has one) goes to the platform as an idempotency key: Matrix posts one event per transaction
id, so even a retry after a crash between the platform's confirmation and our commit is
harmless there.

What cannot be delivered ends as a dead letter with its reason (admins see it with ``outbox``):
a permanent refusal at once, a transient failure after :data:`MAX_ATTEMPTS`, a message to a
platform no adapter serves after :data:`UNSERVED_AFTER`.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import socket
import uuid
from collections.abc import Callable, Collection
from datetime import datetime, timedelta

from chatbot.backoff import backoff
from chatbot.delivery import DeliveryError
from chatbot.ids import UserId, platform_of
from chatbot.offloop import call_soon_on
from chatbot.ports import (
    Clock,
    Messenger,
    OutboxMessage,
    OutboxRepository,
    QuietSchedule,
    ThreadRepository,
)
from chatbot.reply import Reply, reply_from_json
from chatbot.threads import deliver_in_thread, post

log = logging.getLogger(__name__)

LEASE = timedelta(minutes=2)
HEARTBEAT_SECONDS = 30.0
"""How often a delivery in flight renews its lease (well within :data:`LEASE`)."""
ATTEMPT_TIMEOUT_SECONDS = 600.0
"""A platform that has not answered after this long failed this attempt."""
FIRST_RETRY = timedelta(seconds=5)
LONGEST_RETRY = timedelta(minutes=15)
MAX_ATTEMPTS = 30
"""Transient failures before a message becomes a dead letter: about six hours of outage."""
UNSERVED_AFTER = timedelta(days=1)
"""A message waiting this long for a platform no adapter of this process serves is dead."""
UNSERVED_GRACE = timedelta(minutes=15)
"""Adapters register as they connect: only a sender this old buries unserved messages."""
STOP_GRACE_SECONDS = 10.0
"""On the way out, how long the deliveries in flight may take to finish."""


def retry_delay(attempts: int) -> timedelta:
    """5 s, 10 s, 20 s... doubling up to 15 minutes."""
    seconds = backoff(
        attempts, first=FIRST_RETRY.total_seconds(), longest=LONGEST_RETRY.total_seconds()
    )
    return timedelta(seconds=seconds)


def message_key(message: OutboxMessage) -> str:
    """The idempotency key platforms get for ``message``: the same on every attempt."""
    return message.key or f"outbox.{message.id}"


class OutboxMessenger:
    """How commands speak without being spoken to (suggestion outcomes, digests, nudges):
    the message is stored, committed before the command answers, for the sender to deliver."""

    def __init__(
        self,
        *,
        outbox: OutboxRepository,
        clock: Clock,
        sender: OutboxSender,
        quiet: QuietSchedule | None = None,
    ) -> None:
        self._outbox = outbox
        self._clock = clock
        self._sender = sender
        self._quiet = quiet
        """People's quiet hours (:mod:`chatbot.preferences`); None: nobody has any."""

    def send(
        self,
        recipient: str,
        reply: Reply,
        *,
        to_user: bool,
        key: str | None = None,
        after: timedelta | None = None,
        thread: str | None = None,
        card: bool = False,
        urgent: bool = False,
    ) -> bool:
        """Owe ``reply`` to ``recipient`` (a person in a direct conversation when ``to_user``).

        ``key`` names the message: a digest period or a morning nudge owed twice with one key
        (a restart, a second process) is stored once; False then. ``after``: not sooner than
        that from now (a rate limit). ``thread`` (``anomaly:12``): posted in that thread for
        this recipient, or top-level as its root if it has none yet; with ``card``, the reply
        replaces the thread's root instead (the report's card, edited in place); see
        :mod:`chatbot.threads`. A message to a person that is not ``urgent`` waits for the end
        of their quiet hours (a card edited in place does not ring: it goes at once)."""
        now = self._clock.now()
        not_before = now + after if after else None
        if to_user and not (urgent or card) and self._quiet is not None:  # edits do not ring
            quiet_until = self._quiet.quiet_until(UserId(recipient), now)
            if quiet_until is not None and (not_before is None or quiet_until > not_before):
                not_before = quiet_until
        stored = self._outbox.enqueue(
            recipient=recipient,
            to_user=to_user,
            reply=reply.to_json(),
            at=now,
            key=key,
            not_before=not_before,
            thread=thread,
            card=card,
        )
        if stored:
            self._sender.wake()
        return stored

    def wake(self) -> None:
        """Deliver what is due now rather than at the sender's next round."""
        self._sender.wake()


class _LeaseLost(Exception):
    """Another sender took the message while ours was in flight: it is theirs now."""


class OutboxSender:
    """Delivers due messages, one lane per platform.

    ``served``: the platforms an adapter of this process serves (the router's); only their
    messages are attempted here. None: every platform (tests with one fake messenger).
    """

    def __init__(
        self,
        *,
        outbox: OutboxRepository,
        messenger: Messenger,
        clock: Clock,
        served: Callable[[], Collection[str]] | None = None,
        lease: timedelta = LEASE,
        heartbeat_seconds: float = HEARTBEAT_SECONDS,
        threads: ThreadRepository | None = None,
    ) -> None:
        self._outbox = outbox
        self._messenger = messenger
        self._clock = clock
        self._served = served
        self._lease = lease
        self._heartbeat = heartbeat_seconds
        self._threads = threads
        """Where threads hang; None: thread messages go top-level (tests without storage)."""
        self._holder = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self._wake = asyncio.Event()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._busy: set[str] = set()
        self._paused_until: dict[str, datetime] = {}
        self._started_at: datetime | None = None
        self._stopping = False

    def wake(self) -> None:
        """Deliver now; callable from core work running off the sender's loop."""
        call_soon_on(self._loop, self._wake.set)

    async def flush(self, *, limit: int = 100) -> int:
        """Try every due message once, the platforms side by side; return how many were
        delivered."""
        lanes = [self._lane(p, limit) for p in self._platforms() if p not in self._busy]
        delivered = 0
        for outcome in await asyncio.gather(*lanes, return_exceptions=True):
            if isinstance(outcome, BaseException):
                log.error("outbox lane failed: %r", outcome)
            else:
                delivered += outcome[1]
        return delivered

    async def run(self, *, poll_seconds: float = 5.0) -> None:
        """Deliver until cancelled: at once when woken, otherwise every ``poll_seconds``. A
        platform whose lane is still busy (slow, or waiting for a lease) is left to it."""
        lanes: dict[str, asyncio.Task[None]] = {}
        self._loop = asyncio.get_running_loop()
        try:
            while True:
                self._wake.clear()
                try:
                    platforms = self._platforms()
                except Exception:
                    log.exception("outbox: cannot read what is due; retrying")
                    platforms = []
                for platform in platforms:
                    lane = lanes.get(platform)
                    if (lane is None or lane.done()) and platform not in self._busy:
                        lanes[platform] = asyncio.create_task(self._lane_then_wake(platform))
                # asyncio.timeout, not wait_for: Python 3.11's wait_for swallows a cancellation
                # that arrives just after the wake-up, and the runner would wait for us forever.
                with contextlib.suppress(TimeoutError):
                    async with asyncio.timeout(poll_seconds):
                        await self._wake.wait()
        finally:
            await self._stop(set(lanes.values()))

    async def _stop(self, lanes: set[asyncio.Task[None]]) -> None:
        """Let the deliveries in flight finish (cut short, one would be sent again after its
        lease, a duplicate on platforms without idempotency keys), then stop the lanes."""
        self._stopping = True
        try:
            if lanes:
                await asyncio.wait(lanes, timeout=STOP_GRACE_SECONDS)
            for lane in lanes:
                lane.cancel()
            await asyncio.gather(*lanes, return_exceptions=True)
        finally:
            self._stopping = False

    def release(self) -> int:
        """Hand back what this sender still holds (a delivery cut short by the stop): another
        process sends it at once instead of after the lease. Call once stopped."""
        return self._outbox.release(holder=self._holder)

    def _platforms(self) -> list[str]:
        """The platforms to deliver to now; buries what waits for a platform nobody serves."""
        now = self._clock.now()
        if self._served is None:
            due = self._outbox.due(now=now, limit=1000)
            return sorted({platform_of(m.recipient) for m in due})
        served = sorted(self._served())
        self._started_at = self._started_at or now
        if now - self._started_at >= UNSERVED_GRACE:
            buried = self._outbox.bury_unserved(
                served=served,
                created_before=now - UNSERVED_AFTER,
                at=now,
                reason="no adapter serves this platform",
            )
            if buried:
                log.error("outbox: %d message(s) for platforms nobody serves given up", buried)
        return served

    async def _lane_then_wake(self, platform: str) -> None:
        try:
            attempted, _delivered = await self._lane(platform, 100)
        except Exception:
            log.exception("outbox: delivering to %s failed; retrying", platform)
            return
        if attempted:
            self._wake.set()  # what came in meanwhile goes now, not at the next poll

    async def _lane(self, platform: str, limit: int) -> tuple[int, int]:
        """Deliver ``platform``'s due messages in order; returns (attempted, delivered)."""
        if self._paused(platform):
            return 0, 0
        self._busy.add(platform)
        attempted = delivered = 0
        try:
            due = self._outbox.due(now=self._clock.now(), limit=limit, platforms=[platform])
            for message in due:
                if self._stopping or self._paused(platform):
                    break
                now = self._clock.now()
                if not self._outbox.claim(
                    message.id, holder=self._holder, now=now, until=now + self._lease
                ):
                    continue
                attempted += 1
                delivered += await self._deliver(message)
        finally:
            self._busy.discard(platform)
        return attempted, delivered

    def _paused(self, platform: str) -> bool:
        until = self._paused_until.get(platform)
        return until is not None and self._clock.now() < until

    async def _deliver(self, message: OutboxMessage) -> bool:
        try:
            await self._attempt(message)
        except _LeaseLost:
            log.warning("message %s: another sender took it over mid-delivery", message.id)
            return False
        except Exception as error:
            self._failed(message, _as_delivery_error(error))
            return False
        self._outbox.mark_sent(message.id, at=self._clock.now())
        return True

    async def _attempt(self, message: OutboxMessage) -> None:
        """One attempt, its lease renewed while the platform takes its time."""
        send = asyncio.ensure_future(self._send(message))
        deadline = asyncio.get_running_loop().time() + ATTEMPT_TIMEOUT_SECONDS
        try:
            while True:
                done, _pending = await asyncio.wait({send}, timeout=self._heartbeat)
                if done:
                    send.result()
                    return
                if asyncio.get_running_loop().time() > deadline:
                    raise DeliveryError("the platform did not answer in time")
                if not self._renew(message):
                    raise _LeaseLost
        finally:
            if not send.done():
                send.cancel()
                await asyncio.gather(send, return_exceptions=True)

    def _renew(self, message: OutboxMessage) -> bool:
        until = self._clock.now() + self._lease
        try:
            return self._outbox.renew(message.id, holder=self._holder, until=until)
        except Exception:  # the database hiccuped: keep going, the next beat may do
            log.warning("outbox: could not renew the lease of %s", message.id, exc_info=True)
            return True

    async def _send(self, message: OutboxMessage) -> None:
        reply = reply_from_json(message.reply)
        key = message_key(message)
        if message.thread and self._threads is not None:
            await deliver_in_thread(
                self._messenger, self._threads, message, reply, key=key, now=self._clock.now()
            )
        else:
            await post(self._messenger, message, reply, key=key)

    def _failed(self, message: OutboxMessage, error: DeliveryError) -> None:
        now = self._clock.now()
        attempts = message.attempts + 1
        if error.permanent or attempts >= MAX_ATTEMPTS:
            log.error(
                "message %s to %s given up after %d attempt(s): %s",
                message.id,
                message.recipient,
                attempts,
                error.reason,
            )
            self._outbox.mark_dead(message.id, error=error.reason[:500], at=now)
            return
        if error.retry_after is not None:  # rate limited: the whole platform waits
            retry_at = now + max(error.retry_after, timedelta(seconds=1))
            platform = platform_of(message.recipient)
            self._paused_until[platform] = max(retry_at, self._paused_until.get(platform, now))
        else:
            retry_at = now + retry_delay(message.attempts)
        log.warning(
            "message %s to %s not delivered (%s); retry at %s",
            message.id,
            message.recipient,
            error.reason,
            retry_at.isoformat(),
        )
        self._outbox.mark_failed(message.id, error=error.reason[:500], retry_at=retry_at)


def _as_delivery_error(error: Exception) -> DeliveryError:
    if isinstance(error, DeliveryError):
        return error
    return DeliveryError(repr(error))
