"""A newcomer's first message in the Slack welcome channel (a signed ``message.channels``
event, not a mention) ticks their introduction step: the tick comes by DM, the channel gets
no answer."""

from __future__ import annotations

import json
from typing import Any

from adapters.slack.membership import message_posted
from chatbot.ids import UserId
from tests.adapters.slack.conftest import Running
from tests.adapters.slack.slack_fake import load

NEWBIE = UserId("slack:U05NEWBIE")


def channel_message(channel: str, *, event_id: str, **extra: Any) -> dict[str, Any]:
    body = load("message_im.json")
    body["event_id"] = event_id
    body["event"].update(
        user="U05NEWBIE", channel=channel, channel_type="channel", text="Bonjour à tous !", **extra
    )
    return dict(body)


async def post(running: Running, body: dict[str, Any]) -> None:
    status, _ = await running.post_json(json.dumps(body))
    assert status == 200
    handlers = running.adapter._handlers
    assert handlers is not None
    await handlers.background.drain()


def test_only_people_s_channel_messages_are_reported() -> None:
    assert message_posted(channel_message("C0WELCOME", event_id="Ev1")) is not None
    assert message_posted(load("message_im.json")) is None  # a direct message
    assert message_posted(channel_message("C0WELCOME", event_id="Ev2", bot_id="B01")) is None
    edit = channel_message("C0WELCOME", event_id="Ev3", subtype="message_changed")
    assert message_posted(edit) is None
    assert (
        message_posted(channel_message("C0WELCOME", event_id="Ev4"), bot_user_id="U05NEWBIE")
        is None
    )


async def test_the_first_message_in_the_welcome_channel_ticks_the_introduction(welcome, fake):
    running, app = welcome
    await post(running, load("member_joined_channel.json"))
    assert await app.sender.flush() == 1  # the welcome
    await post(running, channel_message("C0OTHER", event_id="Ev0THER"))
    assert await app.sender.flush() == 0
    newcomer = app.services.onboarding.get(NEWBIE)
    assert newcomer is not None and 2 not in newcomer.done

    await post(running, channel_message("C0WELCOME", event_id="Ev0HELLO"))
    assert await app.sender.flush() == 1
    newcomer = app.services.onboarding.get(NEWBIE)
    assert newcomer is not None and 2 in newcomer.done
    posts = await fake.wait_for("chat.postMessage", 2)
    assert [p.args["channel"] for p in posts] == ["D05NEWBIE", "D05NEWBIE"]
    assert posts[1].args["text"].startswith("✓ Ticked for you: 2. Introduce yourself")
    assert fake.posted("C0WELCOME") == [] and fake.posted("C0OTHER") == []
