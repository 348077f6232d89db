"""Reply -> Matrix message content: one pure function, tested on exact output.

Every string of a Reply is plain text: it is escaped into the HTML ``formatted_body``, and the
content carries an empty ``m.mentions`` so that no text (``@room``, a display name) notifies
anyone. Buttons become numbered choices, answered with ``!1`` or a keycap reaction.
"""

from __future__ import annotations

from html import escape
from typing import Any

from chatbot.i18n import _
from chatbot.links import is_web_url
from chatbot.reply import (
    Actions,
    BulletList,
    Divider,
    Fields,
    Heading,
    Image,
    Link,
    Note,
    Reply,
    Text,
    choice_numbers,
)

KEYCAPS: tuple[str, ...] = tuple(f"{n}\ufe0f\u20e3" for n in range(1, 10))
"""1️⃣ .. 9️⃣: the reactions that answer choices 1 to 9."""

SAFE_SCHEMES = ("mailto:", "tel:", "matrix:")
"""Linked as they are; ``http(s)://`` addresses must pass :func:`~chatbot.links.is_web_url`."""

HTML_FORMAT = "org.matrix.custom.html"


def render(reply: Reply, *, prefix: str = "!", loud: bool = False) -> dict[str, Any]:
    """The message content for ``reply``: a plain ``body`` and an HTML ``formatted_body``.

    An answer is an ``m.notice``, which push rules keep quiet (Synapse's default
    ``.m.rule.suppress_notices``); ``loud`` (what the bot says unprompted: an alert, a
    notification, a nudge) makes it an ``m.text``, which notifies its reader.
    """
    body: list[str] = []
    html: list[str] = []
    numbers = iter(choice_numbers(reply.buttons))
    for block in reply.blocks:
        match block:
            case Heading(text):
                body.append(text)
                html.append(f"<h4>{_html(text)}</h4>")
            case Text(text):
                body.append(text)
                html.append(f"<p>{_html(text)}</p>")
            case Note(text):
                body.append(text)
                html.append(f"<p><em>{_html(text)}</em></p>")
            case Fields(items):
                body.extend(f"{label}: {value}" for label, value in items)
                pairs = (f"<strong>{_html(k)}</strong>: {_html(v)}" for k, v in items)
                html.append(f"<p>{'<br>'.join(pairs)}</p>")
            case BulletList(items):
                body.extend(f"- {item}" for item in items)
                html.append("<ul>" + "".join(f"<li>{_html(item)}</li>" for item in items) + "</ul>")
            case Link(label, url):
                body.append(f"{label}: {url}" if label and label != url else url)
                html.append(f"<p>{_link(label or url, url)}</p>")
            case Divider():
                body.append("---")
                html.append("<hr>")
            case Image(alt=alt):  # the picture follows as an m.image (see the messenger)
                body.append(alt)
                html.append(f"<p><em>{_html(alt)}</em></p>")
            case Actions(buttons):
                shown = [next(numbers) for _b in buttons]
                lines = [
                    f"{choice_marker(n)} {b.label}" for n, b in zip(shown, buttons, strict=True)
                ]
                hint = choice_hint(min(shown, default=1), max(shown, default=1), prefix=prefix)
                body.extend([*lines, hint])
                html.append(f"<p>{'<br>'.join(_html(line) for line in lines)}</p>")
                html.append(f"<p><em>{_html(hint)}</em></p>")
    return {
        "msgtype": "m.text" if loud else "m.notice",
        "body": "\n".join(body),
        "format": HTML_FORMAT,
        "formatted_body": "".join(html),
        "m.mentions": {},
    }


def choice_marker(number: int) -> str:
    """The keycap emoji for 1..9, ``"10."`` beyond."""
    return KEYCAPS[number - 1] if 1 <= number <= len(KEYCAPS) else f"{number}."


def choice_hint(first: int, last: int, *, prefix: str) -> str:
    if first == last:
        return _("To choose, send {command} or react with {emoji}.").format(
            command=f"{prefix}{first}", emoji=choice_marker(first)
        )
    if last <= len(KEYCAPS):
        return _(
            "To choose, send {first} to {last} or react with {first_emoji} to {last_emoji}."
        ).format(
            first=f"{prefix}{first}",
            last=f"{prefix}{last}",
            first_emoji=choice_marker(first),
            last_emoji=choice_marker(last),
        )
    return _("To choose, send {first} to {last}.").format(
        first=f"{prefix}{first}", last=f"{prefix}{last}"
    )


def as_reply_to(
    content: dict[str, Any], event_id: str, *, thread_root: str | None = None
) -> dict[str, Any]:
    """``content`` as a reply to ``event_id`` (kept in the thread of ``thread_root``, if any)."""
    relates: dict[str, Any] = {"m.in_reply_to": {"event_id": event_id}}
    if thread_root:
        relates = {
            "rel_type": "m.thread",
            "event_id": thread_root,
            "is_falling_back": True,
            **relates,
        }
    return {**content, "m.relates_to": relates}


def reaction(event_id: str, key: str) -> dict[str, Any]:
    """An ``m.reaction`` content annotating ``event_id`` with ``key``."""
    return {"m.relates_to": {"rel_type": "m.annotation", "event_id": event_id, "key": key}}


def _html(text: str) -> str:
    return escape(text, quote=True).replace("\n", "<br>")


def _link(label: str, url: str) -> str:
    """An ``<a>`` for a well-formed web address (or a mail, phone or Matrix link); anything
    else stays inert text."""
    if not _linkable(url):
        return _html(f"{label}: {url}" if label != url else url)
    return f'<a href="{escape(url, quote=True)}">{_html(label)}</a>'


def _linkable(url: str) -> bool:
    if url.lower().startswith(("http://", "https://")):
        return is_web_url(url)
    return url.lower().startswith(SAFE_SCHEMES)
