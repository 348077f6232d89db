"""Sending that never loses a reply.

A message goes to a persistent outbox (the StateStore) before it is sent and leaves it once the
homeserver has it. Its transaction id is fixed when it enters the outbox, so sending it again
after a crash or an outage is deduplicated by the homeserver. What stays in the outbox (the
process stopped, an encrypted room not synced yet) is sent again by :meth:`Sender.flush`.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from nio import AsyncClient, ErrorResponse, LocalProtocolError, RoomSendResponse

from adapters.matrix.choices import Choices
from adapters.matrix.render import KEYCAPS, reaction
from adapters.matrix.retry import Backoff, is_final, retry_delay
from chatbot.ports import StateStore
from chatbot.reply import Button

log = logging.getLogger(__name__)

OUTBOX_KEY = "matrix:outbox"
MAX_FLUSHES = 50
"""An entry still undeliverable after this many flushes (a room the bot never joined) is dropped."""

Sleep = Callable[[float], Awaitable[None]]


class SendRefused(RuntimeError):
    """The homeserver refused the message for good (the bot is not in the room...)."""


class Sender:
    def __init__(
        self,
        *,
        client: AsyncClient,
        state: StateStore,
        choices: Choices,
        max_backoff: float = 60.0,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        self.client = client
        self._state = state
        self._choices = choices
        self._max_backoff = max_backoff
        self._sleep = sleep
        self._outbox: dict[str, dict[str, Any]] = _load(state.get(OUTBOX_KEY))
        self._in_flight: set[str] = set()
        self._background: set[asyncio.Task[None]] = set()

    @property
    def pending(self) -> int:
        return len(self._outbox)

    async def send(
        self,
        room_id: str,
        content: dict[str, Any],
        *,
        txn_id: str,
        buttons: Sequence[Button] = (),
    ) -> str | None:
        """Send ``content`` to ``room_id``: the event id, or None if it waits in the outbox
        for the room to be synced. Raises :class:`SendRefused` if the homeserver refuses it."""
        entry = {
            "room_id": room_id,
            "content": content,
            "buttons": [[b.label, b.action_id, b.value] for b in buttons],
            "flushes": 0,
        }
        self._outbox[txn_id] = entry
        self._save()
        return await self._deliver(txn_id, entry)

    async def flush(self) -> None:
        """Send again what the outbox still holds."""
        for txn_id, entry in list(self._outbox.items()):
            if txn_id in self._in_flight:
                continue
            entry["flushes"] = entry.get("flushes", 0) + 1
            if entry["flushes"] > MAX_FLUSHES:
                log.error("dropping undeliverable message to %s", entry["room_id"])
                self._done(txn_id)
                continue
            try:
                await self._deliver(txn_id, entry)
            except SendRefused as error:
                log.error("%s", error)

    async def close(self) -> None:
        for task in list(self._background):
            task.cancel()
        await asyncio.gather(*self._background, return_exceptions=True)

    async def _deliver(self, txn_id: str, entry: dict[str, Any]) -> str | None:
        room_id: str = entry["room_id"]
        backoff = Backoff(maximum=self._max_backoff)
        self._in_flight.add(txn_id)
        try:
            while True:
                try:
                    response = await self.client.room_send(
                        room_id,
                        "m.room.message",
                        entry["content"],
                        tx_id=txn_id,
                        ignore_unverified_devices=True,
                    )
                except LocalProtocolError as error:
                    log.info("message to %s waits in the outbox: %s", room_id, error)
                    return None
                if isinstance(response, RoomSendResponse):
                    self._done(txn_id)
                    buttons = [Button(*b) for b in entry.get("buttons", ())]
                    if buttons:
                        self._choices.offer(room_id, response.event_id, buttons)
                        self._in_background(self._add_keycaps(room_id, response.event_id, buttons))
                    return str(response.event_id)
                assert isinstance(response, ErrorResponse)
                if is_final(response):
                    self._done(txn_id)
                    raise SendRefused(f"homeserver refused a message to {room_id}: {response}")
                delay = retry_delay(response, backoff)
                log.warning(
                    "sending to %s failed (%s); retrying in %.1f s", room_id, response, delay
                )
                await self._sleep(delay)
        finally:
            self._in_flight.discard(txn_id)

    async def _add_keycaps(self, room_id: str, event_id: str, buttons: Sequence[Button]) -> None:
        """Pre-add 1️⃣..9️⃣ under the message so that answering is one click."""
        for index, _button in enumerate(buttons[: len(KEYCAPS)]):
            content = reaction(event_id, KEYCAPS[index])
            response = await self.client.room_send(room_id, "m.reaction", content)
            if isinstance(response, ErrorResponse):
                log.info("could not add %s to %s: %s", KEYCAPS[index], event_id, response)
                return

    def _in_background(self, coroutine: Awaitable[None]) -> None:
        task = asyncio.ensure_future(coroutine)
        self._background.add(task)
        task.add_done_callback(self._background.discard)

    def _done(self, txn_id: str) -> None:
        if self._outbox.pop(txn_id, None) is not None:
            self._save()

    def _save(self) -> None:
        self._state.set(OUTBOX_KEY, json.dumps(self._outbox))


def _load(raw: str | None) -> dict[str, dict[str, Any]]:
    if not raw:
        return {}
    try:
        loaded = json.loads(raw)
    except ValueError:
        log.warning("ignoring an unreadable Matrix outbox")
        return {}
    return loaded if isinstance(loaded, dict) else {}
