"""Matrix events -> what the core understands: pure functions, no I/O.

A room message is a command when it starts with the prefix (``!lookup caf``), mentions the bot
(a pill, ``m.mentions`` or its name first), or is sent in a private room. Mentions of other
people become platform-qualified ids (``matrix:@ana:example.org``), as the core names users.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from html.parser import HTMLParser
from typing import Any

from nio import MatrixRoom, RoomMemberEvent

from adapters.matrix.render import KEYCAPS
from chatbot.attachments import Attachment
from chatbot.ids import ConversationId, UserId, qualify
from chatbot.messages import Incoming

PLATFORM = "matrix"

_MATRIX_TO = re.compile(r"^https://matrix\.to/#/(@[^/?#]+)")
_TYPED_ID = re.compile(r"(?<![\w:])@[a-z0-9._=\-/+]+:[A-Za-z0-9.\-]+(?::\d+)?", re.IGNORECASE)

CLOSED_JOIN_RULES = frozenset({"invite", "knock", "private"})
"""Join rules under which nobody joins without a member's invitation or approval."""


def user_id(raw: str) -> UserId:
    return UserId(qualify(PLATFORM, raw))


def conversation_id(room_id: str) -> ConversationId:
    return ConversationId(qualify(PLATFORM, room_id))


def permalink(room_id: str, event_id: str) -> str:
    return f"https://matrix.to/#/{room_id}/{event_id}"


def alone_with_bot(member_count: int) -> bool:
    """A room whose only members (joined or invited) are the user and the bot: every message
    there is for the bot. Not enough to show internal details (see :func:`is_private`)."""
    return member_count <= 2


def is_private(room: MatrixRoom) -> bool:
    """Whether internal details (an internal phone line...) may be shown in ``room``: a direct
    conversation with the bot that nobody else can join.

    Its join rule must let nobody in uninvited (:data:`CLOSED_JOIN_RULES`; ``restricted`` lets
    members of other rooms in, ``public`` anyone, who would read the history) and it must have
    exactly two members, joined or invited: the bot and one person. nio updates the room at
    every sync, so a join-rule change or a third member counts from the next event on.
    """
    members = max(room.member_count, len(room.users))
    return room.join_rule in CLOSED_JOIN_RULES and members == 2 and room.own_user_id in room.users


def message_text(content: Mapping[str, Any], *, bot_user_id: str) -> tuple[str, bool]:
    """The text of a message without reply fallback, and whether it mentions the bot."""
    mentions = content.get("m.mentions")
    mentioned = isinstance(mentions, Mapping) and bot_user_id in (mentions.get("user_ids") or ())
    html = content.get("formatted_body")
    if content.get("format") == "org.matrix.custom.html" and isinstance(html, str):
        parser = _PillParser(bot_user_id)
        parser.feed(html)
        parser.close()
        return " ".join(parser.text().split()), mentioned or parser.mentioned
    body = content.get("body")
    text = strip_reply_fallback(body) if isinstance(body, str) else ""
    return " ".join(text.split()), mentioned


def command_line(
    text: str, *, mentioned: bool, private: bool, prefix: str, bot_names: Iterable[str]
) -> str | None:
    """The command a message asks for, or None when it is not addressed to the bot."""
    for name in bot_names:
        if name and text.lower().startswith(name.lower()):
            rest = text[len(name) :]
            if not rest or rest[0] in ":, ":
                return _qualify_typed_ids(rest.lstrip(":, ").removeprefix(prefix).strip())
    if prefix and text.startswith(prefix):
        return _qualify_typed_ids(text[len(prefix) :].strip())
    if mentioned or private:
        return _qualify_typed_ids(text.lstrip(":, ").removeprefix(prefix).strip())
    return None


def reaction_choice(key: str) -> int | None:
    """The choice a keycap reaction picks (with or without the emoji variation selector)."""
    normalized = key.replace("\ufe0f", "")
    for number, keycap in enumerate(KEYCAPS, start=1):
        if normalized == keycap.replace("\ufe0f", ""):
            return number
    return None


def strip_reply_fallback(body: str) -> str:
    """Drop the ``> <@x> quoted`` lines clients put before the text of a reply."""
    lines = body.split("\n")
    if not lines or not lines[0].startswith(">"):
        return body
    index = 0
    while index < len(lines) and lines[index].startswith(">"):
        index += 1
    return "\n".join(lines[index:]).strip()


