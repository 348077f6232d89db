"""The core's outbound port on Slack: direct messages and channel posts."""

from __future__ import annotations

import logging
from typing import Any

from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.render import render
from chatbot.ids import ConversationId, UserId, local_part
from chatbot.reply import Reply

log = logging.getLogger(__name__)


class SlackMessenger:
    """Implements :class:`chatbot.ports.Messenger` with the Web API.

    A user's direct conversation is opened once (``conversations.open``) and remembered.
    Rate limits are the client's business: it is built with a 429 retry handler.
    """

    def __init__(self, client: AsyncWebClient) -> None:
        self._client = client
        self._dm_channels: dict[str, str] = {}

    async def send_to_user(self, user_id: UserId, reply: Reply) -> None:
        await self.post(await self.direct_channel(local_part(user_id)), reply)

    async def send_to_conversation(self, conversation_id: ConversationId, reply: Reply) -> None:
        await self.post(local_part(conversation_id), reply)

    async def direct_channel(self, slack_user: str) -> str:
        if slack_user not in self._dm_channels:
            response = await self._client.conversations_open(users=slack_user)
            self._dm_channels[slack_user] = response["channel"]["id"]
        return self._dm_channels[slack_user]

    async def post(self, channel: str, reply: Reply, **extra: Any) -> None:
        """Post ``reply`` publicly in ``channel`` (``extra``: ``thread_ts``, ...)."""
        await self._client.chat_postMessage(
            channel=channel, unfurl_links=False, unfurl_media=False, **render(reply), **extra
        )
