"""A newcomer's first message in the Matrix welcome room ticks their introduction step: the
tick comes by direct message, the room gets no answer."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from tests.adapters.matrix.conftest import BotRunner
from tests.adapters.matrix.test_matrix_onboarding import newcomer_welcomed
from tests.adapters.matrix.test_matrix_synapse import until
from tests.adapters.matrix.volunteer import Volunteer

MakeBot = Callable[..., BotRunner]
MakeVolunteer = Callable[..., Awaitable[Volunteer]]


async def test_the_first_message_in_the_welcome_room_ticks_the_introduction(
    bot_runner: MakeBot, volunteers: MakeVolunteer
) -> None:
    bot = bot_runner()
    await bot.start()
    welcome = await newcomer_welcomed(bot, volunteers)
    onboarding = bot.app.services.onboarding
    assert onboarding is not None

    def introduced() -> bool:
        newcomer = onboarding.get(welcome.newbie_id)
        return newcomer is not None and 2 in newcomer.done

    await welcome.newbie.say(welcome.room, "Bonjour à tous, je suis nouvelle !")
    await until(introduced)
    await until(lambda: bot.app.storage.outbox.pending_count() > 0)
    assert await bot.app.sender.flush() == 1  # the tick, by direct message
    assert welcome.coline.notices(welcome.room) == []
