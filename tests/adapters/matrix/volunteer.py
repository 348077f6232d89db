"""A volunteer on Matrix, driven by a test: a second nio client that types, reacts and waits
for the bot's answers (which nio shows as ``RoomMessageNotice``)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from nio import (
    AsyncClient,
    AsyncClientConfig,
    InviteMemberEvent,
    LoginResponse,
    MatrixRoom,
    ReactionEvent,
    RoomCreateResponse,
    RoomMemberEvent,
    RoomMessageNotice,
    RoomMessageText,
    RoomPreset,
    RoomPutStateResponse,
    RoomSendResponse,
    ToDeviceMessage,
    ToDeviceResponse,
)

TIMEOUT = 30.0
ENCRYPTION = {
    "type": "m.room.encryption",
    "state_key": "",
    "content": {"algorithm": "m.megolm.v1.aes-sha2"},
}


class Volunteer:
    def __init__(
        self, homeserver: str, user_id: str, password: str, *, store: Path, e2ee: bool = False
    ) -> None:
        store.mkdir(parents=True, exist_ok=True)
        config = AsyncClientConfig(encryption_enabled=e2ee, max_timeout_retry_wait_time=0.5)
        self.client = AsyncClient(homeserver, user_id, store_path=str(store), config=config)
        self.user_id = user_id
        self.password = password
        self.accept_invites = True
        self.events: list[tuple[str, Any]] = []
        self._changed = asyncio.Condition()
        self._task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        response = await self.client.login(self.password, device_name="volunteer")
        assert isinstance(response, LoginResponse), response
        self.client.add_event_callback(
            self._on_event, (RoomMessageNotice, RoomMessageText, ReactionEvent, RoomMemberEvent)
        )
        self.client.add_event_callback(self._on_invite, (InviteMemberEvent,))
        await self.client.sync(timeout=0, full_state=True)
        self._task = asyncio.ensure_future(self.client.sync_forever(timeout=5_000))

    async def close(self) -> None:
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
        await self.client.close()

    async def _on_event(self, room: MatrixRoom, event: Any) -> None:
        async with self._changed:
            self.events.append((room.room_id, event))
            self._changed.notify_all()

    async def _on_invite(self, room: MatrixRoom, event: InviteMemberEvent) -> None:
        if self.accept_invites and event.state_key == self.user_id and event.membership == "invite":
            await self.client.join(room.room_id)
            async with self._changed:
                self.events.append((room.room_id, event))
                self._changed.notify_all()

    async def wait_for(self, match: Callable[[str, Any], bool], timeout: float = TIMEOUT) -> Any:
        """The first event (past or future) for which ``match(room_id, event)`` holds."""

        def found() -> Any:
            return next((e for r, e in self.events if match(r, e)), None)

        async with self._changed:
            await asyncio.wait_for(self._changed.wait_for(lambda: found() is not None), timeout)
            return found()

    async def create_room(
        self,
        *,
        invite: tuple[str, ...] = (),
        encrypted: bool = False,
        direct: bool = False,
        public: bool = False,
    ) -> str:
        """A room ``invite`` is invited to: invite-only (``direct``: a direct chat), or ``public``
        (anyone may join)."""
        if public:
            preset = RoomPreset.public_chat
        else:
            preset = RoomPreset.trusted_private_chat if direct else RoomPreset.private_chat
        response = await self.client.room_create(
            is_direct=direct,
            preset=preset,
            invite=list(invite),
            initial_state=[ENCRYPTION] if encrypted else [],
        )
        assert isinstance(response, RoomCreateResponse), response
        return str(response.room_id)

    async def invite(self, room_id: str, user_id: str) -> None:
        await self.client.room_invite(room_id, user_id)

    async def set_join_rule(self, room_id: str, join_rule: str) -> None:
        response = await self.client.room_put_state(
            room_id, "m.room.join_rules", {"join_rule": join_rule}
        )
        assert isinstance(response, RoomPutStateResponse), response

    async def say(self, room_id: str, text: str, **extra: Any) -> str:
        content = {"msgtype": "m.text", "body": text, **extra}
        return await self._send(room_id, "m.room.message", content)

    async def say_withholding_key(self, room_id: str, text: str, *, from_user: str) -> RoomKey:
        """Send an encrypted message whose room key the devices of ``from_user`` do not get, as
        when a sender's key arrives late. :meth:`send_room_key` sends it afterwards."""
        olm = self.client.olm
        assert olm is not None, "an end-to-end volunteer"
        await self.client.joined_members(room_id)
        if self.client.should_query_keys:
            await self.client.keys_query()
        devices = list(olm.device_store.active_user_devices(from_user))
        assert devices, f"no device of {from_user} known"
        for device in devices:
            self.client.blacklist_device(device)
        olm.create_outbound_group_session(room_id)  # a new session, its key at message 0
        session = olm.outbound_group_sessions[room_id]
        key = RoomKey(room_id, session.id, session.session_key, "")
        event_id = await self.say(room_id, text)
        return RoomKey(key.room_id, key.session_id, key.session_key, event_id)

    async def send_room_key(self, key: RoomKey, *, to_user: str) -> None:
        """Send the withheld ``key`` to every device of ``to_user`` (an ``m.room_key``)."""
        olm = self.client.olm
        assert olm is not None
        devices = list(olm.device_store.active_user_devices(to_user))
        for device in devices:
            self.client.unblacklist_device(device)
        missing = self.client.get_missing_sessions(key.room_id)
        if missing:
            await self.client.keys_claim(missing)
        content = {
            "algorithm": "m.megolm.v1.aes-sha2",
            "room_id": key.room_id,
            "session_id": key.session_id,
            "session_key": key.session_key,
        }
        for device in devices:
            session = olm.session_store.get(device.curve25519)
            assert session is not None, f"no Olm session with {device.id}"
            sealed = olm._olm_encrypt(session, device, "m.room_key", content)
            message = ToDeviceMessage("m.room.encrypted", to_user, device.id, sealed)
            response = await self.client.to_device(message)
            assert isinstance(response, ToDeviceResponse), response

    async def react(self, room_id: str, event_id: str, key: str) -> str:
        content = {"m.relates_to": {"rel_type": "m.annotation", "event_id": event_id, "key": key}}
        return await self._send(room_id, "m.reaction", content)

    async def _send(self, room_id: str, kind: str, content: dict[str, Any]) -> str:
        response = await self.client.room_send(
            room_id, kind, content, ignore_unverified_devices=True
        )
        assert isinstance(response, RoomSendResponse), response
        return str(response.event_id)

    async def joined(self, room_id: str, user_id: str) -> None:
        await self.wait_for(
            lambda r, e: (
                r == room_id
                and isinstance(e, RoomMemberEvent)
                and e.state_key == user_id
                and e.membership == "join"
            )
        )

    async def answer_to(self, event_id: str, timeout: float = TIMEOUT) -> RoomMessageNotice:
        """The bot's notice replying to ``event_id``."""
        notice: RoomMessageNotice = await self.wait_for(
            lambda _r, e: isinstance(e, RoomMessageNotice) and replied_to(e) == event_id, timeout
        )
        return notice

    def answers_to(self, event_id: str) -> list[RoomMessageNotice]:
        return [
            e
            for _r, e in self.events
            if isinstance(e, RoomMessageNotice) and replied_to(e) == event_id
        ]

    def notices(self, room_id: str) -> list[RoomMessageNotice]:
        return [e for r, e in self.events if r == room_id and isinstance(e, RoomMessageNotice)]


@dataclass(frozen=True)
class RoomKey:
    """A Megolm session key a volunteer kept back, and the message it encrypted."""

    room_id: str
    session_id: str
    session_key: str
    event_id: str


def replied_to(event: Any) -> str | None:
    relates = event.source.get("content", {}).get("m.relates_to") or {}
    reply = relates.get("m.in_reply_to") or {}
    event_id = reply.get("event_id")
    return event_id if isinstance(event_id, str) else None
