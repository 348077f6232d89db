"""Reply -> Slack message (Block Kit blocks plus a plain ``text`` fallback): one pure function.

Every string of a Reply is plain text: it is escaped (``&``, ``<``, ``>``) and sent as
``verbatim`` mrkdwn, so nothing from a user or the directory becomes a mention, a channel-wide
ping or a link. Slack's limits are enforced here by cutting, with a visible hint.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import quote

from chatbot.i18n import _
from chatbot.links import is_web_url
from chatbot.reply import (
    Actions,
    Block,
    BulletList,
    Button,
    Divider,
    Fields,
    Heading,
    Image,
    Link,
    Note,
    Reply,
    Text,
)

MAX_BLOCKS = 50
MAX_TEXT = 3000
MAX_FIELD_TEXT = 2000
MAX_FIELDS = 10
MAX_BUTTONS = 25
MAX_BUTTON_TEXT = 75
MAX_VALUE = 2000
MAX_ACTION_ID = 255

RUN_ACTION = "run"
"""Prefix of the action id of every button carrying a core command line (in its value)."""
SHARE_ACTION = "share"
"""The action id of the adapter's own "share in channel" button."""

SlackBlock = dict[str, Any]
_SLACK_ID = re.compile(r"^[A-Z0-9]+$")
_LINK_SCHEMES = ("mailto:", "tel:")
"""Linked as they are; ``http(s)://`` addresses must pass :func:`~chatbot.links.is_web_url`."""


def escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def more_hint() -> str:
    return " " + _("… (more not shown: too long for Slack)")


def cut(text: str, limit: int) -> str:
    """``text`` (already escaped) within ``limit`` characters, ending with a "more" hint if
    cut; never splits an ``&amp;``-style entity."""
    if len(text) <= limit:
        return text
    hint = more_hint()
    kept = text[: max(0, limit - len(hint))]
    amp = kept.rfind("&", max(0, len(kept) - 5))
    if amp != -1 and ";" not in kept[amp:]:
        kept = kept[:amp]
    return kept.rstrip() + hint


def cut_plain(text: str, limit: int) -> str:
    """Plain (unescaped) text within ``limit`` characters, ending with "…" if cut."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def mrkdwn(text: str, limit: int = MAX_TEXT) -> dict[str, Any]:
    """A text object holding already escaped ``text``; ``verbatim`` stops auto-linking."""
    return {"type": "mrkdwn", "text": cut(text, limit) or " ", "verbatim": True}


def section(text: str) -> SlackBlock:
    return {"type": "section", "text": mrkdwn(text)}


def context(text: str) -> SlackBlock:
    return {"type": "context", "elements": [mrkdwn(text)]}


def button(label: str, action_id: str, value: str) -> dict[str, Any]:
    return {
        "type": "button",
        "text": {"type": "plain_text", "text": cut_plain(label, MAX_BUTTON_TEXT), "emoji": True},
        "action_id": action_id[:MAX_ACTION_ID],
        "value": value,
    }


def link_text(label: str, url: str) -> str:
    """``<url|label>`` for well-formed web addresses, mail and phone links; anything else
    stays inert text."""
    url = url.strip()
    web = url.lower().startswith(("http://", "https://"))
    if not (is_web_url(url) if web else url.lower().startswith(_LINK_SCHEMES)):
        return escape(f"{label}: {url}" if label and label != url else url)
    safe_url = escape(quote(url, safe=":/?#[]@!$&'()*+,;=%~"))
    return f"<{safe_url}|{escape(label)}>" if label else f"<{safe_url}>"


def _blocks(block: Block, buttons_before: int) -> list[SlackBlock]:
    match block:
        case Heading(text):
            return [section(f"*{escape(text.strip())}*")] if text.strip() else []
        case Text(text):
            return [section(escape(text))] if text.strip() else []
        case Note(text):
            return [context(escape(text))] if text.strip() else []
        case Fields(items):
            fields = [
                mrkdwn(f"*{escape(label)}*\n{escape(value) or '-'}", MAX_FIELD_TEXT)
                for label, value in items
            ]
            return [
                {"type": "section", "fields": fields[i : i + MAX_FIELDS]}
                for i in range(0, len(fields), MAX_FIELDS)
            ]
        case BulletList(items):
            return [section("\n".join(f"• {escape(item)}" for item in items))] if items else []
        case Link(label, url):
            return [section(link_text(label, url))]
        case Divider():
            return [{"type": "divider"}]
        case Image(alt=alt):  # the picture itself is uploaded beside (see the messenger)
            return [context(escape(alt))] if alt.strip() else []
        case Actions(buttons):
            elements = [
                _run_button(b, buttons_before + i)
                for i, b in enumerate(buttons)
                if len(b.command_line) <= MAX_VALUE  # a cut command would run something else
            ]
            return [
                {"type": "actions", "elements": elements[i : i + MAX_BUTTONS]}
                for i in range(0, len(elements), MAX_BUTTONS)
            ]
    return []


def _run_button(b: Button, index: int) -> dict[str, Any]:
    # Slack wants action ids unique within a message; the command line travels in the value.
    return button(b.label or b.action_id, f"{RUN_ACTION}:{index}:{b.action_id}", b.command_line)


def render(
    reply: Reply, *, share_id: str | None = None, shared_by: str | None = None
) -> dict[str, Any]:
    """The ``text`` and ``blocks`` of a Slack message showing ``reply``.

    ``share_id``: add a "Share in channel" button carrying the id the answer is kept under
    (see :class:`chatbot.ports.SharedAnswers`).
    ``shared_by``: the raw Slack user id of who shared it, shown in a footer.
    """
    blocks: list[SlackBlock] = []
    buttons_before = 0
    for block in reply.blocks:
        blocks.extend(_blocks(block, buttons_before))
        if isinstance(block, Actions):
            buttons_before += len(block.buttons)
    tail: list[SlackBlock] = []
    if shared_by and _SLACK_ID.match(shared_by):
        tail.append(context(_("Shared by {user}").format(user=f"<@{shared_by}>")))
    if share_id and len(share_id) <= MAX_VALUE:
        tail.append(
            {
                "type": "actions",
                "elements": [button(_("Share in channel"), SHARE_ACTION, share_id)],
            }
        )
    room = MAX_BLOCKS - len(tail)
    if len(blocks) > room:
        blocks = [*blocks[: room - 1], context(escape(more_hint().strip()))]
    return {"text": cut(escape(reply.plain_text()), MAX_TEXT) or " ", "blocks": blocks + tail}
