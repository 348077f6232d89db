"""A newcomer joins the welcome room on Matrix: the real bot enrols them and writes first."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from nio import RoomMessageText

from chatbot.ids import ConversationId, UserId
from tests.adapters.matrix.conftest import BotRunner
from tests.adapters.matrix.test_matrix_synapse import until
from tests.adapters.matrix.volunteer import Volunteer

MakeBot = Callable[..., BotRunner]
MakeVolunteer = Callable[..., Awaitable[Volunteer]]


@dataclass(frozen=True)
class WelcomeRoom:
    coline: Volunteer
    """Who made the room and invited the others."""
    room: str
    newbie: Volunteer
    newbie_id: UserId


async def newcomer_welcomed(bot: BotRunner, volunteers: MakeVolunteer) -> WelcomeRoom:
    """A welcome room the started ``bot`` is in, and a newcomer who joined it, was enrolled
    and got their welcome (flushed)."""
    coline = await volunteers("coline")
    welcome_room = await coline.create_room(invite=(bot.user_id,))
    await coline.joined(welcome_room, bot.user_id)
    bot.app.settings.onboarding_welcome_channels = [ConversationId(f"matrix:{welcome_room}")]

    newbie = await volunteers("newbie")
    await coline.invite(welcome_room, newbie.user_id)
    await coline.joined(welcome_room, newbie.user_id)
    onboarding = bot.app.services.onboarding
    assert onboarding is not None
    newbie_id = UserId(f"matrix:{newbie.user_id}")
    await until(lambda: onboarding.get(newbie_id) is not None)
    await until(lambda: bot.app.storage.outbox.pending_count() > 0)  # the welcome is owed next
    assert await bot.app.sender.flush() == 1
    return WelcomeRoom(coline, welcome_room, newbie, newbie_id)


async def test_joining_the_welcome_room_enrols_and_welcomes_by_dm(
    bot_runner: MakeBot, volunteers: MakeVolunteer
) -> None:
    bot = bot_runner()
    await bot.start()
    welcome = await newcomer_welcomed(bot, volunteers)
    welcome_room = welcome.room

    hello = await welcome.newbie.wait_for(
        lambda room, e: room != welcome_room and isinstance(e, RoomMessageText)  # it notifies
    )
    assert "!1" in hello.body  # steps to tick, as numbered choices
