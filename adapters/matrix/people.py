"""Matrix display names: the one a shared room knows, else the profile's; remembered a while."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from nio import AsyncClient, ProfileGetDisplayNameResponse

from chatbot.ids import UserId, local_part

log = logging.getLogger(__name__)

NAME_TTL_SECONDS = 3600.0
"""A renamed person shows under the new name after at most this long."""
FAILED_TTL_SECONDS = 60.0
"""After a failed profile lookup, the id stands in for the name this long."""


class MatrixPeople:
    """Implements :class:`chatbot.ports.People`: room member names first (no request), then
    ``GET /profile/{mxid}/displayname``."""

    def __init__(self, client: AsyncClient, *, clock: Callable[[], float] = time.monotonic) -> None:
        self._client = client
        self._clock = clock
        self._names: dict[str, tuple[str, float]] = {}
        """Matrix id -> (name, monotonic time it stops being trusted)."""

    async def display_name(self, user_id: UserId) -> str:
        mxid = local_part(user_id)
        now = self._clock()
        cached = self._names.get(mxid)
        if cached is not None and now < cached[1]:
            return cached[0]
        name, ttl = self._room_name(mxid), NAME_TTL_SECONDS
        if not name:
            try:
                response = await self._client.get_displayname(mxid)
            except Exception as error:  # homeserver unreachable: the id will do
                response = None
                log.warning("matrix: no display name for %s: %s", mxid, error)
            if isinstance(response, ProfileGetDisplayNameResponse):
                name = (response.displayname or "").strip()
            else:
                ttl = FAILED_TTL_SECONDS
        name = name or mxid
        self._names[mxid] = (name, now + ttl)
        return name

    def _room_name(self, mxid: str) -> str:
        for room in self._client.rooms.values():
            member = room.users.get(mxid)
            if member is not None and member.display_name:
                return str(member.display_name).strip()
        return ""
