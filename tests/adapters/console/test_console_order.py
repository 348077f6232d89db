"""The console handles its lines one at a time, in the order typed, though the process's pool of
core workers (shared with Slack, Matrix and the scheduler) runs many calls at once."""

from __future__ import annotations

import asyncio
import io
from pathlib import Path

import pytest

from adapters.console.adapter import ConsoleAdapter
from app.wiring import build_app
from chatbot.messages import Incoming
from chatbot.reply import Reply
from tests.harness import bot_settings


async def test_a_slow_line_is_answered_before_the_next_one_is_handled(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = build_app(bot_settings(tmp_path))
    handle = app.bot.handle

    async def slow_first(incoming: Incoming) -> Reply:
        if "first" in incoming.text:
            await asyncio.sleep(0.3)  # a slow database, say: the second line must wait
        return await handle(incoming)

    monkeypatch.setattr(app.bot, "handle", slow_first)
    stdout = io.StringIO()
    console = ConsoleAdapter(
        bot=app.bot,
        router=app.router,
        core=app.core,
        user="ana",
        stdin=io.StringIO("report the first problem\nreport the second problem\n"),
        stdout=stdout,
    )
    try:
        await console.start()
        reports = [(r.id, r.text) for r in app.storage.anomalies.open_reports()]
    finally:
        app.core.close()
        app.storage.close()

    assert sorted(reports) == [(1, "the first problem"), (2, "the second problem")]
    output = stdout.getvalue()
    assert output.index("#1") < output.index("#2")
