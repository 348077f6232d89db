"""In the console, people are called by their local name: a history says ana, not console:ana."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from pathlib import Path

from adapters.console.adapter import ConsoleAdapter
from app.wiring import build_app
from chatbot.ids import UserId
from tests.harness import bot_settings


async def test_a_history_names_console_people_by_their_local_name(tmp_path: Path) -> None:
    app = build_app(bot_settings(tmp_path))
    try:
        entry = app.storage.directory.get_by_name("CAF de Paris")
        assert entry is not None and entry.id is not None
        edit: dict[str, object] = {"hours": "Lun-ven 9h-17h"}
        app.storage.directory.update(
            entry.id, edit, actor=UserId("console:ana"), at=datetime.now(UTC)
        )
        stdout = io.StringIO()
        console = ConsoleAdapter(
            bot=app.bot,
            router=app.router,
            core=app.core,
            user="bob",
            stdin=io.StringIO('history "CAF de Paris"\n'),
            stdout=stdout,
        )
        await console.start()
    finally:
        app.storage.close()

    assert "Opening hours changed by ana:" in stdout.getvalue()
    assert "console:ana" not in stdout.getvalue()


async def test_a_report_history_names_people_too(tmp_path: Path) -> None:
    app = build_app(bot_settings(tmp_path, bot_admins="console:bob"))
    try:
        stdout = io.StringIO()
        console = ConsoleAdapter(
            bot=app.bot,
            router=app.router,
            core=app.core,
            user="bob",
            stdin=io.StringIO(
                "report the CAF form rejects every postcode\nack 1\ncomment 1 on it\nanomaly 1\n"
            ),
            stdout=stdout,
        )
        await console.start()
    finally:
        app.storage.close()

    history = stdout.getvalue().rsplit("Report #1", 1)[-1]
    assert "by bob" in history and "bob: on it" in history
    assert "console:bob" not in history
