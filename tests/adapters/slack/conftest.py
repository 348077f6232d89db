from __future__ import annotations

import asyncio
import secrets
from collections.abc import AsyncIterator
from datetime import datetime
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from pydantic import SecretStr

from adapters.slack.adapter import SlackAdapter
from adapters.slack.settings import SlackSettings
from app.wiring import App, build_app
from chatbot.ids import ConversationId, UserId
from chatbot.messenger import MessengerRouter
from chatbot.offloop import OffLoop
from tests.adapters.slack.slack_fake import (
    APP_TOKEN,
    BOT_TOKEN,
    SIGNING_SECRET,
    FakeSlack,
    signed_headers,
)
from tests.adapters.slack.slack_toys import Gate, toy_bot
from tests.harness import bot_settings, no_env


class MemoryEvents:
    def __init__(self) -> None:
        self.keys: set[str] = set()

    def first_time(self, key: str, *, at: object) -> bool:
        if key in self.keys:
            return False
        self.keys.add(key)
        return True


class MemoryAnswers:
    """Shared answers of one toy bot process (the real ones live in the database)."""

    def __init__(self) -> None:
        self.kept: dict[str, tuple[dict[str, Any], datetime]] = {}

    def keep(self, reply: dict[str, Any], *, now: datetime, until: datetime) -> str:
        answer_id = secrets.token_urlsafe(18)
        self.kept[answer_id] = (reply, until)
        return answer_id

    def take(self, answer_id: str, *, now: datetime) -> dict[str, Any] | None:
        reply, until = self.kept.pop(answer_id, ({}, now))
        return reply if reply and now <= until else None


class Running:
    """A started SlackAdapter and a way to send it requests the way Slack does."""

    def __init__(
        self,
        adapter: SlackAdapter,
        task: asyncio.Task[None],
        router: MessengerRouter,
        core: OffLoop,
    ) -> None:
        self.adapter = adapter
        self.task = task
        self.router = router
        self.core = core

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.adapter.port}/slack/events"

    async def post(
        self, body: str, *, content_type: str, headers: dict[str, str] | None = None
    ) -> tuple[int, str]:
        """POST ``body``, signed unless ``headers`` are given; returns (status, text)."""
        all_headers = {"Content-Type": content_type}
        all_headers |= signed_headers(body) if headers is None else headers
        async with (
            aiohttp.ClientSession() as session,
            session.post(self.url, data=body.encode(), headers=all_headers) as response,
        ):
            return response.status, await response.text()

    async def post_form(self, body: str, **kwargs: Any) -> tuple[int, str]:
        return await self.post(body, content_type="application/x-www-form-urlencoded", **kwargs)

    async def post_json(self, body: str, **kwargs: Any) -> tuple[int, str]:
        return await self.post(body, content_type="application/json", **kwargs)

    async def stop(self) -> None:
        self.task.cancel()
        await asyncio.gather(self.task, return_exceptions=True)
        self.core.close()  # what the runner does for the process


async def start_adapter(
    fake: FakeSlack,
    *,
    bot: Any,
    events: Any,
    socket_mode: bool = False,
    router: MessengerRouter | None = None,
    answers: Any = None,
) -> Running:
    """Start the adapter on loopback against ``fake``; pass the app's ``router`` for the bot's
    own messages (outbox deliveries) and display names to go through it."""
    settings = no_env(
        SlackSettings,
        slack_bot_token=SecretStr(BOT_TOKEN),
        slack_signing_secret=SecretStr(SIGNING_SECRET),
        slack_app_token=SecretStr(APP_TOKEN if socket_mode else ""),
        slack_port=0,
        slack_api_url=fake.api_url,
    )
    router = router or MessengerRouter()
    core = OffLoop()
    adapter = SlackAdapter(
        bot=bot,
        router=router,
        settings=settings,
        events=events,
        answers=answers if answers is not None else MemoryAnswers(),
        core=core,
    )
    task = asyncio.create_task(adapter.start())
    ready = asyncio.create_task(adapter.ready.wait())
    await asyncio.wait({task, ready}, timeout=10, return_when=asyncio.FIRST_COMPLETED)
    if task.done():
        task.result()  # raises what failed
    assert adapter.ready.is_set(), "the Slack adapter did not start"
    return Running(adapter, task, router, core)


@pytest.fixture
async def fake() -> AsyncIterator[FakeSlack]:
    server = FakeSlack()
    await server.start()
    yield server
    await server.stop()


@pytest.fixture
def gate() -> Gate:
    return Gate()


@pytest.fixture
def events() -> MemoryEvents:
    return MemoryEvents()


@pytest.fixture
async def slack(fake: FakeSlack, gate: Gate, events: MemoryEvents) -> AsyncIterator[Running]:
    """The adapter in HTTP mode on loopback, with the toy commands, talking to the fake."""
    running = await start_adapter(fake, bot=toy_bot(gate), events=events)
    yield running
    gate.opened.set()
    await running.stop()


@pytest.fixture
async def real(fake: FakeSlack, tmp_path: Path) -> AsyncIterator[tuple[Running, App]]:
    app = build_app(bot_settings(tmp_path, bot_coordinators=[UserId("slack:U0COORD")]))
    running = await start_adapter(
        fake,
        bot=app.bot,
        events=app.storage.events,
        router=app.router,
        answers=app.storage.shared_answers,
    )
    yield running, app
    await running.stop()
    app.storage.close()


@pytest.fixture
async def welcome(fake: FakeSlack, tmp_path: Path) -> AsyncIterator[tuple[Running, App]]:
    """The real bot, with C0WELCOME as the onboarding welcome channel."""
    app = build_app(
        bot_settings(tmp_path, onboarding_welcome_channels=[ConversationId("slack:C0WELCOME")])
    )
    running = await start_adapter(fake, bot=app.bot, events=app.storage.events, router=app.router)
    yield running, app
    await running.stop()
    app.storage.close()
