"""What Slack tells ``/readyz`` and the watchdog: Socket Mode connected and heard from recently
(a new WebSocket when the watchdog asks), HTTP mode serving."""

from __future__ import annotations

import asyncio

from adapters.spec import WatchedAdapter
from tests.adapters.slack.conftest import Running, start_adapter
from tests.adapters.slack.slack_fake import FakeSlack, load
from tests.adapters.slack.slack_toys import Gate, toy_bot


async def test_socket_mode_is_healthy_while_heard_and_reconnects_on_request(
    fake: FakeSlack, gate: Gate, events
) -> None:
    running = await start_adapter(fake, bot=toy_bot(gate), events=events, socket_mode=True)
    adapter = running.adapter
    assert isinstance(adapter, WatchedAdapter)  # what /readyz and the watchdog ask
    try:
        await asyncio.wait_for(fake.socket_ready.wait(), timeout=10)
        health = await adapter.health()
        assert health.connected
        assert health.silent_for is not None and health.silent_for < 5
        await asyncio.sleep(0.3)
        await fake.send_envelope("events_api", load("app_mention.json"), "env-heard-1")
        await fake.wait_for_ack("env-heard-1")
        heard = await adapter.health()
        assert heard.silent_for is not None and heard.silent_for < 0.3  # the envelope counted

        fake.socket_ready.clear()
        await adapter.reconnect()

        await asyncio.wait_for(fake.socket_ready.wait(), timeout=10)
        assert len(fake.called("apps.connections.open")) == 2
        assert (await adapter.health()).connected
    finally:
        gate.opened.set()
        await running.stop()

    stopped = await adapter.health()
    assert not stopped.connected


async def test_http_mode_is_healthy_while_serving(slack: Running) -> None:
    adapter = slack.adapter
    assert isinstance(adapter, WatchedAdapter)  # what /readyz and the watchdog ask
    health = await adapter.health()
    assert health.connected
    assert health.silent_for == 0.0
    await adapter.reconnect()  # nothing to reconnect: still serving
    assert (await adapter.health()).connected
