"""``BOT_HEALTH_PORT``: the supervisor asks ``/livez`` and ``/readyz``; a platform that goes
silent is not ready until the watchdog has reconnected it; ``/metrics`` counts what happened."""

from __future__ import annotations

import asyncio
import os
import socket
from pathlib import Path

import pytest
from aiohttp import ClientSession

import app.platforms
from adapters.spec import Adapter, AdapterHost, AdapterSpec, PlatformHealth, WatchedAdapter
from app.cli import main
from app.health import Health, Served
from app.metrics import Metrics
from app.scheduler import JobScheduler
from app.wiring import build_app
from chatbot.ids import ConversationId, UserId
from chatbot.jobs import Job
from chatbot.messages import Incoming
from chatbot.services import Services
from chatbot.settings import Settings


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def incoming(text: str, *, platform: str) -> Incoming:
    return Incoming(
        text=text,
        sender_id=UserId(f"{platform}:someone"),
        sender_name="Someone",
        conversation_id=ConversationId(f"{platform}:someone-dm"),
        platform=platform,
        private=True,
    )


class SilentPlatform:
    """Serves until it has asked the endpoints what it needs: it goes silent midway, and
    hears again only once the watchdog has reconnected it."""

    def __init__(self, port: int) -> None:
        self.url = f"http://127.0.0.1:{port}"
        self.host: AdapterHost | None = None
        self.silent_for = 0.0
        self.reconnects = 0
        self.seen: list[tuple[int, str]] = []
        self.metrics = ""

    def build(self, host: AdapterHost) -> SilentPlatform:
        self.host = host
        return self

    async def health(self) -> PlatformHealth:
        return PlatformHealth(connected=True, silent_for=self.silent_for)

    async def reconnect(self) -> None:
        self.reconnects += 1
        self.silent_for = 0.0

    async def start(self) -> None:
        assert self.host is not None
        async with ClientSession() as http:

            async def ask(path: str) -> None:
                async with http.get(self.url + path) as response:
                    self.seen.append((response.status, await response.text()))

            await ask("/livez")
            await ask("/readyz")
            self.silent_for = 3600.0
            await ask("/readyz")  # before the watchdog's next look
            async with asyncio.timeout(10):
                while self.silent_for:
                    await asyncio.sleep(0.01)
            await ask("/readyz")
            for text in ("whoami", "help", "hello there"):
                await self.host.bot.handle(incoming(text, platform="fake"))
            self.host.decryption_failed()  # a message it could not read
            async with http.get(self.url + "/metrics") as response:
                self.metrics = await response.text()

    async def stop(self) -> None:
        pass


