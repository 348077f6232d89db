"""On Matrix, a directory history names people by their display name, not their Matrix id:
the name a shared room knows, else the one on their profile (a real Synapse)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime

from chatbot.ids import UserId
from tests.adapters.matrix.conftest import BotRunner
from tests.adapters.matrix.volunteer import Volunteer

MakeBot = Callable[..., BotRunner]
MakeVolunteer = Callable[..., Awaitable[Volunteer]]


async def test_history_shows_display_names(bot_runner: MakeBot, volunteers: MakeVolunteer) -> None:
    bot = bot_runner()
    await bot.start()
    ana = await volunteers("ana")
    coord = await volunteers("coord")  # shares no room with the bot: named by their profile
    await coord.client.set_displayname("Coralie")
    await ana.client.set_displayname("Ana Lopez")  # her profile name
    room = await ana.create_room(invite=(bot.user_id,))
    await ana.joined(room, bot.user_id)
    member = {"membership": "join", "displayname": "Ana (accueil)"}  # her name in this room
    await ana.client.room_put_state(room, "m.room.member", member, state_key=ana.user_id)

    directory = bot.app.storage.directory
    entry = directory.get_by_name("CAF de Paris")
    assert entry is not None and entry.id is not None
    for who, hours in ((coord, "Lun-ven 9h-17h"), (ana, "Lun-ven 9h-18h")):
        actor = UserId(f"matrix:{who.user_id}")
        directory.update(entry.id, {"hours": hours}, actor=actor, at=datetime.now(UTC))

    answer = await ana.answer_to(await ana.say(room, '!history "CAF de Paris"'))
    assert "changed by Coralie" in answer.body
    assert "changed by Ana (accueil)" in answer.body
    assert "matrix:@" not in answer.body
