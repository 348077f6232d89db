"""One place per report on Slack: after an urgent alert, a signed click on Acknowledge answers
in the alert's thread (``thread_ts``) and the alert card is edited in place (``chat.update``),
against the local fake Web API."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from app.wiring import App, build_app
from chatbot.ids import UserId
from tests.adapters.slack.conftest import Running, start_adapter
from tests.adapters.slack.slack_fake import Call, FakeSlack, interactive_body
from tests.adapters.slack.test_slack_http import click, slash
from tests.harness import FakeClock, bot_settings

URGENT = "La porte du local de Haxo est cassée #site !urgent"
COORD_DM = "D0COORD"


@pytest.fixture
async def bot(fake: FakeSlack, tmp_path: Path) -> AsyncIterator[tuple[Running, App, FakeClock]]:
    clock = FakeClock(datetime(2026, 11, 23, 9, tzinfo=UTC))
    settings = bot_settings(
        tmp_path, bot_demo_data=False, bot_coordinators=[UserId("slack:U0COORD")]
    )
    app = build_app(settings, clock=clock)
    running = await start_adapter(fake, bot=app.bot, events=app.storage.events, router=app.router)
    yield running, app, clock
    await running.stop()
    app.storage.close()


async def alert(running: Running, app: App, fake: FakeSlack) -> Call:
    await running.post_form(slash(fake, URGENT, command="/report"))
    await fake.wait_for("response_url")
    await app.sender.flush()
    [card] = fake.posted(COORD_DM)
    assert card.args["text"].startswith("Urgent report #1")
    return card


async def acknowledge(running: Running, app: App, fake: FakeSlack, answers: int = 2) -> None:
    body = click(fake, "ack 1", channel=COORD_DM)
    body["user"]["id"] = "U0COORD"
    status, _text = await running.post_form(interactive_body(body))
    assert status == 200
    await fake.wait_for("response_url", answers)
    await app.sender.flush()


def buttons(call: Call) -> list[str]:
    blocks = call.args["blocks"]
    blocks = json.loads(blocks) if isinstance(blocks, str) else blocks
    return [e["value"] for b in blocks if b["type"] == "actions" for e in b["elements"]]


async def test_an_ack_after_an_urgent_alert_lands_in_its_thread_and_updates_the_card(
    bot: tuple[Running, App, FakeClock], fake: FakeSlack
) -> None:
    running, app, _clock = bot
    card = await alert(running, app, fake)
    assert buttons(card) == ["ack 1", "anomaly 1"]

    await acknowledge(running, app, fake)

    root = fake.ts_of(card)
    [reply] = fake.posted(COORD_DM, thread_ts=root)
    assert reply.args["text"].startswith("Report #1 acknowledged by")
    [update] = fake.called("chat.update")
    assert (update.args["channel"], update.args["ts"]) == (COORD_DM, root)
    assert update.args["text"].startswith("Urgent report #1")
    assert "Status" in json.dumps(update.args) and "acknowledged" in json.dumps(update.args)
    assert buttons(update) == ["anomaly 1"]  # nothing left to acknowledge
    assert fake.posted(COORD_DM) == [card]  # no new top-level message


async def test_a_deleted_alert_is_replaced_by_a_new_card_holding_the_thread(
    bot: tuple[Running, App, FakeClock], fake: FakeSlack
) -> None:
    running, app, _clock = bot
    card = await alert(running, app, fake)
    fake.fail("chat.update", "message_not_found")

    await acknowledge(running, app, fake)

    first, again = fake.posted(COORD_DM)
    assert first == card and again.args["text"].startswith("Urgent report #1")
    assert buttons(again) == ["anomaly 1"]
    [reply] = fake.posted(COORD_DM, thread_ts=fake.ts_of(again))
    assert reply.args["text"].startswith("Report #1 acknowledged by")
    assert fake.posted(COORD_DM, thread_ts=fake.ts_of(card)) == []
    assert app.storage.outbox.pending_count() == 0


async def test_a_retried_thread_reply_is_posted_once(
    bot: tuple[Running, App, FakeClock], fake: FakeSlack
) -> None:
    running, app, clock = bot
    card = await alert(running, app, fake)
    fake.fail("chat.postMessage", "internal_error", status=500)  # the thread reply, once

    await acknowledge(running, app, fake)
    assert app.storage.outbox.pending_count() == 1
    clock.advance(minutes=1)
    await app.sender.flush()
    await app.sender.flush()

    assert len(fake.posted(COORD_DM, thread_ts=fake.ts_of(card))) == 1
    assert len(fake.called("chat.update")) == 1
    assert app.storage.outbox.pending_count() == 0
