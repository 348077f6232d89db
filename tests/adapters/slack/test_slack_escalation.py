"""An urgent report filed by a signed slash command and left unacknowledged reaches the
coordinators again on Slack, then the admins; a signed click on Acknowledge stops it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from app.wiring import App, build_app
from chatbot.ids import UserId
from tests.adapters.slack.conftest import Running, start_adapter
from tests.adapters.slack.slack_fake import FakeSlack, interactive_body
from tests.adapters.slack.test_slack_http import click, slash
from tests.harness import FakeClock, bot_settings

URGENT = "La porte du local de Haxo est cassée #site !urgent"


@pytest.fixture
async def bot(fake: FakeSlack, tmp_path: Path) -> AsyncIterator[tuple[Running, App, FakeClock]]:
    clock = FakeClock(datetime(2026, 11, 23, 9, tzinfo=UTC))
    settings = bot_settings(
        tmp_path,
        bot_demo_data=False,
        bot_coordinators=[UserId("slack:U0COORD")],
        bot_admins=[UserId("slack:U0ADMIN")],
    )
    app = build_app(settings, clock=clock)
    running = await start_adapter(fake, bot=app.bot, events=app.storage.events, router=app.router)
    yield running, app, clock
    await running.stop()
    app.storage.close()


async def escalate(app: App) -> int:
    [job] = [j for j in app.bot.registry.jobs if j.name == "anomaly-escalation"]
    await job.run(app.services)
    return await app.sender.flush()


def posts_to(fake: FakeSlack, channel: str) -> list[str]:
    return [c.args["text"] for c in fake.called("chat.postMessage") if c.args["channel"] == channel]


async def test_an_unacknowledged_report_reaches_coordinators_then_admins_on_slack(
    bot: tuple[Running, App, FakeClock], fake: FakeSlack
) -> None:
    running, app, clock = bot
    await running.post_form(slash(fake, URGENT, command="/report"))
    await fake.wait_for("response_url")
    await app.sender.flush()  # the first alert
    assert len(posts_to(fake, "D0COORD")) == 1

    clock.advance(minutes=30)
    assert await escalate(app) == 2  # to both coordinators (the admin is one too)
    again = posts_to(fake, "D0COORD")[-1]
    assert again.startswith("Urgent report #1 is still unacknowledged after 30 minutes")
    assert posts_to(fake, "D0ADMIN")[-1].startswith("Urgent report #1 is still unacknowledged")

    clock.advance(minutes=30)
    assert await escalate(app) == 1
    assert "The coordinators were reminded" in posts_to(fake, "D0ADMIN")[-1]
    assert len(posts_to(fake, "D0COORD")) == 2


async def test_a_signed_click_on_acknowledge_stops_the_escalation(
    bot: tuple[Running, App, FakeClock], fake: FakeSlack
) -> None:
    running, app, clock = bot
    await running.post_form(slash(fake, URGENT, command="/report"))
    await fake.wait_for("response_url")
    clock.advance(minutes=30)
    assert await escalate(app) >= 2

    body = click(fake, "ack 1", channel="D0COORD")
    body["user"]["id"] = "U0COORD"
    status, _text = await running.post_form(interactive_body(body))
    assert status == 200
    [_report, acked] = await fake.wait_for("response_url", 2)
    assert "Report #1 acknowledged" in acked.args["text"]
    await app.sender.flush()

    admin_before = len(posts_to(fake, "D0ADMIN"))
    clock.advance(hours=1)
    assert await escalate(app) == 0
    assert len(posts_to(fake, "D0ADMIN")) == admin_before
