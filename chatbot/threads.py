"""Delivering an outbox message that belongs to a thread (one place per report, issue 13).

A message of thread ``anomaly:12`` to a recipient goes in the thread of the root remembered for
them; a *card* replaces the root's content in place (the report's current status). With no root
yet (the first alert, a recipient added later) the message is posted top-level and becomes the
root. A root the platform no longer takes (deleted, or any permanent refusal of the thread post
or the edit) is replaced the same way: the message goes top-level and becomes the new root.

Each step is idempotent for the outbox's retries: a message that already became the root (its
post succeeded, the crash came before the outbox marked it sent) is not posted again, and an
older card retried after a newer one was shown is dropped, so the card never goes back in time.
"""

from __future__ import annotations

import logging
from datetime import datetime

from chatbot.delivery import DeliveryError
from chatbot.ids import ConversationId, UserId
from chatbot.ports import Messenger, OutboxMessage, ThreadedMessenger, ThreadRepository
from chatbot.reply import Reply

log = logging.getLogger(__name__)


async def post(
    messenger: Messenger, message: OutboxMessage, reply: Reply, *, key: str
) -> str | None:
    """Post ``message`` top-level, as any outbox message; the platform's reference."""
    if message.to_user:
        return await messenger.send_to_user(UserId(message.recipient), reply, key=key)
    conversation = ConversationId(message.recipient)
    return await messenger.send_to_conversation(conversation, reply, key=key)


async def deliver_in_thread(
    messenger: Messenger,
    threads: ThreadRepository,
    message: OutboxMessage,
    reply: Reply,
    *,
    key: str,
    now: datetime,
) -> None:
    """Deliver ``message`` (its ``thread`` set): in the thread, as an edit of its root card, or
    top-level as the thread's new root."""
    thread, recipient = message.thread or "", message.recipient
    root = threads.root(thread, recipient)
    if root is not None and root.message_id == message.id:
        return  # this very message is the root: it was posted already
    if root is not None and isinstance(messenger, ThreadedMessenger):
        if message.card and (root.card_message_id or 0) > message.id:
            return  # a newer card shows already
        try:
            if message.card:
                await messenger.edit(recipient, root.ref, reply, to_user=message.to_user, key=key)
                threads.card_shown(thread, recipient, message_id=message.id)
            else:
                await messenger.send_in_thread(
                    recipient, root.ref, reply, to_user=message.to_user, key=key
                )
            return
        except DeliveryError as error:
            if not error.permanent:
                raise
            log.warning(
                "message %s: the root of %s for %s is lost (%s); posting anew",
                message.id,
                thread,
                recipient,
                error.reason,
            )
            key = f"{key}.anew"  # a new event, not the refused one (Matrix transaction ids)
    ref = await post(messenger, message, reply, key=key)
    if ref is not None:
        threads.remember(
            thread, recipient, ref=ref, message_id=message.id, card=message.card, at=now
        )
