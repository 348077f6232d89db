"""Encrypted messages that came before their room key: kept in the database, answered when the
key arrives, even after a restart.

A Megolm event nio cannot decrypt is stored (:class:`~chatbot.ports.UndecryptedEvents`) and its
key requested. When a room key arrives (``m.room_key`` or ``m.forwarded_room_key``, seen in the
sync's to-device events), the stored events of its session are decrypted and handled as if just
received; at start every stored event is tried again (its key may have come while the bot was
down). Events sent more than :data:`MAX_AGE` ago are dropped, with a log line.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Iterable
from datetime import UTC, datetime, timedelta
from typing import Any

from nio import (
    AsyncClient,
    EncryptionError,
    ErrorResponse,
    ForwardedRoomKeyEvent,
    LocalProtocolError,
    MatrixRoom,
    MegolmEvent,
    RoomKeyEvent,
    SyncResponse,
)

from chatbot.ports import UndecryptedEvent, UndecryptedEvents

log = logging.getLogger(__name__)

MAX_AGE = timedelta(days=7)
"""An event older than this is no longer worth answering: it is dropped."""

Handle = Callable[[MatrixRoom, Any], Awaitable[None]]


class Undecrypted:
    def __init__(self, *, client: AsyncClient, store: UndecryptedEvents, handle: Handle) -> None:
        self.client = client
        self.store = store
        self.handle = handle
        """Handles a decrypted event as a freshly received one."""

    async def keep(self, room: MatrixRoom, event: MegolmEvent) -> None:
        """Store ``event`` until its key arrives, and ask the other devices for that key."""
        log.info("Matrix: cannot decrypt %s yet; keeping it and asking for its key", event.event_id)
        self._drop_old()
        self.store.keep(
            UndecryptedEvent(
                event_id=event.event_id,
                room_id=room.room_id,
                session_id=event.session_id,
                event=event.source,
                sent_at=_sent_at(event),
            )
        )
        try:
            response = await self.client.request_room_key(event)
        except LocalProtocolError:  # already requested, maybe before a restart
            return
        if isinstance(response, ErrorResponse):
            log.info("Matrix: could not request the key of %s: %s", event.event_id, response)

    async def on_keys(self, response: SyncResponse) -> None:
        """Decrypt and handle the stored events whose room key came in this sync."""
        sessions = {
            event.session_id
            for event in response.to_device_events
            if isinstance(event, RoomKeyEvent | ForwardedRoomKeyEvent)
        }
        for session_id in sorted(sessions):
            await self._retry(self.store.waiting(session_id=session_id))

    async def retry_all(self) -> None:
        """At start: drop the events too old to answer, try the others again."""
        self._drop_old()
        await self._retry(self.store.waiting())

    async def _retry(self, waiting: Iterable[UndecryptedEvent]) -> None:
        for stored in waiting:
            room = self.client.rooms.get(stored.room_id)
            event = MegolmEvent.from_dict(stored.event)
            if room is None or not isinstance(event, MegolmEvent):
                log.info(
                    "Matrix: forgetting %s: its room is gone or it is unreadable", stored.event_id
                )
                self.store.remove(stored.event_id)
                continue
            event.room_id = stored.room_id
            try:
                decrypted = self.client.decrypt_event(event)
            except EncryptionError:
                continue
            log.info("Matrix: decrypted %s, its key arrived", stored.event_id)
            await self.handle(room, decrypted)
            self.store.remove(stored.event_id)

    def _drop_old(self) -> None:
        dropped = self.store.drop_sent_before(datetime.now(UTC) - MAX_AGE)
        if dropped:
            log.warning(
                "Matrix: dropped %d encrypted message(s) whose key never came in %d days",
                dropped,
                MAX_AGE.days,
            )


def _sent_at(event: MegolmEvent) -> datetime:
    stamp = event.server_timestamp
    if isinstance(stamp, int | float) and stamp > 0:
        return datetime.fromtimestamp(stamp / 1000, tz=UTC)
    return datetime.now(UTC)
