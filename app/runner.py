"""Start the configured adapters in one asyncio loop, all on one database and one pool of core
workers (``app.core``), with the outbox sender and the scheduled jobs running beside them."""

from __future__ import annotations

import asyncio
import contextlib
import getpass
import logging
import signal
from collections.abc import AsyncIterator, Awaitable
from types import TracebackType

from adapters.console.adapter import ConsoleAdapter
from adapters.spec import Adapter, AdapterHost
from app import platforms
from app.health import HealthSettings, Served, health_endpoints
from app.metrics import Metrics
from app.scheduler import JobScheduler
from app.wiring import App, build_app
from chatbot.ids import UserId
from chatbot.outbox import STOP_GRACE_SECONDS
from chatbot.settings import Settings

log = logging.getLogger(__name__)


def any_platform_configured() -> bool:
    """Whether `chatbot run` will serve a chat platform rather than open the console (the web
    cockpit is no chat: alone, the console opens beside it)."""
    return any(spec.chat for spec in platforms.configured())


def configured_platforms(app: App, metrics: Metrics) -> list[Served]:
    """Every registered platform whose settings are present (see :mod:`app.platforms`), built,
    counting in ``metrics``; none means the console. Platform SDKs are imported only when their
    platform is configured."""
    host = AdapterHost(
        bot=app.bot,
        router=app.router,
        events=app.storage.events,
        state=app.storage.state,
        undecrypted=app.storage.undecrypted,
        shared_answers=app.storage.shared_answers,
        data_dir=app.settings.bot_data_dir,
        core=app.core,
        decryption_failed=metrics.decryption_failures.inc,
    )
    return [
        Served(spec, spec.build(host)) for spec in platforms.configured() if spec.build is not None
    ]


@contextlib.asynccontextmanager
async def background_work(app: App, metrics: Metrics) -> AsyncIterator[None]:
    """Deliver the outbox and run scheduled jobs while the adapters serve, counting them."""
    app.bot.on_handled.append(metrics.message_handled)
    scheduler = JobScheduler(
        jobs=app.bot.registry.jobs, services=app.services, core=app.core, on_run=metrics.job_ran
    )
    sender = asyncio.create_task(app.sender.run(), name="outbox")
    await scheduler.start()
    try:
        yield
    finally:
        scheduler.stop()
        sender.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await sender
        with contextlib.suppress(TimeoutError):  # what the last command owes goes out, briefly
            async with asyncio.timeout(STOP_GRACE_SECONDS):
                await app.sender.flush()
        app.sender.release()  # what is still claimed, another process may send at once


class StopOnSignal:
    """SIGTERM and SIGINT (Ctrl-C) stop the bot gracefully, with one log line: what
    :meth:`serve` awaits is cancelled (adapters stop taking work and answer what they
    acknowledged), the caller's clean-up runs and the process exits 0, without a traceback."""

    def __init__(self) -> None:
        self.received: str | None = None
        self._serving: asyncio.Future[object] | None = None

    def __enter__(self) -> StopOnSignal:
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, self._stop, sig)
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        _tb: TracebackType | None,
    ) -> None:
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.remove_signal_handler(sig)

    async def serve(self, work: Awaitable[object]) -> None:
        self._serving = asyncio.ensure_future(work)
        if self.received:
            self._serving.cancel()
        try:
            await self._serving
        except asyncio.CancelledError:
            current = asyncio.current_task()
            if self.received is None or (current is not None and current.cancelling()):
                raise  # not our doing: whoever cancelled us must see it

    def _stop(self, sig: signal.Signals) -> None:
        if self.received is None:  # a second signal changes nothing: we are stopping
            self.received = sig.name
            log.warning("%s received: finishing the work in flight, then stopping", sig.name)
            if self._serving is not None:
                self._serving.cancel()


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
    metrics = Metrics()
    served = configured_platforms(app, metrics)
    adapters: list[Adapter] = [one.adapter for one in served]
    if not platforms:
        adapters.append(_console(app, user=getpass.getuser(), as_json=False, private=True))
    log.info("starting %d adapter(s)", len(adapters))
    try:
        with StopOnSignal() as signals:
            async with (
                background_work(app, metrics),
                health_endpoints(app, served, metrics, HealthSettings()),
            ):
                # The console ends at end of input; the cockpit beside it stops with it.
                await signals.serve(
                    asyncio.gather(*(adapter.start() for adapter in adapters))
                    if platforms
                    else _until_first_ends(adapters)
                )
    finally:
        for adapter in adapters:
            await adapter.stop()
        app.core.close()  # once every adapter and the scheduler are done with it
        app.storage.close()
    return 0


async def run_console(settings: Settings, *, user: str, as_json: bool, private: bool) -> int:
    app = build_app(with_local_admin(settings), seed_demo=True)
    console = _console(app, user=user, as_json=as_json, private=private)
    metrics = Metrics()
    beside = [one for one in configured_platforms(app, metrics) if not one.spec.chat]
    try:
        with StopOnSignal() as signals:
            async with (
                background_work(app, metrics),
                health_endpoints(app, beside, metrics, HealthSettings()),
            ):
                await signals.serve(_until_first_ends([console, *(one.adapter for one in beside)]))
    finally:
        for one in beside:
            await one.adapter.stop()
        app.core.close()
        app.storage.close()
    return 0


async def _until_first_ends(adapters: list[Adapter]) -> None:
    """Serve until the first adapter ends (the console at end of input), then stop the others.
    Their ``start`` coroutines are made here, so a signal before this runs leaves none unawaited."""
    tasks = [asyncio.ensure_future(adapter.start()) for adapter in adapters]
    try:
        done, _pending = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
        for task in done:
            task.result()
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)


def _console(app: App, *, user: str, as_json: bool, private: bool) -> ConsoleAdapter:
    return ConsoleAdapter(
        bot=app.bot,
        router=app.router,
        core=app.core,
        user=user,
        private=private,
        as_json=as_json,
        history_file=app.settings.bot_data_dir / "console_history",
    )
