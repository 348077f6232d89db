"""One place per subject on a platform: the message a thread hangs from, and edits to it.

A platform messenger that can (Slack, Matrix, the console) returns a reference to each message
it posts (an opaque string: Slack's channel and ``ts``, Matrix's room and event id), answers in
the thread of such a message, and edits one in place. The outbox (:mod:`chatbot.outbox`)
remembers, per thread name (``anomaly:12``) and recipient, the message the thread hangs from.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol, runtime_checkable

from chatbot.ports.platform import Messenger
from chatbot.reply import Reply


@runtime_checkable
class ThreadedMessenger(Messenger, Protocol):
    """A :class:`Messenger` that also posts in threads and edits what it posted; one attempt,
    :class:`~chatbot.delivery.DeliveryError` as for posts (permanent when the message referred
    to is gone or may not be edited)."""

    async def send_in_thread(
        self, recipient: str, root: str, reply: Reply, *, to_user: bool, key: str | None = None
    ) -> str | None:
        """Post ``reply`` in the thread of the message ``root`` (a reference returned by a post
        to ``recipient``); returns the new message's reference."""
        ...

    async def edit(
        self, recipient: str, message: str, reply: Reply, *, to_user: bool, key: str | None = None
    ) -> None:
        """Replace the content of the message ``message`` (a reference returned by a post to
        ``recipient``) with ``reply``."""
        ...


@dataclass(frozen=True, kw_only=True)
class ThreadRoot:
    """Where a thread hangs for one recipient."""

    ref: str
    """The platform's reference of the root message."""
    message_id: int
    """The outbox message that posted it."""
    card_message_id: int | None = None
    """The newest outbox card (a replacement of the root) shown on it."""


class ThreadRepository(Protocol):
    """The root of each (thread, recipient), kept across restarts and processes."""

    def root(self, thread: str, recipient: str) -> ThreadRoot | None: ...

    def remember(
        self,
        thread: str,
        recipient: str,
        *,
        ref: str,
        message_id: int,
        card: bool,
        at: datetime,
    ) -> None:
        """Make ``ref`` (posted by outbox message ``message_id``, a card if ``card``) the root
        of ``thread`` for ``recipient``, replacing a lost one."""
        ...

    def card_shown(self, thread: str, recipient: str, *, message_id: int) -> None:
        """Outbox card ``message_id`` now shows on the root (kept if newer than the last)."""
        ...
