"""What Matrix tells ``/readyz`` and the watchdog: the age of its last successful sync, against
the real homeserver; a reconnect gives up the waiting sync and the bot still answers."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable

from adapters.spec import WatchedAdapter
from tests.adapters.matrix.conftest import BotRunner
from tests.adapters.matrix.volunteer import Volunteer

MakeBot = Callable[..., BotRunner]
MakeVolunteer = Callable[..., Awaitable[Volunteer]]


async def test_sync_age_grows_in_silence_and_a_reconnect_syncs_again(
    bot_runner: MakeBot, volunteers: MakeVolunteer
) -> None:
    bot = bot_runner()
    adapter = await bot.start()
    assert isinstance(adapter, WatchedAdapter)  # what /readyz and the watchdog ask
    ana = await volunteers("ana")
    room = await ana.create_room(invite=(bot.user_id,))
    await ana.joined(room, bot.user_id)

    await asyncio.sleep(1.5)  # nobody says anything: the long poll waits (10 s in tests)
    quiet = await adapter.health()
    assert quiet.connected
    assert quiet.silent_for is not None and 1.0 <= quiet.silent_for < 10

    waiting = adapter._sync
    await adapter.reconnect()
    async with asyncio.timeout(3):  # well before the waiting sync would have returned
        while adapter._sync is waiting:
            await asyncio.sleep(0.01)

    said = time.monotonic()
    asked = await ana.say(room, "!lookup caf")
    assert "3230" in (await ana.answer_to(asked)).body
    heard = await adapter.health()
    assert heard.silent_for is not None and heard.silent_for < time.monotonic() - said

    await bot.stop()
    assert not (await adapter.health()).connected
