"""Web cockpit: pages for coordinators (and volunteers) served by the bot process, on the same
core as chat. Not a chat platform: a session acts for an existing platform identity
(``slack:U0ANA``), signed in with a one-time link the ``web`` command sends in a DM."""

import re

from adapters.spec import Adapter, AdapterHost, AdapterSpec
from adapters.web.settings import WebSettings


def _build(host: AdapterHost) -> Adapter:
    from adapters.web.adapter import WebAdapter

    return WebAdapter(bot=host.bot, core=host.core, settings=WebSettings())


ADAPTER = AdapterSpec(
    name="Web",
    prefix="web",
    configured=lambda: WebSettings().configured,
    build=_build,
    settings=(WebSettings,),
    user_id=re.compile(r"(?!)"),  # no one is a web user: a session is someone of a chat
    conversation_id=re.compile(r"(?!)"),
    chat=False,
)

__all__ = ["ADAPTER", "WebSettings"]
