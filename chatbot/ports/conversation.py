"""Who may do what, and what the bot asked and waits an answer for."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from chatbot.ids import ConversationId, UserId
from chatbot.roles import Role


class RoleRepository(Protocol):
    def get(self, user_id: UserId) -> Role | None:
        """The role an admin gave ``user_id``, or None to fall back to configuration."""
        ...

    def set(self, user_id: UserId, role: Role, *, actor: UserId, at: datetime) -> None: ...

    def all(self) -> dict[UserId, Role]: ...


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
