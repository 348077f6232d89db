"""Room membership: join on invite (from allowed inviters), leave rooms nobody else is in."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterable, Mapping
from typing import Any

from nio import AsyncClient, ErrorResponse, JoinResponse, RoomInfo, RoomMemberEvent

from adapters.matrix.retry import Backoff, is_final, retry_delay
from adapters.matrix.settings import MatrixSettings

log = logging.getLogger(__name__)


class RoomKeeper:
    def __init__(self, *, client: AsyncClient, settings: MatrixSettings) -> None:
        self.client = client
        self.settings = settings

    async def on_invite(self, room_id: str) -> None:
        """Join ``room_id`` if its inviter may invite the bot, else decline."""
        invited = self.client.invited_rooms.get(room_id)
        inviter = getattr(invited, "inviter", None) or ""
        if not self.settings.invite_allowed(inviter):
            log.info("Matrix: declining the invite of %s to %s", inviter or "someone", room_id)
            await self.client.room_leave(room_id)
            return
        backoff = Backoff(maximum=self.settings.matrix_max_backoff_seconds)
        while True:
            response = await self.client.join(room_id)
            if isinstance(response, JoinResponse):
                log.info("Matrix: joined %s on the invite of %s", room_id, inviter)
                return
            assert isinstance(response, ErrorResponse)
            if is_final(response):
                log.warning("Matrix: cannot join %s: %s", room_id, response)
                return
            await asyncio.sleep(retry_delay(response, backoff))

    async def leave_empty(self, joined: Mapping[str, RoomInfo], *, everywhere: bool) -> None:
        """Leave (and forget) the rooms where the bot is now alone: those someone left in this
        sync, or all of them (``everywhere``, at start-up). A room being created is not empty
        yet even if its invites are not synced: only a departure makes a room empty."""
        own = self.client.user_id
        for room_id, info in joined.items():
            if not everywhere and not _someone_left(info.timeline.events, own):
                continue
            room = self.client.rooms.get(room_id)
            if room is None:
                continue
            others = [user for user in room.users if user != own]
            if others or room.member_count > 1:
                continue
            log.info("Matrix: leaving %s, nobody else is in it", room_id)
            await self.client.room_leave(room_id)
            await self.client.room_forget(room_id)


def _someone_left(events: Iterable[Any], own: str) -> bool:
    return any(
        isinstance(event, RoomMemberEvent)
        and event.state_key != own
        and event.membership in ("leave", "ban")
        for event in events
    )
