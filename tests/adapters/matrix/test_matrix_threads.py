"""One place per report on Matrix, through a real Synapse: after an urgent alert, an ack
arrives as an ``m.thread`` reply to the alert event and the alert gets an ``m.replace`` edit
showing the new status, in a plain room and in an encrypted one (nothing in clear there)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from nio import RoomMessageText

from chatbot.ids import UserId
from tests.adapters.matrix.conftest import BotRunner
from tests.adapters.matrix.volunteer import Volunteer

MakeBot = Callable[..., BotRunner]
MakeVolunteer = Callable[..., Awaitable[Volunteer]]


def relation(event: Any) -> dict[str, Any]:
    relates: dict[str, Any] = event.source["content"].get("m.relates_to") or {}
    return relates


@pytest.mark.parametrize("encrypted", [False, True], ids=["plain room", "encrypted room"])
async def test_an_ack_arrives_in_the_alert_thread_and_the_alert_is_edited(
    bot_runner: MakeBot, volunteers: MakeVolunteer, encrypted: bool
) -> None:
    bot = bot_runner(e2ee=encrypted)
    await bot.start()
    coline = await volunteers("coline", e2ee=encrypted)
    room = await coline.create_room(invite=(bot.user_id,), encrypted=encrypted)
    await coline.joined(room, bot.user_id)
    bot.app.settings.bot_coordinators = [UserId(f"matrix:{coline.user_id}")]
    bot.app.settings.digest_targets = [f"matrix:{room}"]

    def from_bot(match: Callable[[Any], bool]) -> Callable[[str, Any], bool]:
        return lambda r, e: (
            r == room and isinstance(e, RoomMessageText) and e.sender == bot.user_id and match(e)
        )

    await coline.answer_to(await coline.say(room, "!report La porte de Haxo est cassée !urgent"))
    await bot.app.sender.flush()
    alert = await coline.wait_for(from_bot(lambda e: e.body.startswith("Urgent report #1")))
    assert relation(alert) == {}

    answer = await coline.answer_to(await coline.say(room, "!ack 1"))
    assert "Report #1 acknowledged." in answer.body
    await bot.app.sender.flush()

    reply = await coline.wait_for(from_bot(lambda e: relation(e).get("rel_type") == "m.thread"))
    assert relation(reply)["event_id"] == alert.event_id
    assert reply.body.startswith("Report #1 acknowledged by")
    edit = await coline.wait_for(from_bot(lambda e: relation(e).get("rel_type") == "m.replace"))
    assert relation(edit)["event_id"] == alert.event_id
    new = edit.source["content"]["m.new_content"]
    assert new["body"].startswith("Urgent report #1") and "acknowledged" in new["body"]
    assert "Acknowledge #1" not in new["body"]
    assert edit.body.startswith("* Urgent report #1")  # what clients without edits show
    top_level = [
        e
        for r, e in coline.events
        if r == room and isinstance(e, RoomMessageText) and e.sender == bot.user_id
        if not relation(e) and e.body.startswith("Urgent report")
    ]
    assert top_level == [alert]
    if encrypted:
        assert alert.decrypted and reply.decrypted and edit.decrypted  # none went in clear
