"""A chat command's answer shown inside a page (W2's pages): the blocks as the web renders
them, with the buttons fitted to a page.

A "Show more" button becomes a link to the page's next page (a GET, nothing is run); a button
whose command still lacks what it asks for next (``reject suggestion#3``: why?) becomes a form
with that field; the buttons a page replaces with its own forms are left out.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Mapping

from adapters.web.layout import command_form, esc
from adapters.web.pages import WebRequest
from adapters.web.render import render
from chatbot.i18n import _
from chatbot.reply import Actions, Button, Reply

_PAGE = re.compile(r"(?:^|\s)page\s+(\d{1,6})$")
_BARE_REJECT = re.compile(r"^(suggestion|anomaly)#\d+$")


def next_page(button: Button) -> int | None:
    """The page a "Show more" button asks for (``suggestions page 2`` -> 2)."""
    found = _PAGE.search(button.command_line)
    return int(found.group(1)) if found else None


def answer_html(
    req: WebRequest,
    reply: Reply,
    *,
    page_link: Callable[[int], str] | None = None,
    left_out: Collection[str] = (),
    asks: Mapping[str, str] | None = None,
) -> str:
    """``reply`` as HTML. ``page_link(n)``: the URL of page ``n`` of this answer; ``left_out``:
    the commands (``suggest``) whose buttons the page replaces; ``asks``: for a command whose
    button lacks its last argument, the label of the field that asks it."""
    fields = {"reject": _("Why?"), **(asks or {})}
    parts = []
    for block in reply.blocks:
        if not isinstance(block, Actions):
            parts.append(render(Reply((block,)), req))
            continue
        shown = []
        for button in block.buttons:
            if button.action_id in left_out:
                continue
            number = next_page(button)
            if number is not None and page_link is not None:
                shown.append(
                    f'<a class="more" href="{esc(page_link(number))}">{esc(button.label)}</a>'
                )
            elif button.action_id == "reject" and _BARE_REJECT.match(button.value):
                shown.append(
                    command_form(req, button.command_line, button.label, field=fields["reject"])
                )
            elif button.action_id in fields and not button.value.strip():
                shown.append(
                    command_form(
                        req, button.command_line, button.label, field=fields[button.action_id]
                    )
                )
            else:
                shown.append(command_form(req, button.command_line, button.label))
        if shown:
            parts.append(f'<div class="actions">{"".join(shown)}</div>')
    return "".join(parts)
