"""SlackAdapter: connect in Socket Mode or serve HTTP, until cancelled."""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Any

from aiohttp import ClientSession, web
from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request
from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
from slack_bolt.async_app import AsyncApp
from slack_sdk.socket_mode.async_client import AsyncBaseSocketModeClient

from adapters.slack.app import SlackHandlers, build_bolt_app, web_client
from adapters.slack.convert import PLATFORM
from adapters.slack.messenger import SlackMessenger
from adapters.slack.people import SlackPeople
from adapters.slack.settings import EVENTS_PATH, SlackSettings
from adapters.spec import PlatformHealth
from chatbot.bot import Bot
from chatbot.messenger import MessengerRouter
from chatbot.offloop import OffLoop
from chatbot.ports import EventLog, SharedAnswers

log = logging.getLogger(__name__)


def events_web_app(bolt_app: AsyncApp) -> web.Application:
    """An aiohttp app serving ``POST /slack/events``; a payload bolt cannot read is logged and
    answered 400, never a crash."""

    async def handle(request: web.Request) -> web.Response:
        try:
            bolt_request = await to_bolt_request(request)
            return await to_aiohttp_response(await bolt_app.async_dispatch(bolt_request))
        except Exception as error:
            log.error("slack: unreadable request to %s ignored (%r)", request.path, error)
            return web.Response(status=400, text="bad request")

    web_app = web.Application()
    web_app.add_routes([web.post(EVENTS_PATH, handle)])
    return web_app


class SlackAdapter:
    def __init__(
        self,
        *,
        bot: Bot,
        router: MessengerRouter,
        settings: SlackSettings,
        events: EventLog,
        answers: SharedAnswers,
        core: OffLoop,
    ) -> None:
        self._bot = bot
        self._router = router
        self._settings = settings
        self._events = events
        self._answers = answers
        self._core = core
        self._handlers: SlackHandlers | None = None
        self._runner: web.AppRunner | None = None
        self._socket: AsyncSocketModeHandler | None = None
        self._session: ClientSession | None = None
        self.ready = asyncio.Event()
        self.port: int | None = None
        """The port HTTP mode listens on, once ready (useful with ``SLACK_PORT=0``)."""
        self._heard_at: float | None = None
        """When Socket Mode last heard from Slack (connected, an envelope), ``time.time()``."""

    async def start(self) -> None:
        """Connect (Socket Mode) or listen (HTTP), then serve until cancelled."""
        settings = self._settings
        self._session = ClientSession()
        client = web_client(
            settings.slack_bot_token.get_secret_value(), settings.api_url, self._session
        )
        auth = await client.auth_test()
        bot_user_id = str(auth.get("user_id") or "")
        messenger = SlackMessenger(client)
        self._router.register(PLATFORM, messenger)
        self._router.register_people(PLATFORM, SlackPeople(client))
        self._handlers = SlackHandlers(
            bot=self._bot,
            client=client,
            messenger=messenger,
            events=self._events,
            answers=self._answers,
            bot_user_id=bot_user_id,
            core=self._core,
        )
        try:
            if settings.socket_mode:
                bolt_app = build_bolt_app(self._handlers, client=client, signing_secret=None)
                self._socket = AsyncSocketModeHandler(
                    bolt_app, settings.slack_app_token.get_secret_value(), web_client=client
                )
                self._socket.client.message_listeners.append(self._heard)
                await self._socket.connect_async()
                self._heard_at = time.time()
                log.info("slack: connected in Socket Mode as %s", bot_user_id)
            else:
                secret = settings.slack_signing_secret.get_secret_value()
                bolt_app = build_bolt_app(self._handlers, client=client, signing_secret=secret)
                self._runner = web.AppRunner(events_web_app(bolt_app), access_log=None)
                await self._runner.setup()
                site = web.TCPSite(self._runner, settings.slack_host, settings.slack_port)
                await site.start()
                self.port = self._runner.addresses[0][1]
                log.info(
                    "slack: listening on http://%s:%s%s as %s",
                    settings.slack_host,
                    self.port,
                    EVENTS_PATH,
                    bot_user_id,
                )
            self.ready.set()
            await asyncio.Event().wait()
        finally:
            await self.stop()

    async def health(self) -> PlatformHealth:
        """Socket Mode: connected, and silent since the last envelope or ping answered; HTTP:
        serving (Slack calls it; its silence says nothing)."""
        if self._socket is None:
            return PlatformHealth(connected=self._runner is not None, silent_for=0.0)
        client = self._socket.client
        pong: float | None = getattr(client, "last_ping_pong_time", None)
        heard = max(self._heard_at or 0.0, pong or 0.0)
        silent = time.time() - heard if heard else None
        return PlatformHealth(connected=await client.is_connected(), silent_for=silent)

    async def reconnect(self) -> None:
        """Socket Mode: a new WebSocket (HTTP mode has nothing to reconnect)."""
        if self._socket is not None:
            await self._socket.client.connect_to_new_endpoint(force=True)
            self._heard_at = time.time()

    async def _heard(
        self, _client: AsyncBaseSocketModeClient, _message: dict[str, Any], _raw: str | None
    ) -> None:
        self._heard_at = time.time()

    async def stop(self) -> None:
        """Stop taking payloads, let running work finish briefly, close connections."""
        if self._socket is not None:
            socket, self._socket = self._socket, None
            await socket.close_async()
        if self._runner is not None:
            runner, self._runner = self._runner, None
            await runner.cleanup()
        if self._handlers is not None:
            await self._handlers.background.drain()
        if self._session is not None:
            session, self._session = self._session, None
            await session.close()
        self.ready.clear()
