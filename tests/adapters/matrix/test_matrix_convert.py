"""Which room messages the bot answers, and what command it reads in them."""

from __future__ import annotations

from typing import Any

import pytest
from nio import MatrixRoom, RoomMemberEvent, RoomMessageText

from adapters.matrix import convert
from chatbot.reply import typed_choice

BOT = "@annuaire:localhost"
NAMES = ("Annuaire", BOT, "annuaire")


def command(text: str, *, private: bool = False, mentioned: bool = False) -> str | None:
    return convert.command_line(
        text, mentioned=mentioned, private=private, prefix="!", bot_names=NAMES
    )


@pytest.mark.parametrize(
    ("typed", "private", "expected"),
    [
        ("!lookup caf", False, "lookup caf"),
        ("! lookup caf", False, "lookup caf"),
        ("lookup caf", False, None),
        ("lookup caf", True, "lookup caf"),
        ("Annuaire: lookup caf", False, "lookup caf"),
        ("annuaire, !lookup caf", False, "lookup caf"),
        ("@annuaire:localhost lookup caf", False, "lookup caf"),
        ("Annuairette lookup", False, None),
        ("!role @ana:localhost coordinator", False, "role matrix:@ana:localhost coordinator"),
    ],
)
def test_volunteer_addresses_the_bot(typed: str, private: bool, expected: str | None) -> None:
    assert command(typed, private=private) == expected


def test_a_pill_mentioning_the_bot_is_a_command_and_other_pills_become_ids() -> None:
    content = {
        "msgtype": "m.text",
        "body": "Annuaire: role Ana coordinator",
        "format": "org.matrix.custom.html",
        "formatted_body": '<a href="https://matrix.to/#/@annuaire:localhost">Annuaire</a>: '
        'role <a href="https://matrix.to/#/@ana:localhost">Ana</a> coordinator',
    }

    text, mentioned = convert.message_text(content, bot_user_id=BOT)

    assert mentioned
    assert command(text, mentioned=mentioned) == "role matrix:@ana:localhost coordinator"


def test_intentional_mentions_count_and_reply_fallbacks_are_dropped() -> None:
    content: dict[str, Any] = {
        "body": "> <@ana:localhost> earlier words\n\nlookup caf",
        "m.mentions": {"user_ids": [BOT]},
    }

    assert convert.message_text(content, bot_user_id=BOT) == ("lookup caf", True)
    html = {
        "body": "x",
        "format": "org.matrix.custom.html",
        "formatted_body": "<mx-reply><blockquote>old <b>!help</b></blockquote></mx-reply>"
        "!lookup caf",
    }
    assert convert.message_text(html, bot_user_id=BOT) == ("!lookup caf", False)


def test_numbers_and_keycaps_pick_choices() -> None:
    assert [typed_choice(t) for t in ("2", "#3", "!2", "le 4", "n°4", "[4]", "4.", "4 svp")] == [
        2,
        3,
        2,
        4,
        4,
        4,
        4,
        4,
    ]
    assert typed_choice("0") is None
    assert typed_choice("2 more") is None
    assert typed_choice("le 4 mars") is None
    words = ("quatre", "le premier", "la Deuxième", "the third", "two", "cinq svp")
    assert [typed_choice(t) for t in words] == [4, 1, 2, 3, 2, 5]
    assert typed_choice("caf") is None
    assert typed_choice("le quatre-quarts") is None
    assert convert.reaction_choice("3\ufe0f\u20e3") == 3
    assert convert.reaction_choice("3\u20e3") == 3
    assert convert.reaction_choice("👍") is None


def room_with(
    *members: str, join_rule: str = "invite", invited: tuple[str, ...] = ()
) -> MatrixRoom:
    room = MatrixRoom("!room:localhost", BOT)
    room.join_rule = join_rule
    for member in members:
        room.add_member(member, None, None)
    for member in invited:
        room.add_member(member, None, None, invited=True)
    return room


def test_every_message_is_for_the_bot_when_the_user_and_the_bot_are_alone() -> None:
    assert convert.alone_with_bot(2)
    assert not convert.alone_with_bot(3)


@pytest.mark.parametrize(
    ("room", "private"),
    [
        (room_with(BOT, "@ana:localhost"), True),
        (room_with(BOT, invited=("@ana:localhost",)), True),
        (room_with(BOT, "@ana:localhost", join_rule="knock"), True),
        (room_with(BOT, "@ana:localhost", join_rule="public"), False),
        (room_with(BOT, "@ana:localhost", join_rule="restricted"), False),
        (room_with(BOT, "@ana:localhost", join_rule="knock_restricted"), False),
        (room_with(BOT, "@ana:localhost", invited=("@bea:localhost",)), False),
        (room_with(BOT), False),
        (room_with("@ana:localhost", "@bea:localhost"), False),
    ],
)
def test_private_means_a_direct_room_with_the_bot_nobody_else_can_join(
    room: MatrixRoom, private: bool
) -> None:
    assert convert.is_private(room) is private


def test_incoming_carries_qualified_ids_and_a_permalink() -> None:
    incoming = convert.incoming(
        text="lookup caf",
        sender="@ana:localhost",
        sender_name="Ana",
        room_id="!room:localhost",
        private=True,
        event_id="$e1",
    )

    assert incoming.sender_id == "matrix:@ana:localhost"
    assert incoming.conversation_id == "matrix:!room:localhost"
    assert incoming.platform == "matrix"
    assert incoming.permalink == "https://matrix.to/#/!room:localhost/$e1"
    assert not incoming.is_action


def _member(user: str, membership: str, prev: str | None, n: int) -> RoomMemberEvent:
    event = {
        "type": "m.room.member",
        "event_id": f"$m{n}",
        "sender": user,
        "origin_server_ts": n,
        "state_key": user,
        "content": {"membership": membership},
        "unsigned": {"prev_content": {"membership": prev}} if prev else {},
    }
    return RoomMemberEvent.from_dict(event)


def _text(body: str, n: int) -> RoomMessageText:
    event = {
        "type": "m.room.message",
        "event_id": f"$t{n}",
        "sender": "@ana:localhost",
        "origin_server_ts": n,
        "content": {"msgtype": "m.text", "body": body},
    }
    return RoomMessageText.from_dict(event)


def test_history_before_the_bots_join_is_ignored() -> None:
    before = _text("!lookup old", 1)
    join = _member(BOT, "join", "invite", 2)
    after = _text("!lookup new", 3)
    profile_change = _member(BOT, "join", "join", 4)
    last = _text("!help", 5)

    assert convert.after_own_join([before, join, after, profile_change, last], BOT) == [
        after,
        profile_change,
        last,
    ]
    assert convert.after_own_join([before, after], BOT) == [before, after]
