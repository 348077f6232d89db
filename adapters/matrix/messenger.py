"""The bot speaking first on Matrix: to a room, or to a person in a direct room.

Everything sent here is unprompted (an urgent report, a change to someone's report, a digest, an
onboarding nudge), so it goes as ``m.text``, which notifies; answers stay quiet ``m.notice``.

A person's direct room is, in order: the one remembered in the StateStore if both are still in
it, any room with only the two of them that nobody else can join, or a new ``is_direct`` room
inviting them (encrypted when end-to-end encryption is on).

Each attempt is one try (the core outbox retries); the outbox's ``key`` is the transaction id,
so the homeserver posts a message once however many times the outbox tries it. Each post
returns its reference (``room|event``): a report's updates go in its thread (an ``m.thread``
relation) and its card is edited in place (``m.replace`` with ``m.new_content``); nio keeps
``m.relates_to`` in clear in encrypted rooms, as the homeserver needs it.
"""

from __future__ import annotations

import io
import logging
import struct
import uuid
from typing import Any

from nio import AsyncClient, RoomCreateResponse, RoomPreset, UploadResponse

from adapters.matrix.convert import is_private
from adapters.matrix.render import render
from adapters.matrix.sender import Sender, delivery_error
from chatbot.ids import ConversationId, UserId, local_part
from chatbot.ports import StateStore
from chatbot.reply import Image, Reply

log = logging.getLogger(__name__)

_TEXTS = frozenset({"body", "formatted_body"})
"""What an edit's fallback (for clients without edits) marks with "* "."""


def message_ref(room_id: str, event_id: str) -> str:
    """How the core names a Matrix message (see :mod:`chatbot.ports.threads`)."""
    return f"{room_id}|{event_id}"


def split_ref(ref: str) -> tuple[str, str]:
    """``(room_id, event_id)`` of a :func:`message_ref`."""
    room_id, _, event_id = ref.partition("|")
    return room_id, event_id


def image_content(image: Image, uri: str, keys: dict[str, Any] | None) -> dict[str, Any]:
    """An ``m.image`` of ``image`` stored at ``uri``; ``keys``: its decryption keys (an
    encrypted room), then the URI goes in ``file``, not ``url``."""
    info: dict[str, Any] = {"mimetype": "image/png", "size": len(image.png)}
    if image.png[12:16] == b"IHDR":
        info["w"], info["h"] = struct.unpack(">II", image.png[16:24])
    content: dict[str, Any] = {
        "msgtype": "m.image",
        "body": image.alt,
        "filename": image.name,
        "info": info,
        "m.mentions": {},
    }
    if keys is None:
        content["url"] = uri
    else:
        content["file"] = {**keys, "url": uri, "mimetype": "image/png"}
    return content


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

    async def send_to_user(
        self, user_id: UserId, reply: Reply, *, key: str | None = None
    ) -> str | None:
        room_id = await self.direct_room(local_part(user_id))
        return await self._send(room_id, reply, key)

    async def send_to_conversation(
        self, conversation_id: ConversationId, reply: Reply, *, key: str | None = None
    ) -> str | None:
        return await self._send(local_part(conversation_id), reply, key)

    async def send_in_thread(
        self, recipient: str, root: str, reply: Reply, *, to_user: bool, key: str | None = None
    ) -> str | None:
        """An ``m.thread`` reply to ``root`` (``room|event``); clients without threads show it
        as a reply to the root."""
        room_id, event_id = split_ref(root)
        relation = {
            "rel_type": "m.thread",
            "event_id": event_id,
            "is_falling_back": True,
            "m.in_reply_to": {"event_id": event_id},
        }
        return await self._send(room_id, reply, key, relates_to=relation)

    async def edit(
        self, recipient: str, message: str, reply: Reply, *, to_user: bool, key: str | None = None
    ) -> None:
        """An ``m.replace`` edit of the bot's message ``message`` (``room|event``): clients
        show ``m.new_content`` in its place."""
        room_id, event_id = split_ref(message)
        new = render(reply, prefix=self._prefix, loud=True)
        content: dict[str, Any] = {
            **{name: f"* {value}" for name, value in new.items() if name in _TEXTS},
            **{name: value for name, value in new.items() if name not in _TEXTS},
            "m.new_content": new,
            "m.relates_to": {"rel_type": "m.replace", "event_id": event_id},
        }
        await self._sender.send(room_id, content, txn_id=key or f"out.{uuid.uuid4().hex}")
        if reply.buttons:  # numbers typed in answer now pick the edited card's choices
            self._sender.offer(room_id, event_id, reply.buttons)

    async def _send(
        self,
        room_id: str,
        reply: Reply,
        key: str | None,
        *,
        relates_to: dict[str, Any] | None = None,
    ) -> str:
        content = render(reply, prefix=self._prefix, loud=True)
        if relates_to is not None:
            content["m.relates_to"] = relates_to
        txn_id = key or f"out.{uuid.uuid4().hex}"
        event_id = await self._sender.send(
            room_id,
            content,
            txn_id=txn_id,
            buttons=reply.buttons,
        )
        await self.send_images(room_id, reply, txn_id=txn_id, relates_to=relates_to)
        return message_ref(room_id, event_id)

    async def send_images(
        self,
        room_id: str,
        reply: Reply,
        *,
        txn_id: str,
        relates_to: dict[str, Any] | None = None,
    ) -> None:
        """Each of ``reply``'s images as an ``m.image`` after its text: uploaded to the media
        repository (encrypted in an encrypted room, its keys in the event's ``file``). The
        transaction id follows the message's, so a retry never posts an image twice."""
        images = [block for block in reply.blocks if isinstance(block, Image)]
        if not images:
            return
        room = self.client.rooms.get(room_id)
        encrypted = bool(room is not None and room.encrypted)
        for index, image in enumerate(images):
            response, keys = await self.client.upload(
                io.BytesIO(image.png),
                content_type="image/png",
                filename=image.name,
                filesize=len(image.png),
                encrypt=encrypted,
            )
            if not isinstance(response, UploadResponse):
                raise delivery_error(response, f"an image for {room_id}")
            content = image_content(image, response.content_uri, keys if encrypted else None)
            if relates_to is not None:
                content["m.relates_to"] = relates_to
            await self._sender.send(room_id, content, txn_id=f"{txn_id}.image{index}")

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
