"""What Slack tells ``/readyz`` and the watchdog: Socket Mode connected and heard from recently
(a new WebSocket when the watchdog asks), HTTP mode serving."""

from __future__ import annotations

import asyncio

from adapters.slack import ADAPTER
from tests.adapters.slack.conftest import Running, start_adapter
from tests.adapters.slack.slack_fake import FakeSlack, load
from tests.adapters.slack.slack_toys import Gate, toy_bot


async def test_socket_mode_is_healthy_while_heard_and_reconnects_on_request(
    fake: FakeSlack, gate: Gate, events
) -> None:
    running = await start_adapter(fake, bot=toy_bot(gate), events=events, socket_mode=True)
    try:
        await asyncio.wait_for(fake.socket_ready.wait(), timeout=10)
        assert ADAPTER.health is not None and ADAPTER.reconnect is not None
        health = await ADAPTER.health(running.adapter)
        assert health.connected
        assert health.silent_for is not None and health.silent_for < 5
        await asyncio.sleep(0.3)
        await fake.send_envelope("events_api", load("app_mention.json"), "env-heard-1")
        await fake.wait_for_ack("env-heard-1")
        heard = await ADAPTER.health(running.adapter)
        assert heard.silent_for is not None and heard.silent_for < 0.3  # the envelope counted

        fake.socket_ready.clear()
        await ADAPTER.reconnect(running.adapter)

        await asyncio.wait_for(fake.socket_ready.wait(), timeout=10)
        assert len(fake.called("apps.connections.open")) == 2
        assert (await ADAPTER.health(running.adapter)).connected
    finally:
        gate.opened.set()
        await running.stop()

    stopped = await ADAPTER.health(running.adapter)
    assert not stopped.connected


async def test_http_mode_is_healthy_while_serving(slack: Running) -> None:
    assert ADAPTER.health is not None and ADAPTER.reconnect is not None
    health = await ADAPTER.health(slack.adapter)
    assert health.connected
    assert health.silent_for == 0.0
    await ADAPTER.reconnect(slack.adapter)  # nothing to reconnect: still serving
    assert (await ADAPTER.health(slack.adapter)).connected
