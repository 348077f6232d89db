"""Routes outbound messages to the adapter of the recipient's platform."""

from __future__ import annotations

import asyncio
import logging

from chatbot.ids import ConversationId, UserId, platform_of
from chatbot.offloop import on_loop, running_loop
from chatbot.ports import Messenger, People
from chatbot.reply import Reply

log = logging.getLogger(__name__)


class NoRouteError(LookupError):
    """No running adapter serves the recipient's platform."""


class MessengerRouter:
    """A :class:`Messenger` that forwards each message to the messenger of its platform.

    Adapters register themselves at start-up; ids are platform-qualified (``"slack:U1"``), so a
    coordinator's approval on Slack reaches a volunteer on Matrix. It is also the bot's
    :class:`~chatbot.ports.People`: each adapter registers how its platform names people.
    Both are called on the loop that registered them, even from core work running off it
    (see :mod:`chatbot.offloop`).
    """

    def __init__(self) -> None:
        self._by_platform: dict[str, Messenger] = {}
        self._people: dict[str, People] = {}
        self._loops: dict[str, asyncio.AbstractEventLoop | None] = {}

    def register(self, platform: str, messenger: Messenger) -> None:
        self._by_platform[platform] = messenger
        self._loops[platform] = running_loop()

    def register_people(self, platform: str, people: People) -> None:
        self._people[platform] = people
        self._loops[platform] = running_loop()

    async def display_name(self, user_id: UserId) -> str:
        """``user_id``'s name on its platform; the id for platforms without an adapter running
        (``system:...`` actors, a platform this process does not serve)."""
        people = self._people.get(platform_of(user_id))
        if people is None:
            return user_id
        try:
            loop = self._loops.get(platform_of(user_id))
            return await on_loop(loop, people.display_name(user_id)) or user_id
        except Exception:
            log.exception("could not name %s", user_id)
            return user_id

    def platforms(self) -> list[str]:
        return sorted(self._by_platform)

    def _route(self, qualified_id: str) -> Messenger:
        platform = platform_of(qualified_id)
        try:
            return self._by_platform[platform]
        except KeyError:
            raise NoRouteError(f"no adapter running for {platform!r}") from None

    async def send_to_user(self, user_id: UserId, reply: Reply, *, key: str | None = None) -> None:
        loop = self._loops.get(platform_of(user_id))
        await on_loop(loop, self._route(user_id).send_to_user(user_id, reply, key=key))

    async def send_to_conversation(
        self, conversation_id: ConversationId, reply: Reply, *, key: str | None = None
    ) -> None:
        messenger = self._route(conversation_id)
        loop = self._loops.get(platform_of(conversation_id))
        await on_loop(loop, messenger.send_to_conversation(conversation_id, reply, key=key))
