"""Slack payloads -> :class:`chatbot.messages.Incoming`: pure functions, no I/O.

Slack sends text with ``&``, ``<`` and ``>`` escaped and with its own markup (``<@U123>``,
``<#C1|general>``, ``<https://x|label>``); :func:`plain_text` turns it back into what the user
typed, with mentions of other people as platform-qualified ids (``slack:U123``), which is how
the core names users.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from chatbot.attachments import Attachment
from chatbot.ids import ConversationId, UserId, qualify
from chatbot.messages import Incoming

PLATFORM = "slack"

SLASH_COMMANDS: dict[str, str] = {
    "/lookup": "lookup",
    "/annuaire": "lookup",
    "/report": "report",
    "/signaler": "report",
    "/bot": "",
}
"""Slash command -> the core command word it stands for (empty: the text is the command)."""

_MARKUP = re.compile(r"<([^<>]*)>")
_ENTITIES = (("&lt;", "<"), ("&gt;", ">"), ("&amp;", "&"))


class MalformedPayload(ValueError):
    """A payload lacks what every payload of its kind carries."""


def plain_text(text: str, *, bot_user_id: str = "") -> str:
    """What the user typed, from Slack's escaped text: mentions of the bot vanish, other
    mentions become qualified ids, links and channels their label."""

    def replace(match: re.Match[str]) -> str:
        inner = match.group(1)
        target, _bar, label = inner.partition("|")
        if target.startswith("@"):
            user = target[1:]
            return "" if user == bot_user_id else qualify(PLATFORM, user)
        if target.startswith("#"):
            return f"#{label}" if label else qualify(PLATFORM, target[1:])
        if target.startswith("!"):
            return label or f"@{target[1:].partition('^')[0]}"
        return label or target.removeprefix("mailto:")

    text = _MARKUP.sub(replace, text)
    for entity, char in _ENTITIES:
        text = text.replace(entity, char)
    return " ".join(text.split())


def _get(payload: Mapping[str, Any], *path: str) -> str:
    value: Any = payload
    for key in path:
        value = value.get(key) if isinstance(value, Mapping) else None
    if not isinstance(value, str) or not value:
        raise MalformedPayload(f"missing {'.'.join(path)}")
    return value


def _user(raw: str) -> UserId:
    return UserId(qualify(PLATFORM, raw))


def _conversation(raw: str) -> ConversationId:
    return ConversationId(qualify(PLATFORM, raw))


def is_direct_channel(channel_id: str) -> bool:
    """Direct conversations have ids starting with D; channels C (public) or G (private)."""
    return channel_id.startswith("D")


def slash_command_line(command: str, text: str) -> str:
    """``/lookup caf`` -> ``lookup caf``; ``/bot help`` -> ``help``."""
    word = SLASH_COMMANDS.get(command, command.lstrip("/"))
    return f"{word} {text}".strip()


def from_slash_command(body: Mapping[str, Any]) -> Incoming:
    """A slash command form body (already parsed to a dict by bolt)."""
    channel = _get(body, "channel_id")
    line = slash_command_line(_get(body, "command"), plain_text(body.get("text") or ""))
    return Incoming(
        text=line,
        sender_id=_user(_get(body, "user_id")),
        sender_name=str(body.get("user_name") or body["user_id"]),
        conversation_id=_conversation(channel),
        platform=PLATFORM,
        private=is_direct_channel(channel) or body.get("channel_name") == "directmessage",
        is_command=True,  # never the answer to a question the bot asked
        answered_privately=True,  # slash commands are answered ephemerally
    )


def attachment(file: Mapping[str, Any]) -> Attachment | None:
    """A Slack file object (of a message or a form's file field) as the core's reference: its
    permalink, never its content; None without an id."""
    file_id = file.get("id")
    if not isinstance(file_id, str) or not file_id:
        return None
    size = file.get("size")
    return Attachment(
        file_id=file_id,
        name=str(file.get("name") or file.get("title") or file_id),
        mime_type=str(file.get("mimetype") or ""),
        size=size if isinstance(size, int) and size > 0 else 0,
        url=str(file.get("permalink") or ""),
    )


def attachments(files: Any) -> tuple[Attachment, ...]:
    """The references of a list of Slack file objects (what is not one is skipped)."""
    if not isinstance(files, list):
        return ()
    found = (attachment(f) for f in files if isinstance(f, Mapping))
    return tuple(a for a in found if a is not None)


def from_event(event: Mapping[str, Any], *, bot_user_id: str) -> Incoming | None:
    """An ``app_mention`` or ``message.im`` event (a ``file_share`` one too, with its files); a
    channel message only for the files shared in a thread (its text is not for the bot). None
    for what the bot must not answer (its own messages, edits, joins, other bots)."""
    subtype = event.get("subtype")
    if (subtype and subtype != "file_share") or event.get("bot_id"):
        return None
    user = _get(event, "user")
    if user == bot_user_id:
        return None
    channel = _get(event, "channel")
    private = event.get("type") == "message" and (
        event.get("channel_type") == "im" or is_direct_channel(channel)
    )
    files = attachments(event.get("files"))
    text = plain_text(str(event.get("text") or ""), bot_user_id=bot_user_id)
    if event.get("type") == "message" and not private:
        # Channel talk reaches us as app_mention; here only files shared in a thread.
        if not (files and event.get("thread_ts")) or f"<@{bot_user_id}>" in str(event.get("text")):
            return None
        text = ""
    return Incoming(
        text=text,
        sender_id=_user(user),
        sender_name=user,
        conversation_id=_conversation(channel),
        platform=PLATFORM,
        private=private,
        attachments=files,
    )


def clicker(body: Mapping[str, Any]) -> tuple[UserId, str]:
    """The qualified id and name of who clicked or submitted."""
    user = _get(body, "user", "id")
    info = body["user"]
    return _user(user), str(info.get("username") or info.get("name") or user)


def from_click(body: Mapping[str, Any], command_line: str) -> Incoming:
    """A ``block_actions`` payload whose button carries ``command_line``."""
    user_id, name = clicker(body)
    channel = _get(body, "channel", "id")
    return Incoming(
        text=command_line,
        sender_id=user_id,
        sender_name=name,
        conversation_id=_conversation(channel),
        platform=PLATFORM,
        private=is_direct_channel(channel),
        is_action=True,
        answered_privately=True,  # clicks in a channel are answered ephemerally
    )


def from_submission(
    body: Mapping[str, Any],
    command_line: str,
    *,
    channel: str,
    private: bool,
    files: Any = (),
) -> Incoming:
    """A ``view_submission``: the form's command, in the conversation the form came from, with
    the ``files`` of its file field."""
    user_id, name = clicker(body)
    return Incoming(
        text=command_line,
        sender_id=user_id,
        sender_name=name,
        conversation_id=_conversation(channel),
        platform=PLATFORM,
        private=private,
        is_action=True,
        answered_privately=True,  # answered ephemerally
        attachments=attachments(list(files)),
    )
