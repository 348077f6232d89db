"""Signing in to the web cockpit from chat: the ``web`` command issues a one-time link, the web
adapter turns it into a session. No passwords: a session acts for one platform identity
(``slack:U0ANA``), whose role is looked up again on every request.

Tokens are random (:func:`secrets.token_urlsafe`); only their SHA-256 is stored, so neither a
copy of the database nor a log line opens a session.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from chatbot.ids import UserId
from chatbot.ports.web import WebSession, WebSessionRepository

LINK_LIFETIME = timedelta(minutes=10)
SESSION_LIFETIME = timedelta(hours=12)
LOGIN_PATH = "/login/"


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class SignedIn:
    """A session just opened: the cookie value to set (never stored) and the session."""

    cookie: str
    session: WebSession


class WebSignIn:
    """Issues sign-in links and opens, finds and closes sessions."""

    def __init__(
        self,
        sessions: WebSessionRepository,
        *,
        base_url: str = "",
        link_lifetime: timedelta = LINK_LIFETIME,
        session_lifetime: timedelta = SESSION_LIFETIME,
    ) -> None:
        self.sessions = sessions
        self.base_url = base_url
        """Where the cockpit is reached (``https://bot.example.org``); "" when not served."""
        self.link_lifetime = link_lifetime
        self.session_lifetime = session_lifetime

    @property
    def served(self) -> bool:
        return bool(self.base_url)

    @property
    def secure(self) -> bool:
        """Reached over HTTPS: cookies are marked Secure."""
        return self.base_url.startswith("https://")

    def issue_link(self, user_id: UserId, *, at: datetime) -> str:
        """A new one-time sign-in link for ``user_id``, valid :attr:`link_lifetime`."""
        token = secrets.token_urlsafe(32)
        self.sessions.add_link(
            token_hash(token), user_id, at=at, expires_at=at + self.link_lifetime
        )
        return f"{self.base_url.rstrip('/')}{LOGIN_PATH}{token}"

    def sign_in(self, token: str, *, at: datetime) -> SignedIn | None:
        """Use the link's token (once) and open a session; None when it cannot be used."""
        user_id = self.sessions.use_link(token_hash(token), at=at)
        if user_id is None:
            return None
        cookie = secrets.token_urlsafe(32)
        csrf, form_key = secrets.token_urlsafe(32), secrets.token_hex(32)
        expires_at = at + self.session_lifetime
        self.sessions.open(
            token_hash(cookie), user_id, csrf=csrf, form_key=form_key, at=at, expires_at=expires_at
        )
        session = WebSession(user_id=user_id, csrf=csrf, form_key=form_key, expires_at=expires_at)
        return SignedIn(cookie, session)

    def session(self, cookie: str, *, at: datetime) -> WebSession | None:
        if not cookie:
            return None
        return self.sessions.get(token_hash(cookie), at=at)

    def set_language(self, cookie: str, language: str) -> None:
        self.sessions.set_language(token_hash(cookie), language)

    def sign_out(self, cookie: str) -> None:
        if cookie:
            self.sessions.close(token_hash(cookie))


__all__ = ["LINK_LIFETIME", "SESSION_LIFETIME", "SignedIn", "WebSignIn", "token_hash"]
