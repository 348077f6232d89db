"""A composed journey on Slack, by signed requests against the fake Web API: the coordinator's
step reaches them by DM and they tick it with /bot; the buddy's step reaches the buddy, and
once overdue a reminder with a Snooze button whose signed click holds the coordinators'
reminder back a few days."""

from __future__ import annotations

import json
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

NEWBIE = "slack:U05NEWBIE"


@pytest.fixture
async def bot(fake: FakeSlack, tmp_path: Path) -> AsyncIterator[tuple[Running, App, FakeClock]]:
    clock = FakeClock(datetime(2026, 11, 23, 8, tzinfo=UTC))  # Monday 09:00 in Paris
    settings = bot_settings(
        tmp_path,
        bot_demo_data=False,
        bot_coordinators=[UserId("slack:U0COORD")],
        onboarding_buddies=[UserId("slack:U0ANA")],
        onboarding_weekends=True,
    )
    app = build_app(settings, clock=clock)
    running = await start_adapter(fake, bot=app.bot, events=app.storage.events, router=app.router)
    yield running, app, clock
    await running.stop()
    app.storage.close()


def posts_to(fake: FakeSlack, channel: str) -> list[str]:
    return [c.args["text"] for c in fake.called("chat.postMessage") if c.args["channel"] == channel]


async def command(running: Running, fake: FakeSlack, user: str, text: str) -> str:
    """``/bot <text>`` typed by ``user``; the answer Slack shows them."""
    body = slash(fake, text, command="/bot").replace("user_id=U2147483697", f"user_id={user}")
    before = len(fake.called("response_url"))
    await running.post_form(body)
    answers = await fake.wait_for("response_url", before + 1)
    return str(answers[-1].args["text"])


async def press(running: Running, fake: FakeSlack, user: str, value: str, channel: str) -> None:
    """A signed click by ``user`` on the button running ``value`` in their DM ``channel``."""
    body = click(fake, value, channel=channel, ephemeral=False)
    body["user"]["id"] = user
    status, _text = await running.post_form(interactive_body(body))
    assert status == 200
    handlers = running.adapter._handlers
    assert handlers is not None
    await handlers.background.drain()


async def morning(app: App, clock: FakeClock, day: int) -> None:
    """The nudge job on November ``day`` at 09:15 in Paris, then the outbox."""
    clock.current = datetime(2026, 11, day, 8, 15, tzinfo=UTC)
    [job] = [j for j in app.bot.registry.jobs if j.name == "onboarding-nudges"]
    await job.run(app.services)
    await app.sender.flush()


async def test_coordinator_and_buddy_steps_with_a_snoozed_reminder_on_slack(
    bot: tuple[Running, App, FakeClock], fake: FakeSlack
) -> None:
    running, app, clock = bot
    started = await command(running, fake, "U0COORD", f"onboarding start {NEWBIE} chat")
    assert started.startswith("U05NEWBIE starts «Getting started as a volunteer · Chat desk»")
    await app.sender.flush()
    [for_coordinator] = posts_to(fake, "D0COORD")
    assert for_coordinator.startswith(
        "An onboarding step of U05NEWBIE is for a coordinator: 4. Open their access to the chat"
    )
    assert posts_to(fake, "D0ANA")[0].startswith("You are now the buddy of U05NEWBIE")
    assert await command(running, fake, "U0COORD", f"onboarding tick {NEWBIE} 4") == (
        "✓ Done for U05NEWBIE: 4. Open their access to the chat tool."
    )
    assert await command(running, fake, "U0ANA", f"onboarding tick {NEWBIE} 4") == (
        "Sorry, step 4 is for a coordinator to tick."
    )

    for step in (1, 2, 3):
        await press(running, fake, "U05NEWBIE", f"done {step}", "D05NEWBIE")
    await morning(app, clock, 24)
    for step in (5, 6):
        await press(running, fake, "U05NEWBIE", f"done {step}", "D05NEWBIE")
    await morning(app, clock, 25)
    [buddy_step] = [t for t in posts_to(fake, "D0ANA") if "onboarding step" in t]
    assert buddy_step.startswith(
        "As U05NEWBIE's buddy, this onboarding step is yours: 9. Read a chat conversation"
    )
    for step in (7, 8):
        await press(running, fake, "U05NEWBIE", f"done {step}", "D05NEWBIE")

    # A day late: the buddy is reminded, with a Snooze button.
    await morning(app, clock, 26)
    [reminder] = [c for c in fake.called("chat.postMessage") if c.args["text"].startswith("⏰")]
    assert reminder.args["channel"] == "D0ANA"
    snooze = f"onboarding snooze {NEWBIE} 9"
    assert f'"value": "{snooze}"' in json.dumps(reminder.args["blocks"])
    await press(running, fake, "U0ANA", snooze, "D0ANA")
    await app.sender.flush()
    assert posts_to(fake, "D0ANA")[-1] == (
        "💤 Snoozed: the next reminder of step 9 comes on 2026-11-29 at the earliest."
    )

    await morning(app, clock, 28)  # the coordinators' turn without the snooze
    assert not [t for t in posts_to(fake, "D0COORD") if t.startswith("⏰")]
    await morning(app, clock, 29)
    [late] = [t for t in posts_to(fake, "D0COORD") if t.startswith("⏰")]
    assert late.startswith("⏰ U05NEWBIE (slack:U05NEWBIE) has overdue onboarding steps")

    assert await command(running, fake, "U0ANA", f"onboarding tick {NEWBIE} 9") == (
        "✓ Done for U05NEWBIE: 9. Read a chat conversation with your buddy."
    )
    history = await command(running, fake, "U0COORD", f"onboarding history {NEWBIE}")
    assert "4. Open their access to the chat tool · ticked by U0COORD" in history
    assert "9. Read a chat conversation with your buddy · ticked by U0ANA" in history
