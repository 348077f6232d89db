"""Slack display names (``users.info``), remembered a while: the core's People port."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable, Mapping
from typing import Any

from slack_sdk.http_retry.builtin_async_handlers import AsyncConnectionErrorRetryHandler
from slack_sdk.web.async_client import AsyncWebClient

from chatbot.ids import UserId, local_part

log = logging.getLogger(__name__)

NAME_TIMEOUT_SECONDS = 5
"""A name is not worth waiting for: after this (or a 429), the id is shown instead."""
NAME_TTL_SECONDS = 3600.0
"""A renamed person shows under the new name after at most this long."""
FAILED_TTL_SECONDS = 60.0
"""After a failed ``users.info``, the id stands in for the name this long before asking again."""


class SlackPeople:
    """Implements :class:`chatbot.ports.People` with ``users.info`` (scope ``users:read``)."""

    def __init__(
        self, client: AsyncWebClient, *, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self._client = AsyncWebClient(  # the bot's client waits out rate limits: not for names
            token=client.token,
            base_url=client.base_url,
            session=client.session,
            timeout=NAME_TIMEOUT_SECONDS,
            retry_handlers=[AsyncConnectionErrorRetryHandler(max_retry_count=1)],
        )
        self._clock = clock
        self._names: dict[str, tuple[str, float]] = {}
        """Slack user id -> (name, monotonic time it stops being trusted)."""
        self._asking: dict[str, asyncio.Task[str]] = {}
        """Lookups in flight: two answers naming the same person ask Slack once."""

    async def display_name(self, user_id: UserId) -> str:
        slack_user = local_part(user_id)
        cached = self._names.get(slack_user)
        if cached is not None and self._clock() < cached[1]:
            return cached[0]
        asking = self._asking.get(slack_user)
        if asking is None:
            asking = self._asking[slack_user] = asyncio.ensure_future(self._ask(slack_user))
            asking.add_done_callback(lambda _done: self._asking.pop(slack_user, None))
        return await asyncio.shield(asking)

    async def _ask(self, slack_user: str) -> str:
        now = self._clock()
        try:
            response = await self._client.users_info(user=slack_user)
            name = profile_name(response.get("user") or {}) or slack_user
            ttl = NAME_TTL_SECONDS
        except Exception as error:  # Slack down, user gone, scope missing: the id will do
            log.warning("slack users.info for %s failed: %s", slack_user, error)
            name, ttl = slack_user, FAILED_TTL_SECONDS
        self._names[slack_user] = (name, now + ttl)
        return name


def profile_name(user: Mapping[str, Any]) -> str:
    """The name Slack shows for ``user``: display name, else real name, else handle."""
    found = user.get("profile")
    profile: Mapping[str, Any] = found if isinstance(found, Mapping) else {}
    for value in (
        profile.get("display_name"),
        profile.get("real_name"),
        user.get("real_name"),
        user.get("name"),
    ):
        if isinstance(value, str) and value.strip():
            return value.strip()
    return ""
