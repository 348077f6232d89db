"""Socket Mode: the bot dials out to Slack's WebSocket (here the fake's), acks every envelope."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from urllib.parse import parse_qsl

import pytest

from tests.adapters.slack.conftest import Running, start_adapter
from tests.adapters.slack.slack_fake import APP_TOKEN, FakeSlack, load, load_text
from tests.adapters.slack.slack_toys import Gate, toy_bot
from tests.adapters.slack.test_slack_http import click


@pytest.fixture
async def socket_slack(fake: FakeSlack, gate: Gate, events) -> AsyncIterator[Running]:
    running = await start_adapter(fake, bot=toy_bot(gate), events=events, socket_mode=True)
    await asyncio.wait_for(fake.socket_ready.wait(), timeout=10)
    yield running
    gate.opened.set()
    await running.stop()


async def test_connects_with_the_app_token(socket_slack, fake):
    [opened] = fake.called("apps.connections.open")
    assert opened.headers["Authorization"] == f"Bearer {APP_TOKEN}"
    assert socket_slack.adapter.port is None  # no HTTP server in Socket Mode


async def test_mention_envelope_is_acked_and_answered(socket_slack, fake):
    await fake.send_envelope("events_api", load("app_mention.json"), "env-mention-1")

    ack = await fake.wait_for_ack("env-mention-1")
    assert ack == {"envelope_id": "env-mention-1"}
    [post] = await fake.wait_for("chat.postMessage")
    assert post.args["channel"] == "C0LAN2Q65"
    assert "3230" in post.args["text"]


async def test_redelivered_envelope_is_answered_once(socket_slack, fake):
    await fake.send_envelope("events_api", load("message_im.json"), "env-im-1")
    await fake.send_envelope("events_api", load("message_im.json"), "env-im-2")

    await fake.wait_for_ack("env-im-1")
    await fake.wait_for_ack("env-im-2")
    await fake.wait_for("chat.postMessage")
    await socket_slack.adapter._handlers.background.drain()
    assert len(fake.called("chat.postMessage")) == 1


async def test_slash_command_envelope_is_acked_before_the_slow_work(socket_slack, fake, gate):
    fields = dict(parse_qsl(load_text("slash_command.txt")))
    fields |= {"command": "/bot", "text": "wait", "response_url": fake.hook_url()}
    await fake.send_envelope("slash_commands", fields, "env-slash-1")

    assert await fake.wait_for_ack("env-slash-1") == {"envelope_id": "env-slash-1"}
    assert fake.called("response_url") == []
    gate.opened.set()
    [answer] = await fake.wait_for("response_url")
    assert answer.args["text"] == "done waiting"


async def test_button_click_envelope_is_acked_and_answered(socket_slack, fake):
    await fake.send_envelope("interactive", click(fake, "verify 12"), "env-click-1")

    await fake.wait_for_ack("env-click-1")
    [answer] = await fake.wait_for("response_url")
    assert answer.args["text"] == "#12 marked as still correct by slack:U2147483697."
