"""Serves the cockpit from the bot process while the other adapters serve chat."""

from __future__ import annotations

import asyncio
import logging

from aiohttp import web

from adapters.web.security import RedactingAccessLogger
from adapters.web.server import Cockpit
from adapters.web.settings import WebSettings
from chatbot.bot import Bot
from chatbot.offloop import OffLoop

log = logging.getLogger(__name__)


class WebAdapter:
    def __init__(self, *, bot: Bot, core: OffLoop, settings: WebSettings) -> None:
        self._cockpit = Cockpit(bot=bot, core=core)
        self._settings = settings
        self._runner: web.AppRunner | None = None
        self.port: int | None = None
        """The port it listens on once started (useful with ``BOT_WEB_PORT=0``)."""

    async def listen(self) -> None:
        """Start listening; links point here unless ``BOT_WEB_BASE_URL`` says otherwise."""
        settings = self._settings
        self._runner = web.AppRunner(
            self._cockpit.application(), access_log_class=RedactingAccessLogger
        )
        await self._runner.setup()
        site = web.TCPSite(self._runner, settings.bot_web_host, settings.bot_web_port or 0)
        await site.start()
        self.port = int(self._runner.addresses[0][1])
        if not settings.bot_web_base_url:
            self._cockpit.sign_in.base_url = f"http://{settings.bot_web_host}:{self.port}"
        log.info("web: cockpit on http://%s:%s", settings.bot_web_host, self.port)

    async def start(self) -> None:
        """Listen, then serve until cancelled."""
        await self.listen()
        await asyncio.Event().wait()

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None