@pytest.fixture
def environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # no .env
    for key in list(os.environ):
        if key.startswith(("SLACK_", "MATRIX_", "BOT_", "DIGEST_", "DATABASE_")):
            monkeypatch.delenv(key)
    monkeypatch.setenv("BOT_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("BOT_LANGUAGE", "en")
    monkeypatch.setenv("BOT_ADMINS", "slack:UADMIN")
    monkeypatch.setenv("LOG_LEVEL", "WARNING")


@pytest.mark.usefixtures("environment")
def test_a_silent_platform_is_not_ready_until_the_watchdog_reconnects_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    port = free_port()
    monkeypatch.setenv("BOT_HEALTH_PORT", str(port))
    monkeypatch.setenv("BOT_HEALTH_SILENCE_SECONDS", "0.4")
    fake = SilentPlatform(port)
    assert isinstance(fake, WatchedAdapter)
    spec = AdapterSpec(name="Fake", prefix="fake", configured=lambda: True, build=fake.build)
    monkeypatch.setattr(app.platforms, "PLATFORMS", (*app.platforms.PLATFORMS, spec))

    assert main(["run"]) == 0

    live, ready, silent, back = fake.seen
    assert live == (200, "ok\n")
    assert ready == (200, '{"checks": {"database": true, "fake": true}, "ready": true}\n')
    assert silent == (503, '{"checks": {"database": true, "fake": false}, "ready": false}\n')
    assert back == ready
    assert fake.reconnects == 1
    assert 'chatbot_reconnects_total{platform="fake"} 1.0' in fake.metrics
    assert 'chatbot_messages_handled_total{command="whoami",platform="fake"} 1.0' in fake.metrics
    assert 'chatbot_messages_handled_total{command="none",platform="fake"} 1.0' in fake.metrics
    assert 'chatbot_answer_seconds_count{platform="fake"} 3.0' in fake.metrics
    assert "chatbot_matrix_decryption_failures_total 1.0" in fake.metrics


@pytest.mark.usefixtures("environment")
def test_no_port_no_endpoints(monkeypatch: pytest.MonkeyPatch) -> None:
    port = free_port()
    refused: list[bool] = []

    class Asker:
        async def start(self) -> None:
            try:
                async with ClientSession() as http, http.get(f"http://127.0.0.1:{port}/livez"):
                    refused.append(False)
            except OSError:
                refused.append(True)

        async def stop(self) -> None:
            pass

    spec = AdapterSpec(name="Fake", prefix="fake", configured=lambda: True, build=lambda _: Asker())
    monkeypatch.setattr(app.platforms, "PLATFORMS", (*app.platforms.PLATFORMS, spec))

    assert main(["run"]) == 0

    assert refused == [True]


async def test_metrics_count_console_messages_per_bot(tmp_path: Path) -> None:
    settings = Settings(bot_data_dir=tmp_path, bot_language="en", bot_demo_data=False)
    bots = [build_app(settings), build_app(settings)]  # each its own registry, one database
    metrics = [Metrics(), Metrics()]
    try:
        for bot, counted in zip(bots, metrics, strict=True):
            bot.bot.on_handled.append(counted.message_handled)
        for text in ("whoami", "whoami", "help"):
            await bots[0].bot.handle(incoming(text, platform="console"))
        await bots[1].bot.handle(incoming("help", platform="console"))

        health = Health(bots[0], [], silence=60, metrics=metrics[0])
        text = await scrape(health)
    finally:
        for bot in bots:
            bot.core.close()
            bot.storage.close()

    assert 'chatbot_messages_handled_total{command="whoami",platform="console"} 2.0' in text
    assert 'chatbot_messages_handled_total{command="help",platform="console"} 1.0' in text
    assert 'chatbot_answer_seconds_count{platform="console"} 3.0' in text
    assert "chatbot_outbox_pending 0.0" in text
    assert "chatbot_outbox_dead_letters 0.0" in text
    assert "chatbot_matrix_undecrypted_events 0.0" in text
    assert "chatbot_matrix_decryption_failures_total 0.0" in text


async def scrape(health: Health) -> str:
    from aiohttp.test_utils import TestClient, TestServer

    async with TestClient(TestServer(health.web_app())) as client:
        response = await client.get("/metrics")
        assert response.status == 200
        assert response.headers["Content-Type"].startswith("text/plain; version=0.0.4")
        return await response.text()


async def test_metrics_count_job_runs_and_failures(tmp_path: Path) -> None:
    settings = Settings(bot_data_dir=tmp_path, bot_language="en", bot_demo_data=False)
    bot = build_app(settings)
    metrics = Metrics()

    async def digest(_services: Services) -> None:
        pass

    async def nudges(_services: Services) -> None:
        raise RuntimeError("the database went away")

    scheduler = JobScheduler(
        jobs=[
            Job(name="digest", cron=lambda _s: "0 8 * * *", run=digest),
            Job(name="onboarding-nudges", cron=lambda _s: "0 9 * * *", run=nudges),
        ],
        services=bot.services,
        core=bot.core,
        on_run=metrics.job_ran,
    )
    try:
        await scheduler.start()  # each job runs once at start
        scheduler.stop()
        text = await scrape(Health(bot, [], silence=60, metrics=metrics))
    finally:
        bot.core.close()
        bot.storage.close()

    assert 'chatbot_job_runs_total{job="digest",outcome="ok"} 1.0' in text
    assert 'chatbot_job_runs_total{job="onboarding-nudges",outcome="failed"} 1.0' in text


class Starting(SilentPlatform):
    """Started, not connected yet, never heard from."""

    async def health(self) -> PlatformHealth:
        return PlatformHealth(connected=False, silent_for=None)


class Broken(SilentPlatform):
    """Its SDK changed: asking its health raises."""

    async def health(self) -> PlatformHealth:
        raise RuntimeError("the SDK changed")


class Unwatched:
    """An adapter with no health to report (the console's kind): ready once started."""

    async def start(self) -> None:
        pass

    async def stop(self) -> None:
        pass


async def test_a_platform_still_starting_is_not_ready_nor_reconnected(tmp_path: Path) -> None:
    settings = Settings(bot_data_dir=tmp_path, bot_language="en", bot_demo_data=False)
    bot = build_app(settings)

    def served(prefix: str, adapter: Adapter) -> Served:
        return Served(AdapterSpec(name=prefix, prefix=prefix, configured=lambda: True), adapter)

    starting, broken, unwatched = Starting(0), Broken(0), Unwatched()
    assert not isinstance(unwatched, WatchedAdapter)
    health = Health(
        bot,
        [served("new", starting), served("odd", broken), served("plain", unwatched)],
        silence=1,
        metrics=Metrics(),
    )
    try:
        await health.watch_once()
        ready = await health.platforms()
    finally:
        bot.core.close()
        bot.storage.close()

    assert ready == {"new": False, "odd": False, "plain": True}
    assert (starting.reconnects, broken.reconnects) == (0, 0)


async def test_a_failing_counter_loses_no_answer(tmp_path: Path) -> None:
    settings = Settings(bot_data_dir=tmp_path, bot_language="en", bot_demo_data=False)
    bot = build_app(settings)

    def broken(_incoming: Incoming, _command: str | None, _seconds: float) -> None:
        raise RuntimeError("the registry is full")

    bot.bot.on_handled.append(broken)
    try:
        reply = await bot.bot.handle(incoming("whoami", platform="console"))
    finally:
        bot.core.close()
        bot.storage.close()

    assert "console:someone" in reply.plain_text()
