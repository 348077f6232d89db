"""Sign-in links and sessions of the web cockpit (see :mod:`chatbot.web`), stored.

Only hashes of tokens are kept: a copy of the database opens no session.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from chatbot.ids import UserId


@dataclass(frozen=True, kw_only=True)
class WebSession:
    """A signed-in browser: whose identity it acts for, and its form token."""

    user_id: UserId
    csrf: str
    """The token every form of this session carries (CSRF)."""
    form_key: str
    """The key signing the commands of this session's forms; never leaves the server."""
    expires_at: datetime
    language: str = ""
    """The language chosen on the page ("": the browser's or the bot's)."""


class WebSessionRepository(Protocol):
    def add_link(
        self, token_hash: str, user_id: UserId, *, at: datetime, expires_at: datetime
    ) -> None:
        """Keep a new sign-in link (its token's hash)."""
        ...

    def use_link(self, token_hash: str, *, at: datetime) -> UserId | None:
        """Mark the link used and return whose it is; None when unknown, expired or already
        used. Atomic: of two processes using one link at once, one only gets the identity."""
        ...

    def open(
        self,
        session_hash: str,
        user_id: UserId,
        *,
        csrf: str,
        form_key: str,
        at: datetime,
        expires_at: datetime,
    ) -> None: ...

    def get(self, session_hash: str, *, at: datetime) -> WebSession | None:
        """The session, None when unknown, closed or expired at ``at``."""
        ...

    def set_language(self, session_hash: str, language: str) -> None: ...

    def close(self, session_hash: str) -> None:
        """Sign out: the session is forgotten."""
        ...

    def purge(self, *, before: datetime) -> int:
        """Forget links and sessions expired before ``before``; how many."""
        ...
