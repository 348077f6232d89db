"""Sending to a room: one attempt, its outcome in the core's terms.

The core outbox (:mod:`chatbot.outbox`) is the only delivery queue: it retries, and gives each
message one transaction id for every attempt, so a retry after a crash or a lease expiry is
deduplicated by the homeserver (Synapse keeps one event per transaction id and access token).
An answer's transaction id derives from the event it answers (see the handler). What the
homeserver answers becomes a :class:`~chatbot.delivery.DeliveryError`: ``M_LIMIT_EXCEEDED``
carries its ``retry_after_ms``; ``M_FORBIDDEN``, an unknown room and other client errors are
permanent; server errors, a lost token and a room not synced yet (an encrypted room nio does not
know) are worth another try.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Sequence
from datetime import timedelta
from typing import Any

from nio import AsyncClient, ErrorResponse, LocalProtocolError, RoomSendResponse

from adapters.matrix.choices import Choices, add_keycaps
from adapters.matrix.retry import RATE_LIMITED, TOKEN_REFUSED, is_final
from chatbot.delivery import DeliveryError
from chatbot.reply import Button, choice_numbers

log = logging.getLogger(__name__)


def delivery_error(response: ErrorResponse, what: str) -> DeliveryError:
    """The homeserver's refusal of ``what`` ("a message to !room"), for the outbox."""
    reason = f"matrix: {response.status_code or 'error'} {response.message or ''}".strip()
    reason += f" ({what})"
    if response.status_code == RATE_LIMITED:
        wait = timedelta(milliseconds=response.retry_after_ms or 1000)
        return DeliveryError(reason, retry_after=wait)
    permanent = response.status_code not in TOKEN_REFUSED and is_final(response)
    return DeliveryError(reason, permanent=permanent)


class Sender:
    def __init__(self, *, client: AsyncClient, choices: Choices) -> None:
        self.client = client
        self._choices = choices
        self._background: set[asyncio.Task[None]] = set()

    async def send(
        self,
        room_id: str,
        content: dict[str, Any],
        *,
        txn_id: str,
        buttons: Sequence[Button] = (),
    ) -> str:
        """Send ``content`` to ``room_id`` once: the event id, or :class:`DeliveryError`."""
        try:
            response = await self.client.room_send(
                room_id,
                "m.room.message",
                content,
                tx_id=txn_id,
                ignore_unverified_devices=True,
            )
        except LocalProtocolError as error:  # an encrypted room not synced yet
            raise DeliveryError(f"matrix: {error} (a message to {room_id})") from error
        if not isinstance(response, RoomSendResponse):
            raise delivery_error(response, f"a message to {room_id}")
        if buttons:
            self._choices.offer(room_id, response.event_id, buttons)
            self._in_background(self._add_keycaps(room_id, response.event_id, buttons))
        return str(response.event_id)

    def offer(self, room_id: str, event_id: str, buttons: Sequence[Button]) -> None:
        """Message ``event_id`` offers ``buttons`` now (an edited card), as numbers."""
        self._choices.offer(room_id, event_id, buttons)

    async def close(self) -> None:
        for task in list(self._background):
            task.cancel()
        await asyncio.gather(*self._background, return_exceptions=True)

    async def _add_keycaps(self, room_id: str, event_id: str, buttons: Sequence[Button]) -> None:
        await add_keycaps(self.client, room_id, event_id, choice_numbers(buttons))

    def _in_background(self, coroutine: Awaitable[None]) -> None:
        task = asyncio.ensure_future(coroutine)
        self._background.add(task)
        task.add_done_callback(self._background.discard)
