"""Someone joins the welcome channel on Slack: the real bot enrols them and says hello by DM."""

from __future__ import annotations

import json

from app.wiring import build_app
from chatbot.ids import ConversationId, UserId
from tests.adapters.slack.conftest import start_adapter
from tests.adapters.slack.slack_fake import load
from tests.harness import bot_settings


async def test_joining_the_welcome_channel_enrols_and_welcomes_by_dm(welcome, fake):
    running, app = welcome
    body = json.dumps(load("member_joined_channel.json"))
    status, _ = await running.post_json(body)
    assert status == 200
    await running.post_json(body)  # Slack retries the event: still one enrolment, one welcome
    await running.adapter._handlers.background.drain()
    assert await app.sender.flush() == 1

    [opened] = await fake.wait_for("conversations.open")
    assert opened.args["users"] == "U05NEWBIE"
    [welcome_dm] = await fake.wait_for("chat.postMessage")
    assert welcome_dm.args["channel"] == "D05NEWBIE"
    assert "done 1" in json.dumps(welcome_dm.args["blocks"])
    assert welcome_dm.args["text"].startswith("Welcome, U05NEWBIE!")  # no name from Slack
    newcomer = app.services.onboarding.get(UserId("slack:U05NEWBIE"))
    assert newcomer is not None


async def test_the_welcome_calls_the_newcomer_by_their_slack_name(welcome, fake):
    fake.users["U05NEWBIE"] = "Alice"
    running, app = welcome
    await running.post_json(json.dumps(load("member_joined_channel.json")))
    await running.adapter._handlers.background.drain()
    assert await app.sender.flush() == 1

    [welcome_dm] = await fake.wait_for("chat.postMessage")
    assert welcome_dm.args["text"].startswith("Welcome, Alice!")
    assert "U05NEWBIE" not in welcome_dm.args["text"]
    newcomer = app.services.onboarding.get(UserId("slack:U05NEWBIE"))
    assert newcomer is not None and newcomer.user_name == "Alice"


async def test_a_buddy_from_the_pool_is_introduced_by_dm(fake, tmp_path):
    fake.users["U0ANA"] = "Ana"
    app = build_app(
        bot_settings(
            tmp_path,
            onboarding_welcome_channels=[ConversationId("slack:C0WELCOME")],
            onboarding_buddies=[UserId("slack:U0ANA")],
        )
    )
    running = await start_adapter(fake, bot=app.bot, events=app.storage.events, router=app.router)
    try:
        await running.post_json(json.dumps(load("member_joined_channel.json")))
        handlers = running.adapter._handlers
        assert handlers is not None
        await handlers.background.drain()
        assert await app.sender.flush() == 3  # the welcome, then one introduction each

        posts = await fake.wait_for("chat.postMessage", 3)
        [to_ana] = [p.args["text"] for p in posts if p.args["channel"] == "D0ANA"]
        assert to_ana.startswith("You are now the buddy of U05NEWBIE (slack:U05NEWBIE)")
        to_newbie = [p.args["text"] for p in posts if p.args["channel"] == "D05NEWBIE"]
        assert [t.split(",")[0] for t in to_newbie] == ["Welcome", "Meet your buddy"]
        assert to_newbie[1].startswith("Meet your buddy, Ana:")  # by name, not by id
        newcomer = app.services.onboarding.get(UserId("slack:U05NEWBIE"))
        assert newcomer is not None and newcomer.mentor == "slack:U0ANA"
    finally:
        await running.stop()
        app.storage.close()
