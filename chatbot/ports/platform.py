"""What adapters provide: a clock, a way to speak, names, and what each platform must
remember (handled events, shared answers, undecrypted events)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from chatbot.ids import ConversationId, UserId
from chatbot.reply import Reply


class Clock(Protocol):
    def now(self) -> datetime:
        """The current time, timezone-aware (UTC)."""
        ...


class Messenger(Protocol):
    """Lets the bot speak without being spoken to (suggestion outcomes, digests, nudges).

    ``key`` names the message: asked twice with one key, a platform that can (Matrix
    transaction ids) posts it once, and the outbox stores it once. A platform messenger makes
    one attempt and raises :class:`~chatbot.delivery.DeliveryError`; the outbox retries.
    Both return the platform's reference of the posted message when it has one (Slack's channel
    and ``ts``, Matrix's room and event id), for threads and edits (see
    :class:`~chatbot.ports.threads.ThreadedMessenger`); None otherwise.
    """

    async def send_to_user(
        self, user_id: UserId, reply: Reply, *, key: str | None = None
    ) -> str | None:
        """Send ``reply`` to ``user_id`` in a direct conversation, opening one if needed."""
        ...

    async def send_to_conversation(
        self, conversation_id: ConversationId, reply: Reply, *, key: str | None = None
    ) -> str | None: ...


class People(Protocol):
    """How people are called where they are (adapters implement it, see
    :class:`chatbot.messenger.MessengerRouter`)."""

    async def display_name(self, user_id: UserId) -> str:
        """The name others see for ``user_id`` ("Alice"); when unknown, or when the platform
        cannot be asked, the id itself. Never raises."""
        ...


class EventLog(Protocol):
    """Remembers which platform events were handled, so a retried delivery runs only once."""

    def first_time(self, key: str, *, at: datetime) -> bool:
        """Record ``key`` (e.g. ``"slack:Ev0123"``); True the first time, False ever after,
        even across restarts and processes (atomic)."""
        ...


class SharedAnswers(Protocol):
    """Answers kept a while so that a later click publishes them as they were computed, running
    nothing again (Slack's "Share in channel": the click does not carry the message)."""

    def keep(self, reply: dict[str, Any], *, now: datetime, until: datetime) -> str:
        """Store ``reply`` (a :meth:`~chatbot.reply.Reply.to_json`) until ``until``; returns a
        new unguessable id for it. Drops the answers expired at ``now``."""
        ...

    def take(self, answer_id: str, *, now: datetime) -> dict[str, Any] | None:
        """Remove and return the answer unless it expired before ``now`` (None then, or if it
        was taken already). Atomic: of two processes taking it, one gets it."""
        ...


class StateStore(Protocol):
    """Small named values adapters keep across restarts (a Matrix sync token, ...)."""

    def get(self, key: str) -> str | None: ...

    def set(self, key: str, value: str) -> None: ...


@dataclass(frozen=True, kw_only=True)
class UndecryptedEvent:
    """An end-to-end encrypted event (Matrix) that arrived before the key to read it."""

    event_id: str
    room_id: str
    session_id: str
    """The encryption session whose key decrypts it: an arriving key names its session."""
    event: dict[str, Any]
    """The event as the homeserver sent it."""
    sent_at: datetime


class UndecryptedEvents(Protocol):
    """Encrypted events waiting for their key, kept across restarts until it arrives."""

    def keep(self, event: UndecryptedEvent) -> None:
        """Store ``event``; keeping an event id already kept changes nothing."""
        ...

    def waiting(self, *, session_id: str | None = None) -> list[UndecryptedEvent]:
        """The events waiting (for the key of ``session_id`` only, if given), oldest first."""
        ...

    def remove(self, event_id: str) -> None: ...

    def drop_sent_before(self, moment: datetime) -> int:
        """Forget the events sent before ``moment``: too old to answer. Returns how many."""
        ...
