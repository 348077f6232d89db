"""SIGTERM while Slack waits for an answer the bot acknowledged: it is still answered."""

from __future__ import annotations

import asyncio
import json
import os
import signal

from app.runner import StopOnSignal
from tests.adapters.slack.conftest import MemoryEvents, start_adapter
from tests.adapters.slack.slack_fake import FakeSlack, load
from tests.adapters.slack.slack_toys import Gate, toy_bot


async def test_sigterm_answers_what_was_acknowledged_then_stops(
    fake: FakeSlack, gate: Gate, events: MemoryEvents
) -> None:
    running = await start_adapter(fake, bot=toy_bot(gate), events=events)
    body = load("message_im.json")
    body["event"]["text"] = "wait"
    with StopOnSignal() as signals:
        serving = asyncio.create_task(signals.serve(running.task))
        status, _text = await running.post_json(json.dumps(body))
        assert status == 200  # acknowledged: Slack will not send it again
        os.kill(os.getpid(), signal.SIGTERM)
        await asyncio.sleep(0.3)
        assert signals.received == "SIGTERM" and not fake.called("chat.postMessage")
        gate.opened.set()  # the command in flight finishes during the stop
        await asyncio.wait_for(serving, timeout=10)
    [post] = fake.called("chat.postMessage")
    assert "done waiting" in post.args["text"]
    assert running.task.cancelled() or running.task.done()
