"""A newcomer's first message in the Matrix welcome room ticks their introduction step: the
tick comes by direct message, the room gets no answer."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from chatbot.ids import ConversationId, UserId
from tests.adapters.matrix.conftest import BotRunner
from tests.adapters.matrix.test_matrix_synapse import until
from tests.adapters.matrix.volunteer import Volunteer

MakeBot = Callable[..., BotRunner]
MakeVolunteer = Callable[..., Awaitable[Volunteer]]


async def test_the_first_message_in_the_welcome_room_ticks_the_introduction(
    bot_runner: MakeBot, volunteers: MakeVolunteer
) -> None:
    bot = bot_runner()
    await bot.start()
    coline = await volunteers("coline")
    welcome_room = await coline.create_room(invite=(bot.user_id,))
    await coline.joined(welcome_room, bot.user_id)
    bot.app.settings.onboarding_welcome_channels = [ConversationId(f"matrix:{welcome_room}")]
    newbie = await volunteers("newbie")
    await coline.invite(welcome_room, newbie.user_id)
    await coline.joined(welcome_room, newbie.user_id)
    onboarding = bot.app.services.onboarding
    newbie_id = UserId(f"matrix:{newbie.user_id}")
    await until(lambda: onboarding.get(newbie_id) is not None)
    await until(lambda: bot.app.storage.outbox.pending_count() > 0)
    assert await bot.app.sender.flush() == 1  # the welcome

    def introduced() -> bool:
        newcomer = onboarding.get(newbie_id)
        return newcomer is not None and 2 in newcomer.done

    await newbie.say(welcome_room, "Bonjour à tous, je suis nouvelle !")
    await until(introduced)
    await until(lambda: bot.app.storage.outbox.pending_count() > 0)
    assert await bot.app.sender.flush() == 1  # the tick, by direct message
    assert coline.notices(welcome_room) == []
