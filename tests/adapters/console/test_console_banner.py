"""The console says, before anything else, when the directory is the demo one."""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from adapters.console.adapter import ConsoleAdapter
from app.wiring import App, build_app
from chatbot.directory import Entry
from chatbot.i18n import set_language
from chatbot.ids import UserId
from tests.harness import bot_settings

BANNER = "Demo directory: import yours with chatbot directory import file.csv"
NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


def app_on(data_dir: Path, *, demo: bool) -> App:
    return build_app(
        bot_settings(data_dir, bot_demo_data=demo),
        seed_demo=True,
    )


@pytest.fixture
def demo_app(tmp_path: Path) -> Iterator[App]:
    app = app_on(tmp_path, demo=True)
    yield app
    app.storage.close()


async def console_output(app: App, typed: str = "", *, as_json: bool = False) -> list[str]:
    stdout = io.StringIO()
    console = ConsoleAdapter(
        bot=app.bot,
        router=app.router,
        core=app.core,
        user="ana",
        as_json=as_json,
        stdin=io.StringIO(typed),
        stdout=stdout,
    )
    await console.start()
    return stdout.getvalue().splitlines()


async def test_the_banner_comes_first_on_the_demo_directory(demo_app: App) -> None:
    lines = await console_output(demo_app, "whoami\n")

    assert lines[0] == BANNER
    assert len(lines) > 1 and BANNER not in lines[1:]


async def test_the_banner_speaks_french(demo_app: App) -> None:
    set_language("fr")

    lines = await console_output(demo_app)

    assert lines == [
        "Annuaire de démonstration : importez le vôtre avec chatbot directory import fichier.csv"
    ]


async def test_no_banner_without_demo_data(tmp_path: Path) -> None:
    app = app_on(tmp_path, demo=False)
    try:
        app.storage.directory.add(Entry(name="Mairie"), actor=UserId("console:ana"), at=NOW)
        lines = await console_output(app)
    finally:
        app.storage.close()

    assert lines == []


async def test_no_banner_once_a_real_import_replaced_the_demo(demo_app: App) -> None:
    demo_app.storage.directory.import_entries(
        [Entry(name="Mairie")], actor=UserId("system:cli"), at=NOW
    )

    assert await console_output(demo_app) == []


async def test_json_output_stays_one_reply_per_line(demo_app: App) -> None:
    lines = await console_output(demo_app, "whoami\n", as_json=True)

    assert len(lines) == 1 and lines[0].startswith("{")
