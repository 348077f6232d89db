"""What Slack throws at the bot besides well-formed requests: forged or old signatures,
garbage, retries across restarts, rate limits, slow commands, and logs that must stay clean."""

from __future__ import annotations

import json
import logging
import time
from pathlib import Path

from chatbot.ids import ConversationId, UserId
from chatbot.reply import Reply, Text
from storage import open_storage
from tests.adapters.slack.conftest import start_adapter
from tests.adapters.slack.slack_fake import (
    BOT_TOKEN,
    SIGNING_SECRET,
    FakeSlack,
    load,
    signed_headers,
)
from tests.adapters.slack.slack_toys import Gate, toy_bot
from tests.adapters.slack.test_slack_http import event, slash
from tests.harness import no_env


async def test_forged_missing_or_old_signatures_get_401_and_nothing_runs(slack, fake):
    body = json.dumps(load("message_im.json"))
    forged = signed_headers(body, secret="not-the-secret")
    old = signed_headers(body, timestamp=int(time.time()) - 10 * 60)
    for headers in (forged, {}, old):
        status, _text = await slack.post_json(body, headers=headers)
        assert status == 401

    slash_body = slash(fake, "caf")
    status, _text = await slack.post_form(slash_body, headers=signed_headers(slash_body + "x"))
    assert status == 401

    await slack.adapter._handlers.background.drain()
    assert [c.method for c in fake.calls] == ["auth.test"]


async def test_malformed_payloads_are_logged_and_the_bot_keeps_serving(slack, fake, caplog):
    for body, content_type in (
        ("{not json", "application/json"),
        ('{"type": "event_callback", "event_id": "Ev0BAD", "event": "nope"}', "application/json"),
        ("payload=%7B%22type%22%3A%22block_actions%22%7D", "application/x-www-form-urlencoded"),
    ):
        status, _text = await slack.post(body, content_type=content_type)
        assert status < 500

    await slack.adapter._handlers.background.drain()
    assert any(r.levelno == logging.ERROR for r in caplog.records)
    await slack.post_json(json.dumps(load("message_im.json")))
    [post] = await fake.wait_for("chat.postMessage")
    assert "3230" in post.args["text"]


async def test_a_retry_after_a_restart_is_still_answered_once(fake, tmp_path: Path):
    storage = open_storage(f"sqlite:///{tmp_path / 'bot.sqlite3'}")
    body = json.dumps(load("message_im.json"))
    try:
        first = await start_adapter(fake, bot=toy_bot(Gate()), events=storage.events)
        await first.post_json(body)
        await fake.wait_for("chat.postMessage")
        await first.stop()

        second = await start_adapter(fake, bot=toy_bot(Gate()), events=storage.events)
        headers = signed_headers(body) | {"X-Slack-Retry-Num": "1"}
        status, _ = await second.post_json(body, headers=headers)
        assert status == 200
        handlers = second.adapter._handlers
        assert handlers is not None
        await handlers.background.drain()
        await second.stop()
    finally:
        storage.close()
    assert len(fake.called("chat.postMessage")) == 1


async def test_a_rate_limited_post_waits_and_is_sent(slack, fake):
    fake.rate_limit("chat.postMessage", times=2, retry_after=0)
    await slack.post_json(json.dumps(load("message_im.json")))

    [post] = await fake.wait_for("chat.postMessage")
    assert "3230" in post.args["text"]
    assert len(fake.called("chat.postMessage:429")) == 2


async def test_slack_gets_its_ack_before_a_slow_command_finishes(slack, fake, gate):
    status, text = await slack.post_form(slash(fake, "wait", command="/bot"))
    assert (status, text) == (200, "")
    assert fake.called("response_url") == []  # the command is still waiting

    gate.opened.set()
    [answer] = await fake.wait_for("response_url")
    assert answer.args["text"] == "done waiting"


async def test_user_content_cannot_ping_the_channel(slack, fake):
    text = "say <!channel> &lt;!here&gt; <@U0ADMIN> & co"
    await slack.post_json(json.dumps(event("message_im.json", text=text)))

    [post] = await fake.wait_for("chat.postMessage")
    sent = json.dumps(post.args)
    for dangerous in ("<!channel>", "<!here>", "<@U0ADMIN>"):
        assert dangerous not in sent
    # Slack's <!channel> becomes inert text; what the user typed as text stays text.
    assert post.args["blocks"][0]["text"]["text"] == "@channel &lt;!here&gt; slack:U0ADMIN &amp; co"


async def test_a_huge_answer_is_cut_to_slacks_limits_with_a_hint(slack, fake):
    await slack.post_json(json.dumps(event("message_im.json", text="long")))

    [post] = await fake.wait_for("chat.postMessage")
    blocks = post.args["blocks"]
    assert len(blocks) == 50
    assert all(len(b["text"]["text"]) <= 3000 for b in blocks if b["type"] == "section")
    assert blocks[0]["text"]["text"].endswith("(more not shown: too long for Slack)")
    assert blocks[-1]["type"] == "context"
    assert len(post.args["text"]) <= 3000


async def test_the_messenger_port_sends_dms_and_channel_posts(slack, fake):
    reply = Reply.of(Text("Your suggestion #12 was approved."))
    await slack.router.send_to_user(UserId("slack:U2147483697"), reply)
    await slack.router.send_to_user(UserId("slack:U2147483697"), reply)
    await slack.router.send_to_conversation(ConversationId("slack:C0COORD"), reply)

    posts = await fake.wait_for("chat.postMessage", 3)
    assert [p.args["channel"] for p in posts] == ["D2147483697", "D2147483697", "C0COORD"]
    assert len(fake.called("conversations.open")) == 1  # the DM is opened once
    assert fake.called("conversations.open")[0].args["users"] == "U2147483697"
    assert posts[0].args["text"] == "Your suggestion #12 was approved."


async def test_tokens_and_secrets_never_reach_the_logs(slack, fake, caplog):
    caplog.set_level(logging.DEBUG)
    await slack.post_form(slash(fake, "caf"))
    await slack.post_json(json.dumps(load("message_im.json")))
    await fake.wait_for("chat.postMessage")
    await fake.wait_for("response_url")
    await slack.post_json("{}", headers=signed_headers("{}", secret="wrong"))

    assert caplog.records  # debug logging was really on
    for secret in (BOT_TOKEN, SIGNING_SECRET, BOT_TOKEN[10:30]):
        assert secret not in caplog.text
    assert fake.called("chat.postMessage")[0].headers["Authorization"] == f"Bearer {BOT_TOKEN}"


async def test_settings_never_show_their_tokens():
    from adapters.slack import SlackSettings

    settings = no_env(SlackSettings, slack_bot_token=BOT_TOKEN)
    assert BOT_TOKEN not in repr(settings) and BOT_TOKEN not in str(settings.model_dump())
    assert not settings.configured  # neither an app token nor a signing secret
    assert no_env(
        SlackSettings,
        slack_bot_token=BOT_TOKEN,
        slack_signing_secret=SIGNING_SECRET,
    ).configured


_ = FakeSlack  # re-exported fixture type for readers
