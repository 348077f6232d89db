"""Slack membership events -> :class:`chatbot.events.MembershipChanged`: pure, no I/O.

``member_joined_channel`` / ``member_left_channel`` name the channel; ``team_join`` (someone
joined the workspace) is reported with conversation ``""``. The adapter passes the whole
``event_callback`` body (bolt's ``body``) and hands the result to ``bot.observe``.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from adapters.slack.convert import PLATFORM, MalformedPayload, is_direct_channel
from adapters.slack.people import profile_name
from chatbot.events import MembershipChanged, MessagePosted
from chatbot.ids import ConversationId, UserId, qualify

MEMBERSHIP_EVENTS = ("member_joined_channel", "member_left_channel", "team_join")
"""The event types to subscribe to (``channels:read``/``groups:read``, ``users:read``)."""


def membership_change(
    body: Mapping[str, Any], *, bot_user_id: str = ""
) -> MembershipChanged | None:
    """The membership fact in an ``event_callback`` body (or a bare event carrying
    ``event_ts``); None for other events, bots and the bot itself."""
    inner = body.get("event")
    event: Mapping[str, Any] = inner if isinstance(inner, Mapping) else body
    kind = event.get("type")
    if kind not in MEMBERSHIP_EVENTS:
        return None
    at = _time(body, event)
    if kind == "team_join":
        user = event.get("user")
        if not isinstance(user, Mapping):
            raise MalformedPayload("missing user")
        raw = _text(user, "id")
        if user.get("is_bot") or raw == bot_user_id or raw == "USLACKBOT":
            return None
        return MembershipChanged(
            user_id=UserId(qualify(PLATFORM, raw)),
            user_name=profile_name(user) or raw,
            conversation_id=ConversationId(""),
            platform=PLATFORM,
            joined=True,
            at=at,
        )
    raw = _text(event, "user")
    if raw == bot_user_id:
        return None
    return MembershipChanged(
        user_id=UserId(qualify(PLATFORM, raw)),
        user_name=raw,
        conversation_id=ConversationId(qualify(PLATFORM, _text(event, "channel"))),
        platform=PLATFORM,
        joined=kind == "member_joined_channel",
        at=at,
    )


def message_posted(body: Mapping[str, Any], *, bot_user_id: str = "") -> MessagePosted | None:
    """A person's ``message`` event in a channel (``message.channels``/``message.groups``, a
    mention included: Slack sends it as a message too); None for direct messages, edits, joins,
    bots and the bot itself."""
    inner = body.get("event")
    event: Mapping[str, Any] = inner if isinstance(inner, Mapping) else body
    if event.get("type") != "message" or event.get("bot_id"):
        return None
    if event.get("subtype") not in (None, "file_share", "thread_broadcast"):
        return None
    user, channel = event.get("user"), event.get("channel")
    if not isinstance(user, str) or not user or user == bot_user_id:
        return None
    if not isinstance(channel, str) or not channel:
        return None
    if event.get("channel_type") == "im" or is_direct_channel(channel):
        return None
    return MessagePosted(
        user_id=UserId(qualify(PLATFORM, user)),
        conversation_id=ConversationId(qualify(PLATFORM, channel)),
        at=_time(body, event),
    )


def _text(data: Mapping[str, Any], key: str) -> str:
    value = data.get(key)
    if not isinstance(value, str) or not value:
        raise MalformedPayload(f"missing {key}")
    return value


def _time(body: Mapping[str, Any], event: Mapping[str, Any]) -> datetime:
    """When it happened: the envelope's ``event_time``, else the event's ``event_ts``."""
    for value in (body.get("event_time"), event.get("event_ts")):
        if not isinstance(value, str | int | float):
            continue
        try:
            return datetime.fromtimestamp(float(value), tz=UTC)
        except (TypeError, ValueError):
            continue
    raise MalformedPayload("missing event_time")
