"""Reply -> HTML, every string escaped. Buttons become forms running their command (with the
page's CSRF token) when a request is given; links are clickable only for http(s) URLs."""

from __future__ import annotations

import base64

from adapters.web.layout import command_form, esc
from adapters.web.pages import WebRequest
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
)


def safe_url(url: str) -> str | None:
    """``url`` when it is an http(s) or mailto address, else None (``javascript:``...)."""
    lowered = url.strip().lower()
    return url.strip() if lowered.startswith(("https://", "http://", "mailto:")) else None


def link(label: str, url: str) -> str:
    """An escaped link, or the escaped text when ``url`` is not a web address."""
    target = safe_url(url)
    shown = esc(label or url)
    if target is None:
        return shown
    return f'<a href="{esc(target)}" rel="noopener noreferrer">{shown}</a>'


def _lines(text: str) -> str:
    return "<br>".join(esc(line) for line in text.split("\n"))


def render(reply: Reply, req: WebRequest | None = None) -> str:
    parts: list[str] = []
    for block in reply.blocks:
        match block:
            case Heading(text):
                parts.append(f"<h2>{esc(text)}</h2>")
            case Text(text):
                parts.append(f"<p>{_lines(text)}</p>")
            case Note(text):
                parts.append(f'<p class="note">{_lines(text)}</p>')
            case Fields(items):
                rows = "".join(f"<dt>{esc(k)}</dt><dd>{_lines(v)}</dd>" for k, v in items)
                parts.append(f"<dl>{rows}</dl>")
            case BulletList(items):
                parts.append("<ul>" + "".join(f"<li>{_lines(i)}</li>" for i in items) + "</ul>")
            case Link(label, url):
                parts.append(f"<p>{link(label, url)}</p>")
            case Divider():
                parts.append("<hr>")
            case Actions(buttons):
                if req is None:
                    shown = " ".join(f"[{esc(b.label)}]" for b in buttons)
                    parts.append(f'<p class="note">{shown}</p>')
                else:
                    forms = "".join(command_form(req, b.command_line, b.label) for b in buttons)
                    parts.append(f'<div class="actions">{forms}</div>')
            case Image(png=png, alt=alt):
                data = base64.b64encode(png).decode("ascii")
                parts.append(f'<img src="data:image/png;base64,{data}" alt="{esc(alt)}">')
    return "".join(parts)
