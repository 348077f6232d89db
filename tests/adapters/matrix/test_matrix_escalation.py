"""An urgent report left unacknowledged reaches the coordinators again on Matrix (the real
Synapse), loudly, then the admins: the escalation goes through the outbox like any alert."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

from nio import RoomMessageText

from chatbot.ids import UserId
from commands.anomalies.escalation import escalate_due
from tests.adapters.matrix.conftest import BotRunner
from tests.adapters.matrix.test_matrix_alerts import direct_room_with_the_bot, notified_events
from tests.adapters.matrix.volunteer import Volunteer

MakeBot = Callable[..., BotRunner]
MakeVolunteer = Callable[..., Awaitable[Volunteer]]


class Later:
    """The clock of the escalation job, ``by`` after now."""

    def __init__(self, by: timedelta) -> None:
        self.by = by

    def now(self) -> datetime:
        return datetime.now().astimezone() + self.by


def escalation(bot: BotRunner) -> Callable[[Any, Any], bool]:
    return lambda _r, e: (
        isinstance(e, RoomMessageText)
        and e.sender == bot.user_id
        and "still unacknowledged" in e.body
    )


async def test_an_escalation_reaches_the_coordinator_then_the_admin_on_matrix(
    bot_runner: MakeBot, volunteers: MakeVolunteer
) -> None:
    bot = bot_runner()
    await bot.start()
    coline = await volunteers("coline")
    ada = await volunteers("ada")
    victor = await volunteers("victor")
    bot.app.settings.bot_coordinators = [UserId(f"matrix:{coline.user_id}")]
    bot.app.settings.bot_admins = [UserId(f"matrix:{ada.user_id}")]
    await direct_room_with_the_bot(coline, bot)
    await direct_room_with_the_bot(ada, bot)
    victor_dm = await direct_room_with_the_bot(victor, bot)

    await victor.answer_to(await victor.say(victor_dm, "report the printer is on fire !urgent"))
    await bot.app.sender.flush()  # the first alert, to coline and ada
    services = bot.app.services

    assert escalate_due(replace(services, clock=Later(timedelta(minutes=31)))) == 1
    await bot.app.sender.flush()
    again = await coline.wait_for(escalation(bot))
    assert again.body.startswith("Urgent report #1 is still unacknowledged after 31 minutes")
    assert again.source["content"]["msgtype"] == "m.text"  # it rings
    assert again.event_id in await notified_events(coline)

    assert escalate_due(replace(services, clock=Later(timedelta(minutes=62)))) == 1
    await bot.app.sender.flush()
    await ada.wait_for(lambda _r, e: escalation(bot)(_r, e) and "were reminded" in e.body)
    bodies = [e.body for _r, e in coline.events if escalation(bot)(_r, e)]
    assert len(bodies) == 1  # the coordinator is not told a third time
