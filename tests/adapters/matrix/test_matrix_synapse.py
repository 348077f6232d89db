"""Volunteers talk to the real bot through a real Synapse."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

from nio import ReactionEvent, RoomMemberEvent, RoomMessageNotice, RoomMessageText

from adapters.matrix.render import KEYCAPS
from chatbot.ids import UserId
from chatbot.reply import Reply
from tests.adapters.matrix.conftest import BotRunner
from tests.adapters.matrix.synapse_server import Synapse
from tests.adapters.matrix.volunteer import Volunteer

MakeBot = Callable[..., BotRunner]
MakeVolunteer = Callable[..., Awaitable[Volunteer]]


async def test_bot_joins_on_invite_and_answers_lookup_with_formatted_reply(
    bot_runner: MakeBot, volunteers: MakeVolunteer
) -> None:
    bot = bot_runner()
    await bot.start()
    ana = await volunteers("ana")
    room = await ana.create_room(invite=(bot.user_id,))
    await ana.joined(room, bot.user_id)

    asked = await ana.say(room, "!lookup caf")
    answer = await ana.answer_to(asked)

    assert "3230" in answer.body
    content = answer.source["content"]
    assert content["msgtype"] == "m.notice"
    assert content["format"] == "org.matrix.custom.html"
    assert "<strong>Phone</strong>: 3230" in content["formatted_body"]


async def test_history_before_the_first_start_is_not_answered(
    bot_runner: MakeBot, volunteers: MakeVolunteer
) -> None:
    bot = bot_runner()
    ana = await volunteers("ana")
    room = await ana.create_room()
    old = await ana.say(room, "!lookup caf")
    await ana.invite(room, bot.user_id)  # arrives while the bot is offline
    await bot.start()
    await ana.joined(room, bot.user_id)

    new = await ana.say(room, "!lookup cpam")
    await ana.answer_to(new)

    assert ana.answers_to(old) == []


async def test_bot_declines_invites_from_strangers_and_leaves_rooms_it_is_alone_in(
    bot_runner: MakeBot, volunteers: MakeVolunteer
) -> None:
    bot = bot_runner(matrix_allowed_inviters=["@someone-else:localhost", "example.org"])
    adapter = await bot.start()
    eve = await volunteers("eve")
    stranger_room = await eve.create_room(invite=(bot.user_id,))
    await eve.wait_for(
        lambda r, e: (
            r == stranger_room
            and isinstance(e, RoomMemberEvent)
            and e.state_key == bot.user_id
            and e.membership == "leave"
        )
    )
    assert stranger_room not in adapter.client.rooms

    adapter.settings.matrix_allowed_inviters = ["localhost"]
    room = await eve.create_room(invite=(bot.user_id,))
    await eve.joined(room, bot.user_id)
    await eve.client.room_leave(room)
    await until(lambda: room not in adapter.client.rooms)


async def until(condition: Callable[[], bool], timeout: float = 30.0) -> None:
    """Wait for ``condition`` to hold (checked every 50 ms); fails after ``timeout``."""
    async with asyncio.timeout(timeout):
        while not condition():
            await asyncio.sleep(0.05)


async def test_internal_contact_shown_in_direct_room_hidden_in_group_room(
    bot_runner: MakeBot, volunteers: MakeVolunteer
) -> None:
    bot = bot_runner()
    await bot.start()
    ana = await volunteers("ana")
    bea = await volunteers("bea")
    direct = await ana.create_room(invite=(bot.user_id,), direct=True)
    group = await ana.create_room(invite=(bot.user_id, bea.user_id))
    await ana.joined(direct, bot.user_id)
    await ana.joined(group, bot.user_id)
    await ana.joined(group, bea.user_id)

    in_direct = await ana.answer_to(await ana.say(direct, "lookup caf partenaires"))
    in_group = await ana.answer_to(await ana.say(group, "!lookup caf partenaires"))

    assert "01 00 00 00 01" in in_direct.body
    assert "01 00 00 00 01" not in in_group.body
    assert "direct message" in in_group.body


async def test_numbered_choice_and_reaction_run_the_button_command(
    bot_runner: MakeBot, volunteers: MakeVolunteer
) -> None:
    bot = bot_runner()
    await bot.start()
    ana = await volunteers("ana")
    room = await ana.create_room(invite=(bot.user_id,))
    await ana.joined(room, bot.user_id)
    card = await ana.answer_to(await ana.say(room, "!lookup caf"))
    assert f"{KEYCAPS[1]} This is wrong" in card.body  # anyone may flag the entry
    assert f"{KEYCAPS[2]} Show Ligne partenaires CAF" in card.body
    assert f"{KEYCAPS[3]} Show CAF de Paris" in card.body

    mistyped = await ana.answer_to(await ana.say(room, "!9"))
    assert mistyped.body == "There is no choice 9: type 1, 2, 3, 4 or 5."
    by_number = await ana.answer_to(await ana.say(room, "!3"))
    assert "Ligne partenaires CAF" in by_number.body.splitlines()[0]

    # The bot offers the keycaps as reactions; the volunteer clicks 4️⃣.
    await ana.wait_for(
        lambda _r, e: (
            isinstance(e, ReactionEvent) and e.reacts_to == card.event_id and e.key == KEYCAPS[3]
        )
    )
    await ana.react(room, card.event_id, KEYCAPS[3])
    by_reaction = await ana.wait_for(
        lambda _r, e: isinstance(e, RoomMessageNotice) and "CAF de Paris" in e.body.splitlines()[0]
    )
    assert "3230" in by_reaction.body
    assert "SAMU" in (await ana.answer_to(await ana.say(room, "!15"))).body  # looked up


async def test_messages_sent_while_the_bot_is_down_are_answered_once(
    bot_runner: MakeBot, volunteers: MakeVolunteer
) -> None:
    bot = bot_runner()
    await bot.start()
    ana = await volunteers("ana")
    room = await ana.create_room(invite=(bot.user_id,))
    await ana.joined(room, bot.user_id)
    await ana.answer_to(await ana.say(room, "!lookup caf"))
    await bot.stop()

    asked = [await ana.say(room, f"!lookup {query}") for query in ("cpam", "caf", "impots")]
    await bot.start(timeline_limit=2)  # fewer than the missed messages: the gap is fetched
    for event_id in asked:
        await ana.answer_to(event_id)
    # Replies come in order: once this one is in, a duplicate would be too.
    last = await ana.answer_to(await ana.say(room, "!help"))

    assert last.body
    assert [len(ana.answers_to(e)) for e in asked] == [1, 1, 1]


async def test_bot_survives_the_homeserver_restarting_under_it(
    bot_runner: MakeBot, volunteers: MakeVolunteer, synapse: Synapse
) -> None:
    bot = bot_runner()
    await bot.start()
    ana = await volunteers("ana")
    room = await ana.create_room(invite=(bot.user_id,))
    await ana.joined(room, bot.user_id)

    synapse.stop()
    synapse.start()
    answer = await ana.answer_to(await ana.say(room, "!lookup caf"))

    assert "3230" in answer.body


async def test_bot_writes_first_to_a_volunteer_in_a_reused_direct_room(
    bot_runner: MakeBot, volunteers: MakeVolunteer
) -> None:
    bot = bot_runner()
    adapter = await bot.start()
    ana = await volunteers("ana")

    await adapter.messenger.send_to_user(UserId(f"matrix:{ana.user_id}"), Reply.text("Hello Ana"))
    first = await ana.wait_for(lambda _r, e: isinstance(e, RoomMessageText))
    await adapter.messenger.send_to_user(UserId(f"matrix:{ana.user_id}"), Reply.text("Again"))
    again = await ana.wait_for(lambda _r, e: isinstance(e, RoomMessageText) and e.body == "Again")

    assert first.body == "Hello Ana"
    rooms = {r for r, e in ana.events if e in (first, again)}
    assert len(rooms) == 1


async def test_encrypted_room_works_and_keeps_its_device_across_restarts(
    bot_runner: MakeBot, volunteers: MakeVolunteer
) -> None:
    bot = bot_runner(e2ee=True)
    adapter = await bot.start()
    device = adapter.client.device_id
    ana = await volunteers("ana", e2ee=True)
    room = await ana.create_room(invite=(bot.user_id,), encrypted=True)
    await ana.joined(room, bot.user_id)

    answer = await ana.answer_to(await ana.say(room, "!lookup caf"))
    assert "3230" in answer.body
    assert answer.decrypted

    await bot.stop()
    adapter = await bot.start()
    again = await ana.answer_to(await ana.say(room, "!lookup cpam"))

    assert adapter.client.device_id == device
    assert again.decrypted
    assert "3646" in again.body
