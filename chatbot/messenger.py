"""Routes outbound messages to the adapter of the recipient's platform."""

from __future__ import annotations

import logging

from chatbot.ids import ConversationId, UserId, platform_of
from chatbot.ports import Messenger
from chatbot.reply import Reply

log = logging.getLogger(__name__)


class NoRouteError(LookupError):
    """No running adapter serves the recipient's platform."""


class MessengerRouter:
    """A :class:`Messenger` that forwards each message to the messenger of its platform.

    Adapters register themselves at start-up; ids are platform-qualified (``"slack:U1"``), so a
    coordinator's approval on Slack reaches a volunteer on Matrix.
    """

    def __init__(self) -> None:
        self._by_platform: dict[str, Messenger] = {}

    def register(self, platform: str, messenger: Messenger) -> None:
        self._by_platform[platform] = messenger

    def platforms(self) -> list[str]:
        return sorted(self._by_platform)

    def _route(self, qualified_id: str) -> Messenger:
        platform = platform_of(qualified_id)
        try:
            return self._by_platform[platform]
        except KeyError:
            raise NoRouteError(f"no adapter running for {platform!r}") from None

    async def send_to_user(self, user_id: UserId, reply: Reply) -> None:
        await self._route(user_id).send_to_user(user_id, reply)

    async def send_to_conversation(self, conversation_id: ConversationId, reply: Reply) -> None:
        await self._route(conversation_id).send_to_conversation(conversation_id, reply)
