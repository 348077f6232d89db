"""Messages the bot owes, until a platform confirms them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol


@dataclass(frozen=True, kw_only=True)
class OutboxMessage:
    id: int
    recipient: str
    """A platform-qualified user id (direct message) or conversation id."""
    to_user: bool
    reply: dict[str, Any]
    """The reply as :meth:`chatbot.reply.Reply.to_json` wrote it."""
    attempts: int = 0
    key: str | None = None
    thread: str | None = None
    """The thread it belongs to (``anomaly:12``, see :mod:`chatbot.ports.threads`)."""
    card: bool = False
    """With ``thread``: replaces the thread's root (the report's card) rather than answering."""


@dataclass(frozen=True, kw_only=True)
class DeadLetter:
    """A message the outbox gave up on, kept for admins to retry or drop."""

    id: int
    recipient: str
    reply: dict[str, Any]
    reason: str
    attempts: int
    created_at: datetime
    dead_at: datetime


class OutboxRepository(Protocol):
    """Messages the bot owes people, kept until a platform confirmed each one."""

    def enqueue(
        self,
        *,
        recipient: str,
        to_user: bool,
        reply: dict[str, Any],
        at: datetime,
        key: str | None = None,
        not_before: datetime | None = None,
        thread: str | None = None,
        card: bool = False,
    ) -> bool:
        """Store a message to send (from ``not_before`` if given); with ``key``, only the first
        message with that key is kept (False for the others), even across processes: digests
        and nudges go out once. ``thread``, ``card``: see :class:`OutboxMessage`."""
        ...

    def due(
        self, *, now: datetime, limit: int, platforms: Sequence[str] | None = None
    ) -> list[OutboxMessage]:
        """Unsent, not dead messages whose next attempt is due and which no live lease holds,
        oldest first; only to recipients on ``platforms`` if given."""
        ...

    def claim(self, message_id: int, *, holder: str, now: datetime, until: datetime) -> bool:
        """Take a lease on a message so no other process sends it meanwhile; True if taken."""
        ...

    def renew(self, message_id: int, *, holder: str, until: datetime) -> bool:
        """Extend ``holder``'s lease while its delivery runs; False if it lost the lease."""
        ...

    def release(self, *, holder: str) -> int:
        """Drop every lease ``holder`` still has on unsent messages (it is stopping), so that
        another process may send them at once; returns how many."""
        ...

    def mark_sent(self, message_id: int, *, at: datetime) -> None: ...

    def mark_failed(self, message_id: int, *, error: str, retry_at: datetime) -> None:
        """Count a failed attempt, release the lease and try again from ``retry_at``."""
        ...

    def mark_dead(self, message_id: int, *, error: str, at: datetime) -> None:
        """Count a failed attempt and stop: the message becomes a dead letter."""
        ...

    def bury_unserved(
        self, *, served: Sequence[str], created_before: datetime, at: datetime, reason: str
    ) -> int:
        """Make dead letters of the waiting messages created before ``created_before`` to
        platforms not in ``served`` (no adapter delivered them); returns how many."""
        ...

    def pending_count(self) -> int:
        """Messages still to deliver (dead letters excluded)."""
        ...

    def dead_letters(self, *, limit: int) -> list[DeadLetter]:
        """The dead letters, most recent first."""
        ...

    def dead_count(self) -> int: ...

    def revive(self, message_id: int | None, *, at: datetime) -> int:
        """Deliver a dead letter again from ``at`` (every one with None); returns how many."""
        ...

    def drop(self, message_id: int | None) -> int:
        """Delete a dead letter (every one with None); returns how many."""
        ...
