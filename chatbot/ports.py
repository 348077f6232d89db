"""The core's ports: what commands need from the outside world, as Protocols.

``storage/`` implements the repositories, adapters implement :class:`Messenger`, tests swap in
fakes. Every write method commits before it returns, in one transaction: what a command
acknowledges to a user is already saved.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from chatbot.directory import (
    Change,
    Entry,
    ImportResult,
    MissedSearch,
    Suggestion,
    SuggestionStatus,
    ThesaurusVersion,
)
from chatbot.ids import ConversationId, UserId
from chatbot.reply import Reply
from chatbot.roles import Role


class Clock(Protocol):
    def now(self) -> datetime:
        """The current time, timezone-aware (UTC)."""
        ...


class Messenger(Protocol):
    """Lets the bot speak without being spoken to (suggestion outcomes, digests, nudges).

    ``key`` names the message: asked twice with one key, a platform that can (Matrix
    transaction ids) posts it once, and the outbox stores it once. A platform messenger makes
    one attempt and raises :class:`~chatbot.delivery.DeliveryError`; the outbox retries.
    """

    async def send_to_user(self, user_id: UserId, reply: Reply, *, key: str | None = None) -> None:
        """Send ``reply`` to ``user_id`` in a direct conversation, opening one if needed."""
        ...

    async def send_to_conversation(
        self, conversation_id: ConversationId, reply: Reply, *, key: str | None = None
    ) -> None: ...


class People(Protocol):
    """How people are called where they are (adapters implement it, see
    :class:`chatbot.messenger.MessengerRouter`)."""

    async def display_name(self, user_id: UserId) -> str:
        """The name others see for ``user_id`` ("Alice"); when unknown, or when the platform
        cannot be asked, the id itself. Never raises."""
        ...


class DirectoryRepository(Protocol):
    def all(self) -> list[Entry]:
        """Every entry, sorted by name."""
        ...

    def get(self, entry_id: int) -> Entry | None: ...

    def get_by_name(self, name: str) -> Entry | None:
        """The entry whose name equals ``name`` ignoring case (None if there is none)."""
        ...

    def revision(self) -> int:
        """A number that changes whenever any entry changes; lets caches know they are stale."""
        ...

    def add(self, entry: Entry, *, actor: UserId, at: datetime) -> Entry:
        """Store a new entry and its "created" history line; raises
        :class:`~chatbot.errors.NameTaken`."""
        ...

    def update(
        self, entry_id: int, changes: dict[str, object], *, actor: UserId, at: datetime
    ) -> Entry:
        """Apply ``changes`` (field -> new value), one history line per changed field."""
        ...

    def remove(self, entry_id: int, *, actor: UserId, at: datetime) -> Entry:
        """Delete an entry; its history stays readable."""
        ...

    def verify(self, entry_id: int, *, actor: UserId, at: datetime) -> Entry: ...

    def history(self, entry_id: int) -> list[Change]:
        """The entry's history, oldest first."""
        ...

    def holds_demo(self) -> bool:
        """Whether any entry is a demo entry (``Entry.demo``): the demo directory is in use."""
        ...

    def holds_only_demo(self) -> bool:
        """Whether there are entries and every one is a demo entry: what an import replaces."""
        ...

    def import_entries(
        self, entries: Sequence[Entry], *, actor: UserId, at: datetime
    ) -> ImportResult:
        """Create or update entries by name (case-insensitive), all in one transaction.

        When the directory :meth:`holds_only_demo` and ``entries`` hold a real (non-demo) entry,
        the demo entries are removed first, in the same transaction (``replaced_demo`` counts
        them): a "removed" history line each, and their pending suggestions deleted.
        """
        ...


class SuggestionRepository(Protocol):
    def create(self, suggestion: Suggestion) -> Suggestion: ...

    def get(self, suggestion_id: int) -> Suggestion | None: ...

    def pending(self) -> list[Suggestion]:
        """Pending suggestions, oldest first."""
        ...

    def approve(self, suggestion_id: int, *, actor: UserId, at: datetime) -> Suggestion:
        """Apply the suggested value to its entry and mark it approved, in one transaction."""
        ...

    def reject(
        self, suggestion_id: int, *, actor: UserId, at: datetime, reason: str
    ) -> Suggestion: ...


class MissedSearchRepository(Protocol):
    def record(self, query: str, *, user_id: UserId, at: datetime) -> None: ...

    def top(self, *, since: datetime, limit: int) -> list[MissedSearch]:
        """The most frequent missed queries since ``since``, most frequent first."""
        ...

    def take_recent(self, user_id: UserId, *, since: datetime) -> str | None:
        """``user_id``'s latest missed query since ``since`` not yet followed by a success,
        marking all their misses followed up (a miss teaches one alias at most)."""
        ...


class ThesaurusRepository(Protocol):
    """The programme's own synonyms, versioned: every change saves a new version."""

    def current(self) -> ThesaurusVersion | None: ...

    def save(self, text: str, *, actor: UserId, at: datetime, note: str = "") -> ThesaurusVersion:
        """Store ``text`` as the new current version (and let search indexes know)."""
        ...

    def history(self, *, limit: int) -> list[ThesaurusVersion]:
        """The latest versions, newest first."""
        ...


class RoleRepository(Protocol):
    def get(self, user_id: UserId) -> Role | None:
        """The role an admin gave ``user_id``, or None to fall back to configuration."""
        ...

    def set(self, user_id: UserId, role: Role, *, actor: UserId, at: datetime) -> None: ...

    def all(self) -> dict[UserId, Role]: ...


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


@dataclass(frozen=True, kw_only=True)
class OpenQuestion:
    """A question the bot asked because a command lacked an argument (see chatbot.prompts)."""

    command_line: str
    """What the user typed so far; the answer is appended to it."""
    rest_of_line: bool
    """The answer is the raw rest of the line (a description) rather than one argument."""
    asked_at: datetime
    expires_at: datetime
    """After this instant the question is forgotten: a late message is no answer."""


class OpenQuestionRepository(Protocol):
    """Questions waiting for an answer, at most one per person and conversation, shared by
    every bot process on the database: whichever process gets the answer continues."""

    def ask(self, user_id: UserId, conversation_id: ConversationId, question: OpenQuestion) -> None:
        """Open ``question``, replacing the one ``user_id`` had in that conversation."""
        ...

    def take(
        self, user_id: UserId, conversation_id: ConversationId, *, now: datetime
    ) -> OpenQuestion | None:
        """Remove and return the open question unless it expired before ``now`` (None then).
        Atomic: when two processes take the same question, one gets it, the other None."""
        ...

    def cancel(self, user_id: UserId, conversation_id: ConversationId, *, now: datetime) -> bool:
        """Forget the open question; True if one was still open (not expired) at ``now``."""
        ...


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
    ) -> bool:
        """Store a message to send (from ``not_before`` if given); with ``key``, only the first
        message with that key is kept (False for the others), even across processes: digests
        and nudges go out once."""
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


__all__ = [
    "Clock",
    "DeadLetter",
    "DirectoryRepository",
    "EventLog",
    "Messenger",
    "MissedSearchRepository",
    "OpenQuestion",
    "OpenQuestionRepository",
    "OutboxMessage",
    "OutboxRepository",
    "People",
    "RoleRepository",
    "SharedAnswers",
    "StateStore",
    "SuggestionRepository",
    "SuggestionStatus",
    "ThesaurusRepository",
    "UndecryptedEvent",
    "UndecryptedEvents",
]
