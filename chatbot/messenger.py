"""Routes outbound messages to the adapter of the recipient's platform."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterable

from chatbot.i18n import N_, _
from chatbot.ids import ConversationId, UserId, local_part, platform_of
from chatbot.offloop import on_loop, running_loop
from chatbot.ports import Messenger, People, ThreadedMessenger
from chatbot.reply import Reply

log = logging.getLogger(__name__)


async def display_names(people: People, ids: Iterable[str | None]) -> dict[str, str]:
    """How each of ``ids`` is called on its platform, looked up once each (empty ids left
    out): the names a reply built afterwards shows."""
    return {who: await people.display_name(UserId(who)) for who in dict.fromkeys(ids) if who}


_SYSTEM_NAMES = {"cli": N_("the command line"), "demo": N_("the demo directory")}
"""How the bot's own actors (``system:cli``, ``system:demo``) read in a history."""


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
        """``user_id``'s name on its platform ("the command line" for ``system:cli``); the id
        for platforms without an adapter running here."""
        platform = platform_of(user_id)
        if platform == "system" and local_part(user_id) in _SYSTEM_NAMES:
            return _(_SYSTEM_NAMES[local_part(user_id)])
        people = self._people.get(platform)
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

    async def send_to_user(
        self, user_id: UserId, reply: Reply, *, key: str | None = None
    ) -> str | None:
        loop = self._loops.get(platform_of(user_id))
        return await on_loop(loop, self._route(user_id).send_to_user(user_id, reply, key=key))

    async def send_to_conversation(
        self, conversation_id: ConversationId, reply: Reply, *, key: str | None = None
    ) -> str | None:
        messenger = self._route(conversation_id)
        loop = self._loops.get(platform_of(conversation_id))
        return await on_loop(loop, messenger.send_to_conversation(conversation_id, reply, key=key))

    async def send_in_thread(
        self, recipient: str, root: str, reply: Reply, *, to_user: bool, key: str | None = None
    ) -> str | None:
        """In the thread of ``root`` where the platform has threads; top-level elsewhere."""
        messenger = self._route(recipient)
        loop = self._loops.get(platform_of(recipient))
        if isinstance(messenger, ThreadedMessenger):
            call = messenger.send_in_thread(recipient, root, reply, to_user=to_user, key=key)
            return await on_loop(loop, call)
        if to_user:
            return await self.send_to_user(UserId(recipient), reply, key=key)
        return await self.send_to_conversation(ConversationId(recipient), reply, key=key)

    async def edit(
        self, recipient: str, message: str, reply: Reply, *, to_user: bool, key: str | None = None
    ) -> None:
        """Edit ``message`` where the platform can (elsewhere the old one stays as it is)."""
        messenger = self._route(recipient)
        loop = self._loops.get(platform_of(recipient))
        if isinstance(messenger, ThreadedMessenger):
            await on_loop(loop, messenger.edit(recipient, message, reply, to_user=to_user, key=key))
