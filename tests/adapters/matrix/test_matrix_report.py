"""Reporting in seconds through a real Synapse: ``!report`` alone asks what was seen, the answer
is saved at once and its numbered choices change it (by number, by a word of their label, or
"yes"); a problem told in a direct room is offered as a report."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from adapters.matrix.render import KEYCAPS
from tests.adapters.matrix.conftest import BotRunner
from tests.adapters.matrix.volunteer import Volunteer

MakeBot = Callable[..., BotRunner]
MakeVolunteer = Callable[..., Awaitable[Volunteer]]


async def test_report_alone_then_a_numbered_choice_changes_the_saved_report(
    bot_runner: MakeBot, volunteers: MakeVolunteer
) -> None:
    bot = bot_runner()
    await bot.start()
    ana = await volunteers("ana")
    room = await ana.create_room(invite=(bot.user_id,), direct=True)
    await ana.joined(room, bot.user_id)

    asked = await ana.answer_to(await ana.say(room, "!report"))
    assert asked.body.startswith("What did you see?")
    saved = await ana.answer_to(await ana.say(room, "l'imprimante est en panne"))
    assert "Report #1 is saved" in saved.body
    assert "Category: Equipment (my guess)" in saved.body
    assert f"{KEYCAPS[0]} Site or premises" in saved.body
    [first] = bot.app.storage.anomalies.open_reports()
    assert first.category == "materiel"  # saved before any choice

    changed = await ana.answer_to(await ana.say(room, "!1"))
    assert "Report #1 is filed under Site or premises." in changed.body
    recategorized = bot.app.storage.anomalies.get(1)
    assert recategorized is not None and recategorized.category == "site"

    urgent = await ana.answer_to(await ana.say(room, "!1"))  # the urgent choice, offered next
    assert "now urgent" in urgent.body
    marked = bot.app.storage.anomalies.get(1)
    assert marked is not None and marked.severity.value == "urgent"

    offered = await ana.answer_to(await ana.say(room, "the wifi is down"))
    assert f"{KEYCAPS[0]} Report it" in offered.body
    filed = await ana.answer_to(await ana.say(room, "!1"))
    assert "Report #2 is saved" in filed.body

    # Choices named in words: a button's first word, "yes" for the one that says yes.
    urgent = await ana.answer_to(await ana.say(room, "urgent"))
    assert "Report #2 is now urgent" in urgent.body
    again = await ana.answer_to(await ana.say(room, "!report the wifi does not work"))
    assert "It looks like report #2" in again.body
    merged = await ana.answer_to(await ana.say(room, "yes"))
    assert merged.body.startswith("Thanks: #3 is merged into #2")
