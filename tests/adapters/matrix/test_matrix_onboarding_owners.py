"""A composed journey on Matrix (the real Synapse): the coordinator's step reaches them by DM
and they tick it; the buddy's step reaches the buddy, then a reminder once it is overdue, which
they snooze with its numbered choice (``!1``), holding the coordinators' reminder back."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any

from nio import RoomMessageText

from app.wiring import build_app
from chatbot.ids import UserId
from commands.onboarding.template_file import parse_template
from tests.adapters.matrix.conftest import BotRunner
from tests.adapters.matrix.test_matrix_alerts import direct_room_with_the_bot
from tests.adapters.matrix.volunteer import Volunteer
from tests.harness import NUDGES, FakeClock, bot_settings

MakeBot = Callable[..., BotRunner]
MakeVolunteer = Callable[..., Awaitable[Volunteer]]

GENERAL = """\
name: volunteer
language: en
title: Small checklist
days:
  - title: First day
    steps:
      - title: Say hello
"""
PART = """\
name: desk
part_of: volunteer
language: en
title: Front desk
days:
  - title: First day
    steps:
      - title: Open the accounts
        owner: coordinator
  - title: Second day
    steps:
      - title: Coffee with your buddy
        owner: buddy
"""


def from_bot(bot: BotRunner, start: str) -> Callable[[str, Any], bool]:
    return lambda _room, e: (
        isinstance(e, RoomMessageText) and e.sender == bot.user_id and e.body.startswith(start)
    )


async def test_coordinator_and_buddy_steps_with_a_snoozed_reminder_on_matrix(
    bot_runner: MakeBot, volunteers: MakeVolunteer
) -> None:
    coline = await volunteers("coline")
    ana = await volunteers("ana")
    newbie = await volunteers("newbie")
    bot = bot_runner()
    bot.app.storage.close()  # the same bot, on a clock the test moves on
    clock = FakeClock(datetime.now(UTC))
    bot.app = build_app(
        bot_settings(
            bot.data_dir,
            bot_coordinators=[UserId(f"matrix:{coline.user_id}")],
            onboarding_buddies=[UserId(f"matrix:{ana.user_id}")],
            onboarding_weekends=True,
            onboarding_nudge_time="00:00",
        ),
        clock=clock,
    )
    await bot.start()
    services = bot.app.services
    for text in (GENERAL, PART):
        services.onboarding.save_template(
            parse_template(text), actor=UserId("system"), at=clock.now()
        )
    newcomer = f"matrix:{newbie.user_id}"
    called = newbie.user_id.removeprefix("@").split(":")[0]  # their Matrix display name

    async def nudge(days: int) -> None:
        clock.advance(days=days)
        [job] = [j for j in bot.app.bot.registry.jobs if j.name == NUDGES]
        await job.run(services)
        await bot.app.sender.flush()

    coline_dm = await direct_room_with_the_bot(coline, bot)
    started = await coline.answer_to(
        await coline.say(coline_dm, f"onboarding start {newcomer} desk")
    )
    assert started.body.startswith(f"{called} starts «Small checklist · Front desk»")
    await bot.app.sender.flush()
    welcome = await newbie.wait_for(from_bot(bot, "Welcome"))
    assert "2. Open the accounts" in welcome.body
    step = await coline.wait_for(from_bot(bot, "An onboarding step of"))
    assert ": 2. Open the accounts" in step.body
    await ana.wait_for(from_bot(bot, "You are now the buddy of"))
    ticked = await coline.answer_to(await coline.say(coline_dm, f"onboarding tick {newcomer} 2"))
    assert ticked.body == f"✓ Done for {called}: 2. Open the accounts."
    newbie_dm = next(room for room, e in newbie.events if e is welcome)
    await newbie.answer_to(await newbie.say(newbie_dm, "done 1"))

    await nudge(1)  # day 2: the buddy's step
    buddy_step = await ana.wait_for(from_bot(bot, "As "))
    assert "this onboarding step is yours: 3. Coffee with your buddy" in buddy_step.body
    await nudge(1)  # a day late: the buddy is reminded, and snoozes it with its choice
    reminder = await ana.wait_for(from_bot(bot, "⏰"))
    assert "- 3. Coffee with your buddy" in reminder.body
    assert "Snooze 3" in reminder.body
    ana_dm = next(room for room, e in ana.events if e is reminder)
    snoozed = await ana.answer_to(await ana.say(ana_dm, "!1"))
    assert snoozed.body.startswith("💤 Snoozed: the next reminder of step 3 comes on")

    await nudge(2)  # the coordinators' turn without the snooze
    assert not [e for r, e in coline.events if from_bot(bot, "⏰")(r, e)]
    await nudge(1)
    late = await coline.wait_for(from_bot(bot, "⏰"))
    assert f"({newcomer}) has overdue onboarding steps" in late.body
    done = await ana.answer_to(await ana.say(ana_dm, f"onboarding tick {newcomer} 3"))
    assert done.body.startswith(f"✓ Done for {called}: 3. Coffee with your buddy.")
