"""One room event in, at most one reply out: messages, numbered choices and reactions.

Each event is handled once (``EventLog``), with the sender's identity; the reply answers the
event (``m.in_reply_to``), in its thread if it has one. An answer the homeserver did not take
for now goes to the core outbox, which retries it under the same transaction id.
"""

from __future__ import annotations

import hashlib
import logging
from datetime import UTC, datetime

from nio import (
    MatrixRoom,
    ReactionEvent,
    RoomEncryptedMedia,
    RoomMemberEvent,
    RoomMessageMedia,
    RoomMessageText,
)

from adapters.matrix import convert
from adapters.matrix.choices import Choices
from adapters.matrix.membership import PLATFORM, membership_change
from adapters.matrix.render import as_reply_to, render
from adapters.matrix.sender import Sender
from chatbot.bot import Bot, no_such_choice
from chatbot.delivery import DeliveryError
from chatbot.events import MessagePosted
from chatbot.ids import UserId, qualify
from chatbot.offloop import OffLoop
from chatbot.ports import EventLog
from chatbot.reply import Reply, said_choice, typed_choice

log = logging.getLogger(__name__)


class EventHandler:
    def __init__(
        self,
        *,
        bot: Bot,
        sender: Sender,
        choices: Choices,
        events: EventLog,
        prefix: str,
        core: OffLoop,
    ) -> None:
        self.bot = bot
        self.sender = sender
        self.choices = choices
        self.events = events
        self.prefix = prefix
        self.core = core
        """The bot and the repositories run off the sync's loop (see :mod:`chatbot.offloop`)."""

    @property
    def own_id(self) -> str:
        return str(self.sender.client.user_id)

    async def on_message(self, room: MatrixRoom, event: RoomMessageText) -> None:
        if event.sender == self.own_id:
            return
        content = event.source.get("content", {})
        rel_type, reply_to, thread = convert.relation(content)
        if rel_type == "m.replace":
            return  # an edit: the original was already answered
        await self._observe_post(room, event)
        text, mentioned = convert.message_text(content, bot_user_id=self.own_id)
        names = (room.user_name(self.own_id) or "", self.own_id, self.own_id[1:].split(":")[0])
        line = convert.command_line(
            text,
            mentioned=mentioned,
            private=convert.alone_with_bot(room.member_count),
            prefix=self.prefix,
            bot_names=names,
        )
        if line is None or not await self.core.call(self._first_time, event.event_id):
            return
        is_action = False
        number = typed_choice(line)
        offer = reply_to if reply_to and self.choices.offers(room.room_id, reply_to) else None
        if number is not None:
            button = self.choices.pick(room.room_id, number, event_id=offer)
            if button is not None:
                line, is_action = button.command_line, True
            elif unoffered := no_such_choice(
                number, self.choices.numbers(room.room_id, event_id=offer)
            ):
                await self._answer(room.room_id, unoffered, source=event.event_id, thread=thread)
                return
        elif said := said_choice(line, self.choices.buttons(room.room_id, event_id=offer)):
            line, is_action = said.command_line, True
        incoming = convert.incoming(
            text=line,
            sender=event.sender,
            sender_name=room.user_name(event.sender) or event.sender,
            room_id=room.room_id,
            private=convert.is_private(room),
            event_id=event.event_id,
            is_action=is_action,
        )
        reply = await self.core.run(lambda: self.bot.handle(incoming))
        await self._answer(room.room_id, reply, source=event.event_id, thread=thread)

    async def _observe_post(self, room: MatrixRoom, event: RoomMessageText) -> None:
        """A message in a group room: onboarding may tick a step (nothing answers it)."""
        if convert.alone_with_bot(room.member_count):
            return
        posted = MessagePosted(
            user_id=UserId(qualify(PLATFORM, event.sender)),
            conversation_id=convert.conversation_id(room.room_id),
            at=datetime.fromtimestamp(event.server_timestamp / 1000, tz=UTC),
        )
        await self.core.run(lambda: self.bot.observe(posted))

    async def on_file(self, room: MatrixRoom, event: RoomMessageMedia | RoomEncryptedMedia) -> None:
        """An image or a file (``m.image``, ``m.file``, encrypted or not): the core attaches it
        to its sender's report made in this room within a minute, and says nothing otherwise
        (but in a direct conversation)."""
        if event.sender == self.own_id:
            return
        content = event.source.get("content", {})
        found = convert.attachment(content)
        if found is None or not await self.core.call(self._first_time, event.event_id):
            return
        _rel, _reply_to, thread = convert.relation(content)
        incoming = convert.incoming(
            text="",
            sender=event.sender,
            sender_name=room.user_name(event.sender) or event.sender,
            room_id=room.room_id,
            private=convert.is_private(room),
            event_id=event.event_id,
            attachments=(found,),
        )
        reply = await self.core.run(lambda: self.bot.handle(incoming))
        await self._answer(room.room_id, reply, source=event.event_id, thread=thread)

    async def on_reaction(self, room: MatrixRoom, event: ReactionEvent) -> None:
        if event.sender == self.own_id:
            return
        number = convert.reaction_choice(event.key)
        if number is None or not self.choices.offers(room.room_id, event.reacts_to):
            return
        button = self.choices.pick(room.room_id, number, event_id=event.reacts_to)
        if button is None or not await self.core.call(self._first_time, event.event_id):
            return
        incoming = convert.incoming(
            text=button.command_line,
            sender=event.sender,
            sender_name=room.user_name(event.sender) or event.sender,
            room_id=room.room_id,
            private=convert.is_private(room),
            is_action=True,
        )
        reply = await self.core.run(lambda: self.bot.handle(incoming))
        await self._answer(room.room_id, reply, source=event.event_id, reply_to=event.reacts_to)

    async def on_membership(self, room: MatrixRoom, event: RoomMemberEvent) -> None:
        """Someone joined or left the room: onboarding may enrol them."""
        change = membership_change(event.source, room_id=room.room_id, bot_user_id=self.own_id)
        if change is None or not await self.core.call(self._first_time, event.event_id):
            return
        await self.core.run(lambda: self.bot.observe(change))

    async def _answer(
        self,
        room_id: str,
        reply: Reply,
        *,
        source: str,
        reply_to: str | None = None,
        thread: str | None = None,
    ) -> None:
        """Send ``reply`` as an answer to ``reply_to`` (default: the ``source`` event)."""
        content = render(reply, prefix=self.prefix)
        if not content["body"]:
            return
        txn_id = reply_txn_id(source)
        try:
            await self.sender.send(
                room_id,
                as_reply_to(content, reply_to or source, thread_root=thread),
                txn_id=txn_id,
                buttons=reply.buttons,
            )
        except DeliveryError as error:
            if error.permanent:
                log.error("answer to %s not delivered: %s", source, error.reason)
                return
            log.warning("answer to %s goes to the outbox: %s", source, error.reason)
            await self.core.call(
                self.bot.services.messenger.send,
                convert.conversation_id(room_id),
                reply,
                to_user=False,
                key=txn_id,
                after=error.retry_after,
            )

    def _first_time(self, event_id: str) -> bool:
        return self.events.first_time(f"matrix:{event_id}", at=datetime.now(UTC))


def reply_txn_id(event_id: str) -> str:
    """The same transaction id for every attempt at answering ``event_id``: the homeserver
    keeps only one of them."""
    return "re." + hashlib.sha256(event_id.encode()).hexdigest()[:32]
