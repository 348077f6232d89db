"""The numbered choices the bot offered, kept in the StateStore so they survive a restart.

Matrix has no buttons: a reply's buttons are numbered, and ``!2`` or a 2️⃣ reaction on the bot's
message picks the second one. Each room keeps its last :data:`KEEP` offers; ``!2`` typed without
replying to a message picks from the latest. :func:`add_keycaps` puts the reactions under the
message, encrypted in an encrypted room.
"""

from __future__ import annotations

import json
import logging
import uuid
from collections.abc import Sequence
from typing import Any

from nio import (
    Api,
    AsyncClient,
    ErrorResponse,
    GroupEncryptionError,
    LocalProtocolError,
    RoomSendResponse,
)

from adapters.matrix.render import KEYCAPS, reaction
from chatbot.ports import StateStore
from chatbot.reply import Button, choice_numbers

log = logging.getLogger(__name__)

KEEP = 20


class Choices:
    def __init__(self, state: StateStore) -> None:
        self._state = state

    def offer(self, room_id: str, event_id: str, buttons: Sequence[Button]) -> None:
        """Remember that message ``event_id`` in ``room_id`` offers ``buttons``, under the numbers
        the message shows (1, 2, ... or their own: see :func:`chatbot.reply.choice_numbers`)."""
        offers = self._load(room_id)
        offers.pop(event_id, None)
        offers[event_id] = [
            [b.label, b.action_id, b.value, n, b.yes]
            for b, n in zip(buttons, choice_numbers(buttons), strict=True)
        ]
        for old in list(offers)[:-KEEP]:
            del offers[old]
        self._state.set(_key(room_id), json.dumps(offers))

    def pick(self, room_id: str, number: int, *, event_id: str | None = None) -> Button | None:
        """Choice ``number`` of message ``event_id``, or of the room's latest offer."""
        return self._numbered(room_id, event_id).get(number)

    def buttons(self, room_id: str, *, event_id: str | None = None) -> list[Button]:
        """The choices message ``event_id`` (or the room's latest offer) shows."""
        return list(self._numbered(room_id, event_id).values())

    def numbers(self, room_id: str, *, event_id: str | None = None) -> tuple[int, ...]:
        """The numbers message ``event_id`` (or the room's latest offer) shows."""
        return tuple(self._numbered(room_id, event_id))

    def _numbered(self, room_id: str, event_id: str | None) -> dict[int, Button]:
        offers = self._load(room_id)
        if event_id is None:
            event_id = next(reversed(offers), None)
        offered = offers.get(event_id) or () if event_id is not None else ()
        return {
            # Offers kept before choices had numbers of their own are numbered by place.
            (shown[0] if shown else place): Button(
                label, action_id, value, yes=len(shown) > 1 and bool(shown[1])
            )
            for place, (label, action_id, value, *shown) in enumerate(offered, 1)
        }

    def offers(self, room_id: str, event_id: str) -> bool:
        """Whether ``event_id`` is one of the bot's messages with choices."""
        return event_id in self._load(room_id)

    def _load(self, room_id: str) -> dict[str, list[list[Any]]]:
        raw = self._state.get(_key(room_id))
        if not raw:
            return {}
        try:
            loaded = json.loads(raw)
        except ValueError:
            log.warning("ignoring unreadable choices of %s", room_id)
            return {}
        return loaded if isinstance(loaded, dict) else {}


def _key(room_id: str) -> str:
    return f"matrix:choices:{room_id}"


async def add_keycaps(
    client: AsyncClient, room_id: str, event_id: str, numbers: Sequence[int]
) -> None:
    """Pre-add 1️⃣.. under message ``event_id`` (its choices' ``numbers``, up to 9) so answering
    is one click.

    nio's ``room_send`` sends ``m.reaction`` in clear even in an encrypted room: there each
    reaction is encrypted here (nio copies ``m.relates_to`` outside, so clients still group
    them), and when it cannot be (no end-to-end support, no group session, a room not synced)
    none is sent: the numbers in the message still work.
    """
    room = client.rooms.get(room_id)
    encrypted = room is None or room.encrypted
    for key in [KEYCAPS[n - 1] for n in numbers if 1 <= n <= len(KEYCAPS)]:
        content = reaction(event_id, key)
        if not encrypted:
            response = await client.room_send(room_id, "m.reaction", content)
        elif client.olm is None:
            log.info("not adding choice reactions in %s: cannot encrypt them", room_id)
            return
        else:
            try:
                kind, sealed = client.encrypt(room_id, "m.reaction", content)
            except (GroupEncryptionError, LocalProtocolError) as error:
                log.info("not adding choice reactions in %s: %s", room_id, error)
                return
            method, path, data = Api.room_send(
                client.access_token, room_id, kind, sealed, uuid.uuid4()
            )
            # room_send would encrypt an m.room.encrypted event again: send it as it is.
            response = await client._send(RoomSendResponse, method, path, data, (room_id,))
        if isinstance(response, ErrorResponse):
            log.info("could not add %s to %s: %s", key, event_id, response)
            return
