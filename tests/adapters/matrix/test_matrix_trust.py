"""Trust at the seams, with the real Synapse: internal details only in rooms nobody else can join,
nothing in clear in encrypted rooms, a private key store, and no message lost for want of a key."""

from __future__ import annotations

import asyncio
import json
import logging
import stat
import urllib.request
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import quote

import pytest
from nio import ReactionEvent

from adapters.matrix.render import KEYCAPS
from adapters.matrix.session import STORE_DIR
from adapters.matrix.undecrypted import MAX_AGE
from chatbot.ports import UndecryptedEvent
from tests.adapters.matrix.conftest import BotRunner
from tests.adapters.matrix.volunteer import Volunteer

MakeBot = Callable[..., BotRunner]
MakeVolunteer = Callable[..., Awaitable[Volunteer]]

INTERNAL_LINE = "01 00 00 00 01"
"""The internal phone line of the demo entry "Ligne partenaires CAF"."""


async def test_internal_details_only_in_a_direct_room_nobody_else_can_join(
    bot_runner: MakeBot, volunteers: MakeVolunteer
) -> None:
    bot = bot_runner()
    await bot.start()
    ana = await volunteers("ana")
    bea = await volunteers("bea")
    public = await ana.create_room(invite=(bot.user_id,), public=True)
    direct = await ana.create_room(invite=(bot.user_id,), direct=True)
    await ana.joined(public, bot.user_id)
    await ana.joined(direct, bot.user_id)

    async def lookup(room_id: str) -> str:
        answer = await ana.answer_to(await ana.say(room_id, "!lookup caf partenaires"))
        return str(answer.body)

    in_public = await lookup(public)  # two members, but anyone may join and read it later
    in_direct = await lookup(direct)
    await ana.set_join_rule(direct, "public")
    opened = await lookup(direct)
    await ana.set_join_rule(direct, "invite")
    closed_again = await lookup(direct)
    await ana.invite(direct, bea.user_id)  # an invited third member reads what follows
    with_a_third = await lookup(direct)

    assert "Ligne partenaires CAF" in in_public
    assert INTERNAL_LINE not in in_public
    assert INTERNAL_LINE in in_direct
    assert INTERNAL_LINE not in opened
    assert INTERNAL_LINE in closed_again
    assert INTERNAL_LINE not in with_a_third


async def room_timeline(volunteer: Volunteer, room_id: str) -> list[dict[str, Any]]:
    """The room's events as the homeserver keeps them (newest first), read with a raw request."""

    def fetch() -> list[dict[str, Any]]:
        request = urllib.request.Request(
            f"{volunteer.client.homeserver}/_matrix/client/v3/rooms/{quote(room_id)}"
            "/messages?dir=b&limit=200",
            headers={"Authorization": f"Bearer {volunteer.client.access_token}"},
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            chunk: list[dict[str, Any]] = json.load(response)["chunk"]
            return chunk

    return await asyncio.to_thread(fetch)


async def test_in_an_encrypted_room_the_bot_sends_nothing_in_clear(
    bot_runner: MakeBot, volunteers: MakeVolunteer
) -> None:
    bot = bot_runner(e2ee=True)
    await bot.start()
    ana = await volunteers("ana", e2ee=True)
    room = await ana.create_room(invite=(bot.user_id,), encrypted=True)
    await ana.joined(room, bot.user_id)

    card = await ana.answer_to(await ana.say(room, "!lookup caf"))
    keycap = await ana.wait_for(
        lambda _r, e: (
            isinstance(e, ReactionEvent) and e.reacts_to == card.event_id and e.key == KEYCAPS[2]
        )
    )
    await ana.answer_to(await ana.say(room, "!3"))
    timeline = await room_timeline(ana, room)

    assert card.decrypted
    assert keycap.decrypted  # the choice reactions went encrypted
    from_bot = [e for e in timeline if e["sender"] == bot.user_id and "state_key" not in e]
    assert len(from_bot) >= 5  # two answers and three reactions
    assert {e["type"] for e in from_bot} == {"m.room.encrypted"}
    reactions = [e for e in from_bot if "m.relates_to" in e["content"]]
    relations = {e["content"]["m.relates_to"].get("rel_type") for e in reactions}
    assert "m.annotation" in relations  # still grouped under the card by clients


async def test_the_key_store_is_readable_by_the_bot_alone(
    bot_runner: MakeBot, volunteers: MakeVolunteer
) -> None:
    bot = bot_runner(e2ee=True)
    store = bot.data_dir / STORE_DIR
    store.mkdir(parents=True, mode=0o755)
    store.chmod(0o755)  # as an older version, or a permissive umask, left it
    await bot.start()
    files = [path for path in store.iterdir() if path.is_file()]

    assert stat.S_IMODE(store.stat().st_mode) == 0o700
    assert any(path.suffix == ".db" for path in files), files
    assert {path.name: stat.S_IMODE(path.stat().st_mode) for path in files} == {
        path.name: 0o600 for path in files
    }


async def until(condition: Callable[[], bool], timeout: float = 30.0) -> None:
    async with asyncio.timeout(timeout):
        while not condition():
            await asyncio.sleep(0.05)


async def test_a_message_read_before_its_key_is_answered_when_the_key_comes_even_after_a_restart(
    bot_runner: MakeBot, volunteers: MakeVolunteer, caplog: pytest.LogCaptureFixture
) -> None:
    bot = bot_runner(e2ee=True)
    await bot.start()
    waiting = bot.app.storage.undecrypted
    ana = await volunteers("ana", e2ee=True)
    room = await ana.create_room(invite=(bot.user_id,), encrypted=True)
    await ana.joined(room, bot.user_id)

    late = await ana.say_withholding_key(room, "!lookup caf", from_user=bot.user_id)
    await until(lambda: [e.event_id for e in waiting.waiting()] == [late.event_id])
    assert ana.answers_to(late.event_id) == []
    assert decryption_failures(bot) == 1
    await ana.send_room_key(late, to_user=bot.user_id)
    answer = await ana.answer_to(late.event_id)
    assert "3230" in answer.body
    assert waiting.waiting() == []

    later = await ana.say_withholding_key(room, "!lookup cpam", from_user=bot.user_id)
    await until(lambda: [e.event_id for e in waiting.waiting()] == [later.event_id])
    await bot.stop()
    waiting.keep(
        UndecryptedEvent(
            event_id="$forgotten",
            room_id=room,
            session_id="lost",
            event={},
            sent_at=datetime.now(UTC) - MAX_AGE - timedelta(minutes=1),
        )
    )
    await ana.send_room_key(later, to_user=bot.user_id)  # while the bot is down
    with caplog.at_level(logging.WARNING, logger="adapters.matrix.undecrypted"):
        await bot.start()
    again = await ana.answer_to(later.event_id)

    assert "3646" in again.body
    assert waiting.waiting() == []
    assert "dropped 1 encrypted message" in caplog.text
    last = await ana.answer_to(await ana.say(room, "!help"))  # answers come in order
    assert last.body
    assert [len(ana.answers_to(e.event_id)) for e in (late, later)] == [1, 1]
    assert decryption_failures(bot) == 2  # one each; decrypting them later counts none


def decryption_failures(bot: BotRunner) -> float | None:
    return bot.metrics.registry.get_sample_value("chatbot_matrix_decryption_failures_total")
