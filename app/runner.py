"""Start the configured adapters in one asyncio loop, all on one database, with the outbox
sender and the scheduled jobs running beside them."""

from __future__ import annotations

import asyncio
import contextlib
import getpass
import logging
from collections.abc import AsyncIterator
from typing import Protocol

from adapters.console.adapter import ConsoleAdapter
from app.scheduler import JobScheduler
from app.wiring import App, build_app
from chatbot.ids import UserId
from chatbot.settings import Settings

log = logging.getLogger(__name__)


class Adapter(Protocol):
    async def start(self) -> None: ...

    async def stop(self) -> None: ...


def any_platform_configured() -> bool:
    """Whether `chatbot run` will serve a platform rather than open the console."""
    from adapters.matrix.settings import MatrixSettings
    from adapters.slack.settings import SlackSettings

    return SlackSettings().configured or MatrixSettings().configured


def configured_adapters(app: App) -> list[Adapter]:
    """Every platform whose settings are present; none means the console.

    Platform SDKs are imported only when their platform is configured.
    """
    adapters: list[Adapter] = []
    from adapters.slack.settings import SlackSettings

    slack = SlackSettings()
    if slack.configured:
        from adapters.slack import SlackAdapter

        adapters.append(
            SlackAdapter(
                bot=app.bot,
                router=app.router,
                settings=slack,
                events=app.storage.events,
                answers=app.storage.shared_answers,
            )
        )
    from adapters.matrix.settings import MatrixSettings

    matrix = MatrixSettings()
    if matrix.configured:
        from adapters.matrix import MatrixAdapter

        adapters.append(
            MatrixAdapter(
                bot=app.bot,
                router=app.router,
                settings=matrix,
                events=app.storage.events,
                state=app.storage.state,
                undecrypted=app.storage.undecrypted,
                data_dir=app.settings.bot_data_dir,
            )
        )
    return adapters


@contextlib.asynccontextmanager
async def background_work(app: App) -> AsyncIterator[None]:
    """Deliver the outbox and run scheduled jobs while the adapters serve."""
    scheduler = JobScheduler(jobs=app.bot.registry.jobs, services=app.services)
    sender = asyncio.create_task(app.sender.run(), name="outbox")
    await scheduler.start()
    try:
        yield
    finally:
        scheduler.stop()
        sender.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await sender
        await app.sender.flush()  # what the last command owes goes out before we leave


def with_local_admin(settings: Settings) -> Settings:
    """Whoever runs the bot on this machine administers its console.

    Only for a process that runs the console: elsewhere ``console:<user>`` is a recipient that
    cannot exist, and every alert and digest meant for admins would wait for it forever.
    """
    local = UserId(f"console:{getpass.getuser()}")
    return settings.model_copy(update={"bot_admins": [*settings.bot_admins, local]})


async def run(settings: Settings) -> int:
    """Serve every configured platform; with none, open the console (its user an admin)."""
    platforms = any_platform_configured()
    app = build_app(settings if platforms else with_local_admin(settings), seed_demo=True)
    adapters = (
        configured_adapters(app)
        if platforms
        else [_console(app, user=getpass.getuser(), as_json=False, private=True)]
    )
    log.info("starting %d adapter(s)", len(adapters))
    try:
        async with background_work(app):
            await asyncio.gather(*(adapter.start() for adapter in adapters))
    finally:
        for adapter in adapters:
            await adapter.stop()
        app.storage.close()
    return 0


async def run_console(settings: Settings, *, user: str, as_json: bool, private: bool) -> int:
    app = build_app(with_local_admin(settings), seed_demo=True)
    console = _console(app, user=user, as_json=as_json, private=private)
    try:
        async with background_work(app):
            await console.start()
    finally:
        app.storage.close()
    return 0


def _console(app: App, *, user: str, as_json: bool, private: bool) -> ConsoleAdapter:
    return ConsoleAdapter(
        bot=app.bot,
        router=app.router,
        user=user,
        private=private,
        as_json=as_json,
        history_file=app.settings.bot_data_dir / "console_history",
    )
