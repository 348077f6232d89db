"""A slow database call (a SQLite write lock held by another process) holds one worker thread,
never the event loop: meanwhile another volunteer's /report is acknowledged and its form opens."""

from __future__ import annotations

import asyncio
import sqlite3
import threading
from collections.abc import AsyncIterator
from datetime import datetime
from pathlib import Path

import pytest

from app.wiring import App, build_app
from chatbot.ids import UserId
from chatbot.ports import EventLog
from chatbot.settings import Settings
from tests.adapters.slack.conftest import Running, start_adapter
from tests.adapters.slack.slack_fake import FakeSlack
from tests.adapters.slack.test_slack_http import slash
from tests.harness import no_env


class WatchedEvents:
    """The real event log, telling the test when a call starts and when it returns."""

    def __init__(self, events: EventLog) -> None:
        self._events = events
        self.entered = threading.Event()
        self.left = threading.Event()

    def first_time(self, key: str, *, at: datetime) -> bool:
        self.entered.set()
        try:
            return self._events.first_time(key, at=at)
        finally:
            self.left.set()


@pytest.fixture
async def watched(
    fake: FakeSlack, tmp_path: Path
) -> AsyncIterator[tuple[Running, App, WatchedEvents]]:
    app = build_app(
        no_env(
            Settings,
            database_url=f"sqlite:///{tmp_path / 'bot.sqlite3'}",
            bot_data_dir=tmp_path,
            bot_language="en",
            bot_coordinators=[UserId("slack:U0COORD")],
        )
    )
    events = WatchedEvents(app.storage.events)
    running = await start_adapter(
        fake, bot=app.bot, events=events, router=app.router, answers=app.storage.shared_answers
    )
    yield running, app, events
    await running.stop()
    app.storage.close()


async def test_a_command_waiting_for_the_database_lock_lets_another_form_open(
    watched: tuple[Running, App, WatchedEvents], fake: FakeSlack, tmp_path: Path
) -> None:
    running, app, events = watched
    other_process = sqlite3.connect(tmp_path / "bot.sqlite3", isolation_level=None)
    other_process.execute("BEGIN IMMEDIATE")  # holds the write lock: every write waits
    try:
        status, _ = await running.post_form(slash(fake, "the door is broken", command="/report"))
        assert status == 200
        assert await asyncio.to_thread(events.entered.wait, 10)  # its write now waits

        status, _ = await running.post_form(slash(fake, "", command="/report"))
        assert status == 200  # acknowledged
        await fake.wait_for("views.open")  # and its form opened (it only reads)

        assert not events.left.is_set(), "the first command's write is still waiting"
        assert fake.called("response_url") == []
    finally:
        other_process.rollback()
        other_process.close()
    [answer] = await fake.wait_for("response_url")  # the lock gone, the first report is saved
    assert "#1" in answer.args["text"]
    assert [r.text for r in app.storage.anomalies.open_reports()] == ["the door is broken"]
