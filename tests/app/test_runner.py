"""`chatbot run` decides who the local admin is: the console's user, only when the console runs."""

from __future__ import annotations

import getpass
import os
from pathlib import Path
from typing import Any

import pytest

import app.platforms
import app.runner
from adapters.slack import ADAPTER as SLACK
from adapters.spec import AdapterHost, AdapterSpec
from app.cli import main
from app.health import Served
from app.metrics import Metrics
from app.scheduler import JobScheduler
from app.wiring import App
from chatbot.ids import ConversationId, UserId
from chatbot.messages import Incoming
from chatbot.offloop import OffLoop
from chatbot.reply import Reply


class ReportingAdapter:
    """Stands in for an adapter: registers its platform, and on start a volunteer there
    reports something urgent. Records who the bot then writes to, and what stays undelivered."""

    def __init__(self, app: App, *, platform: str) -> None:
        self.app = app
        self.platform = platform
        self.sent: list[str] = []
        self.undelivered = -1
        app.router.register(platform, self)

    async def start(self) -> None:
        await self.app.bot.handle(
            Incoming(
                text="report the printer is on fire !urgent",
                sender_id=UserId(f"{self.platform}:victor"),
                sender_name="Victor",
                conversation_id=ConversationId(f"{self.platform}:dm-victor"),
                platform=self.platform,
                private=True,
            )
        )

    async def stop(self) -> None:  # the runner has flushed the outbox by now
        self.undelivered = self.app.storage.outbox.pending_count()

    async def send_to_user(self, user_id: UserId, reply: Reply, *, key: str | None = None) -> None:
        self.sent.append(user_id)

    async def send_to_conversation(
        self, conversation_id: ConversationId, reply: Reply, *, key: str | None = None
    ) -> None:
        self.sent.append(conversation_id)


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
def test_run_on_slack_alerts_the_admins_and_no_console_user(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-test")
    monkeypatch.setenv("SLACK_SIGNING_SECRET", "secret")
    started: list[ReportingAdapter] = []

    def slack_only(app: App, _metrics: Metrics) -> list[Served]:
        started.append(ReportingAdapter(app, platform="slack"))
        return [Served(SLACK, started[-1])]

    monkeypatch.setattr(app.runner, "configured_platforms", slack_only)

    assert main(["run"]) == 0

    [slack] = started
    assert slack.sent == ["slack:UADMIN"]
    assert slack.undelivered == 0  # nothing waits for a console:<user> that cannot exist


@pytest.mark.usefixtures("environment")
def test_run_with_nothing_configured_makes_the_console_user_an_admin(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    started: list[ReportingAdapter] = []

    def console(app: App, **_options: object) -> ReportingAdapter:
        started.append(ReportingAdapter(app, platform="console"))
        return started[-1]

    monkeypatch.setattr(app.runner, "_console", console)

    assert main(["run"]) == 0

    [adapter] = started
    assert adapter.sent == [f"console:{getpass.getuser()}"]  # slack:UADMIN waits for Slack


class PoolUser:
    """Stands in for a platform adapter: records the pool of core workers it was handed, and
    uses it as a real adapter does for every call into the bot."""

    def __init__(self, prefix: str, events: list[str]) -> None:
        self.prefix = prefix
        self.events = events
        self.core: OffLoop | None = None

    def build(self, host: AdapterHost) -> PoolUser:
        self.core = host.core
        return self

    async def start(self) -> None:
        assert self.core is not None
        await self.core.call(self.events.append, f"{self.prefix} served")

    async def stop(self) -> None:
        self.events.append(f"{self.prefix} stopped")


@pytest.mark.usefixtures("environment")
def test_two_platforms_and_the_scheduler_share_one_pool_closed_once_at_the_end(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    events: list[str] = []
    made: list[OffLoop] = []
    build_pool, close_pool = OffLoop.__init__, OffLoop.close

    def counted_init(pool: OffLoop, **options: int) -> None:
        made.append(pool)
        build_pool(pool, **options)

    def counted_close(pool: OffLoop) -> None:
        events.append("pool closed")
        close_pool(pool)

    monkeypatch.setattr(OffLoop, "__init__", counted_init)
    monkeypatch.setattr(OffLoop, "close", counted_close)
    adapters = [PoolUser("one", events), PoolUser("two", events)]
    specs = [
        AdapterSpec(name=a.prefix, prefix=a.prefix, configured=lambda: True, build=a.build)
        for a in adapters
    ]
    monkeypatch.setattr(app.platforms, "PLATFORMS", (*app.platforms.PLATFORMS, *specs))
    schedulers: list[OffLoop] = []

    def scheduler(*, core: OffLoop, **others: Any) -> JobScheduler:
        schedulers.append(core)
        return JobScheduler(core=core, **others)

    monkeypatch.setattr(app.runner, "JobScheduler", scheduler)

    assert main(["run"]) == 0

    [pool] = made
    assert [*(a.core for a in adapters), *schedulers] == [pool, pool, pool]
    assert events == ["one served", "two served", "one stopped", "two stopped", "pool closed"]
