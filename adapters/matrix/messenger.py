"""The bot speaking first on Matrix: to a room, or to a person in a direct room.

Everything sent here is unprompted (an urgent report, a change to someone's report, a digest, an
onboarding nudge), so it goes as ``m.text``, which notifies; answers stay quiet ``m.notice``.

A person's direct room is, in order: the one remembered in the StateStore if both are still in
it, any room with only the two of them that nobody else can join, or a new ``is_direct`` room
inviting them (encrypted when end-to-end encryption is on).

Each attempt is one try (the core outbox retries); the outbox's ``key`` is the transaction id,
so the homeserver posts a message once however many times the outbox tries it.
"""

from __future__ import annotations

import logging
import uuid

from nio import AsyncClient, RoomCreateResponse, RoomPreset

from adapters.matrix.convert import is_private
from adapters.matrix.render import render
from adapters.matrix.sender import Sender, delivery_error
from chatbot.ids import ConversationId, UserId, local_part
from chatbot.ports import StateStore
from chatbot.reply import Reply

log = logging.getLogger(__name__)

ENCRYPTION_STATE = {
    "type": "m.room.encryption",
    "state_key": "",
    "content": {"algorithm": "m.megolm.v1.aes-sha2"},
}


class MatrixMessenger:
    def __init__(
        self, *, sender: Sender, state: StateStore, prefix: str = "!", encrypt: bool = False
    ) -> None:
        self._sender = sender
        self._state = state
        self._prefix = prefix
        self._encrypt = encrypt
        self._created: set[str] = set()
        """Direct rooms created by this process, possibly not synced yet."""

    @property
    def client(self) -> AsyncClient:
        return self._sender.client

    async def send_to_user(self, user_id: UserId, reply: Reply, *, key: str | None = None) -> None:
        room_id = await self.direct_room(local_part(user_id))
        await self._send(room_id, reply, key)

    async def send_to_conversation(
        self, conversation_id: ConversationId, reply: Reply, *, key: str | None = None
    ) -> None:
        await self._send(local_part(conversation_id), reply, key)

    async def _send(self, room_id: str, reply: Reply, key: str | None) -> None:
        await self._sender.send(
            room_id,
            render(reply, prefix=self._prefix, loud=True),
            txn_id=key or f"out.{uuid.uuid4().hex}",
            buttons=reply.buttons,
        )

    async def direct_room(self, mxid: str) -> str:
        """The room where the bot talks with ``mxid`` alone, created if needed."""
        key = f"matrix:dm:{mxid}"
        remembered = self._state.get(key)
        if remembered and self._only_us(remembered, mxid):
            return remembered
        for room_id in self.client.rooms:
            if self._only_us(room_id, mxid):
                self._state.set(key, room_id)
                return room_id
        response = await self.client.room_create(
            is_direct=True,
            preset=RoomPreset.trusted_private_chat,
            invite=[mxid],
            initial_state=[ENCRYPTION_STATE] if self._encrypt else [],
        )
        if not isinstance(response, RoomCreateResponse):
            raise delivery_error(response, f"a direct room with {mxid}")
        log.info("opened direct room %s with %s", response.room_id, mxid)
        self._created.add(response.room_id)
        self._state.set(key, response.room_id)
        return str(response.room_id)

    def _only_us(self, room_id: str, mxid: str) -> bool:
        room = self.client.rooms.get(room_id)
        if room is None:
            return room_id in self._created
        # A public room of two is no direct room: whoever joins later reads what was sent.
        return mxid in room.users and is_private(room)
