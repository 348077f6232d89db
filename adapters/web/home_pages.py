"""The cockpit's home: links to every page this person may open."""

from __future__ import annotations

from adapters.web.layout import esc
from adapters.web.pages import PAGES, WebRequest, page
from chatbot.i18n import N_, _


@page("/", title=N_("Cockpit"), order=0)
def home(req: WebRequest) -> str:
    links = "".join(
        f'<li><a href="{esc(route.path)}">{esc(_(route.title))}</a></li>'
        for route in PAGES.nav(req.role)
    )
    hello = _("Signed in as {user}.").format(user=req.name(req.user_id))
    return f"<p>{esc(hello)}</p><ul>{links}</ul>"
