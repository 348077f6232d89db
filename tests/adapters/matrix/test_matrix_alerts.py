"""What must reach a person notifies them on Matrix; answers stay quiet. Checked with the real
Synapse and its default push rules (``.m.rule.suppress_notices`` silences ``m.notice``)."""

from __future__ import annotations

import asyncio
import json
import urllib.request
from collections.abc import Awaitable, Callable
from typing import Any

from nio import RoomMessageText

from chatbot.ids import UserId
from tests.adapters.matrix.conftest import BotRunner
from tests.adapters.matrix.volunteer import Volunteer

MakeBot = Callable[..., BotRunner]
MakeVolunteer = Callable[..., Awaitable[Volunteer]]


async def notified_events(volunteer: Volunteer) -> list[str]:
    """The ids of the events Synapse's push rules decided to notify ``volunteer`` of."""

    def fetch() -> dict[str, Any]:
        request = urllib.request.Request(
            f"{volunteer.client.homeserver}/_matrix/client/v3/notifications",
            headers={"Authorization": f"Bearer {volunteer.client.access_token}"},
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            loaded: dict[str, Any] = json.load(response)
            return loaded

    found = await asyncio.to_thread(fetch)
    return [n["event"]["event_id"] for n in found["notifications"]]


async def direct_room_with_the_bot(volunteer: Volunteer, bot: BotRunner) -> str:
    room = await volunteer.create_room(invite=(bot.user_id,), direct=True)
    await volunteer.joined(room, bot.user_id)
    return room


async def test_an_urgent_report_alerts_a_coordinator_loudly_and_answers_the_reporter_quietly(
    bot_runner: MakeBot, volunteers: MakeVolunteer
) -> None:
    bot = bot_runner()
    await bot.start()
    coline = await volunteers("coline")
    victor = await volunteers("victor")
    bot.app.settings.bot_coordinators = [UserId(f"matrix:{coline.user_id}")]
    coline_dm = await direct_room_with_the_bot(coline, bot)
    victor_dm = await direct_room_with_the_bot(victor, bot)
    whoami = await coline.answer_to(await coline.say(coline_dm, "whoami"))

    report = "report the printer is on fire !urgent"
    answer = await victor.answer_to(await victor.say(victor_dm, report))
    assert await bot.app.sender.flush() == 1
    alert = await coline.wait_for(
        lambda _r, e: isinstance(e, RoomMessageText) and e.sender == bot.user_id
    )

    assert answer.source["content"]["msgtype"] == "m.notice"
    assert "Report #1 is saved" in answer.body
    assert whoami.source["content"]["msgtype"] == "m.notice"
    assert alert.source["content"]["msgtype"] == "m.text"
    assert alert.body.startswith("Urgent report #1")
    assert await notified_events(coline) == [alert.event_id]  # the answer to whoami did not ring
    assert await notified_events(victor) == []