def incoming(
    *,
    text: str,
    sender: str,
    sender_name: str,
    room_id: str,
    private: bool,
    event_id: str | None = None,
    is_action: bool = False,
    attachments: tuple[Attachment, ...] = (),
) -> Incoming:
    return Incoming(
        text=text,
        sender_id=user_id(sender),
        sender_name=sender_name or sender,
        conversation_id=conversation_id(room_id),
        platform=PLATFORM,
        private=private,
        is_action=is_action,
        permalink=permalink(room_id, event_id) if event_id else None,
        attachments=attachments,
    )


def _qualify_typed_ids(text: str) -> str:
    return _TYPED_ID.sub(lambda m: qualify(PLATFORM, m.group(0)), text)


class _PillParser(HTMLParser):
    """Text of an HTML body: pills become qualified ids (the bot's vanishes), the reply
    fallback (``<mx-reply>``) is dropped, line breaks are kept."""

    def __init__(self, bot_user_id: str) -> None:
        super().__init__(convert_charrefs=True)
        self.bot_user_id = bot_user_id
        self.mentioned = False
        self._parts: list[str] = []
        self._in_reply = 0
        self._in_pill = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "mx-reply":
            self._in_reply += 1
        elif tag == "a" and not self._in_reply:
            match = _MATRIX_TO.match(dict(attrs).get("href") or "")
            if match:
                self._in_pill = True
                mxid = match.group(1)
                if mxid == self.bot_user_id:
                    self.mentioned = True
                else:
                    self._parts.append(qualify(PLATFORM, mxid))
        elif tag in ("br", "p", "div", "li"):
            self._parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "mx-reply":
            self._in_reply = max(0, self._in_reply - 1)
        elif tag == "a":
            self._in_pill = False

    def handle_data(self, data: str) -> None:
        if not self._in_reply and not self._in_pill:
            self._parts.append(data)

    def text(self) -> str:
        return "".join(self._parts)


def after_own_join(events: Sequence[Any], bot_user_id: str) -> list[Any]:
    """The timeline events after the bot's own (latest) join: what came before it is history
    the bot was not there for."""
    start = 0
    for index, event in enumerate(events):
        if (
            isinstance(event, RoomMemberEvent)
            and event.state_key == bot_user_id
            and event.membership == "join"
            and event.prev_membership != "join"
        ):
            start = index + 1
    return list(events[start:])


def relation(content: Mapping[str, Any]) -> tuple[str | None, str | None, str | None]:
    """``(rel_type, replied-to event id, thread root)`` of a message content."""
    relates = content.get("m.relates_to")
    if not isinstance(relates, Mapping):
        return None, None, None
    rel_type = relates.get("rel_type")
    reply = relates.get("m.in_reply_to")
    reply_to = reply.get("event_id") if isinstance(reply, Mapping) else None
    thread = relates.get("event_id") if rel_type == "m.thread" else None
    return (
        rel_type if isinstance(rel_type, str) else None,
        reply_to if isinstance(reply_to, str) else None,
        thread if isinstance(thread, str) else None,
    )


FILE_MSGTYPES = frozenset({"m.image", "m.file"})


def attachment(content: Mapping[str, Any]) -> Attachment | None:
    """An ``m.image`` / ``m.file`` content as the core's reference: its ``mxc://`` URI, name,
    type and size, and in an encrypted room the ``file`` object a client needs to decrypt the
    content (key, iv, hashes). Never the content. None for other messages."""
    if content.get("msgtype") not in FILE_MSGTYPES:
        return None
    encrypted = content.get("file")
    if isinstance(encrypted, Mapping):
        url = encrypted.get("url")
        decryption = json.dumps(dict(encrypted), sort_keys=True, separators=(",", ":"))
    else:
        url, decryption = content.get("url"), ""
    if not isinstance(url, str) or not url.startswith("mxc://"):
        return None
    info = content.get("info")
    info = info if isinstance(info, Mapping) else {}
    size = info.get("size")
    name = content.get("filename") or content.get("body") or url.rsplit("/", 1)[-1]
    return Attachment(
        file_id=url,
        name=str(name),
        mime_type=str(info.get("mimetype") or ""),
        size=size if isinstance(size, int) and size > 0 else 0,
        url=url,
        decryption=decryption,
    )
