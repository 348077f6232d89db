"""The core's outbound port on Slack: direct messages and channel posts.

The outbox's deliveries (:meth:`SlackMessenger.send_to_user`, ``send_to_conversation``) make one
attempt, with a client that retries nothing, and map what Slack answers to a
:class:`~chatbot.delivery.DeliveryError`: the outbox retries, waits out a 429's
``Retry-After`` in the database (holding nothing), or gives up on a permanent refusal. Slack has
no idempotency key for ``chat.postMessage``, so ``key`` is not sent. Each post returns its
reference (``channel|ts``): a report's updates go in that thread (``thread_ts``) and its card is
edited in place (``chat.update``), see :mod:`chatbot.threads`.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable
from datetime import timedelta
from typing import Any, TypeVar

import aiohttp
from slack_sdk.errors import SlackApiError, SlackClientError
from slack_sdk.web.async_client import AsyncSlackResponse, AsyncWebClient

from adapters.slack.render import render
from chatbot.delivery import DeliveryError
from chatbot.ids import ConversationId, UserId, local_part
from chatbot.reply import Image, Reply

log = logging.getLogger(__name__)

T = TypeVar("T")

PERMANENT_ERRORS = frozenset(
    {
        "not_in_channel",
        "channel_not_found",
        "is_archived",
        "invalid_blocks",
        "invalid_blocks_format",
        "msg_too_long",
        "no_text",
        "too_many_attachments",
        "invalid_arguments",
        "user_not_found",
        "users_not_found",
        "user_disabled",
        "account_inactive",
        "cannot_dm_bot",
        "messages_tab_disabled",
        "restricted_action",
        "message_not_found",
        "thread_not_found",
        "cant_update_message",
        "edit_window_closed",
    }
)
"""Slack refusals that no retry can change: the message stops at once."""


def delivery_error(error: SlackApiError) -> DeliveryError:
    """What the outbox should do after Slack answered ``error``."""
    response = error.response
    code = str(response.get("error") or "") if isinstance(response.data, dict) else ""
    if response.status_code == 429:
        return DeliveryError(
            f"slack: rate limited ({code or 429})", retry_after=_retry_after(response.headers)
        )
    reason = f"slack: {code or f'HTTP {response.status_code}'}"
    return DeliveryError(reason, permanent=code in PERMANENT_ERRORS)


def _retry_after(headers: Any) -> timedelta:
    for name, value in dict(headers or {}).items():
        if str(name).lower() == "retry-after":
            raw = value[0] if isinstance(value, list | tuple) else value
            try:
                return timedelta(seconds=max(int(str(raw).strip()), 1))
            except ValueError:
                break
    return timedelta(seconds=1)


def message_ref(channel: str, ts: str) -> str:
    """How the core names a Slack message (see :mod:`chatbot.ports.threads`)."""
    return f"{channel}|{ts}"


def split_ref(ref: str) -> tuple[str, str]:
    """``(channel, ts)`` of a :func:`message_ref`."""
    channel, _, ts = ref.partition("|")
    return channel, ts


async def one_attempt(call: Awaitable[T]) -> T:
    """Await a Web API call, mapping every failure to a :class:`DeliveryError`."""
    try:
        return await call
    except SlackApiError as error:
        raise delivery_error(error) from error
    except (TimeoutError, aiohttp.ClientError) as error:
        raise DeliveryError(f"slack: connection failed ({error!r})") from error


class SlackMessenger:
    """Implements :class:`chatbot.ports.Messenger` with the Web API.

    A user's direct conversation is opened once (``conversations.open``) and remembered.
    Answers (:meth:`post`) go through ``client``, which retries rate limits itself.
    """

    def __init__(self, client: AsyncWebClient) -> None:
        self._client = client
        self._once = AsyncWebClient(
            token=client.token,
            base_url=client.base_url,
            session=client.session,
            timeout=client.timeout,
            retry_handlers=[],
        )
        self._dm_channels: dict[str, str] = {}

    async def send_to_user(
        self, user_id: UserId, reply: Reply, *, key: str | None = None
    ) -> str | None:
        channel = await self.direct_channel(local_part(user_id))
        return await self._post_ref(channel, reply)

    async def send_to_conversation(
        self, conversation_id: ConversationId, reply: Reply, *, key: str | None = None
    ) -> str | None:
        return await self._post_ref(local_part(conversation_id), reply)

    async def send_in_thread(
        self, recipient: str, root: str, reply: Reply, *, to_user: bool, key: str | None = None
    ) -> str | None:
        """A reply in the thread of ``root`` (``channel|ts``), not broadcast to the channel."""
        channel, ts = split_ref(root)
        return await self._post_ref(channel, reply, thread_ts=ts)

    async def edit(
        self, recipient: str, message: str, reply: Reply, *, to_user: bool, key: str | None = None
    ) -> None:
        """``chat.update`` of the bot's own message ``message`` (``channel|ts``)."""
        channel, ts = split_ref(message)
        await one_attempt(self._once.chat_update(channel=channel, ts=ts, **render(reply)))

    async def _post_ref(self, channel: str, reply: Reply, **extra: Any) -> str | None:
        response = await one_attempt(self._post_once(channel, reply, **extra))
        await self.share_images(channel, reply, thread_ts=extra.get("thread_ts"))
        ts = response.get("ts")
        return message_ref(str(response.get("channel") or channel), str(ts)) if ts else None

    async def share_images(self, channel: str, reply: Reply, *, thread_ts: str | None) -> None:
        """Upload ``reply``'s images to ``channel`` below it (``files.getUploadURLExternal``,
        then ``files.completeUploadExternal``), each with its text as ``alt_txt``. The message
        already holds the same figures in text, so a failed upload is logged, never retried:
        a retry would post the message twice."""
        for image in (block for block in reply.blocks if isinstance(block, Image)):
            try:
                await self._once.files_upload_v2(
                    channel=channel,
                    file=image.png,
                    filename=image.name,
                    title=image.alt[:250],
                    alt_txt=image.alt[:1000],
                    thread_ts=thread_ts,
                    request_file_info=False,
                )
            except (SlackApiError, SlackClientError, TimeoutError, aiohttp.ClientError) as error:
                log.warning("slack: could not upload %s to %s: %r", image.name, channel, error)

    async def direct_channel(self, slack_user: str) -> str:
        if slack_user not in self._dm_channels:
            response = await one_attempt(self._once.conversations_open(users=slack_user))
            self._dm_channels[slack_user] = response["channel"]["id"]
        return self._dm_channels[slack_user]

    async def _post_once(self, channel: str, reply: Reply, **extra: Any) -> AsyncSlackResponse:
        return await self._once.chat_postMessage(
            channel=channel, unfurl_links=False, unfurl_media=False, **render(reply), **extra
        )

    async def post(self, channel: str, reply: Reply, **extra: Any) -> None:
        """Post ``reply`` publicly in ``channel`` (``extra``: ``thread_ts``, ...)."""
        await self._client.chat_postMessage(
            channel=channel, unfurl_links=False, unfurl_media=False, **render(reply), **extra
        )
