"""The outbox delivering through the Matrix adapter, against the real Synapse: each message has
one transaction id however often it is tried, and refusals end as dead letters."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from nio import MatrixRoom, RoomMessageText

from adapters.matrix.choices import Choices
from adapters.matrix.handler import EventHandler, reply_txn_id
from adapters.matrix.messenger import MatrixMessenger
from adapters.matrix.sender import Sender
from app.wiring import build_app
from chatbot.ids import ConversationId
from chatbot.outbox import LEASE, OutboxSender
from chatbot.reply import Reply
from chatbot.services import MemoryState
from storage.outbox_repo import SqlOutbox
from tests.adapters.matrix.conftest import BotRunner
from tests.adapters.matrix.fakes import FakeClient, rate_limited
from tests.adapters.matrix.volunteer import Volunteer
from tests.harness import FakeClock, bot_settings

MakeBot = Callable[..., BotRunner]
MakeVolunteer = Callable[..., Awaitable[Volunteer]]


class CrashAfterSending(SqlOutbox):
    """The outbox of a process that dies between the homeserver's confirmation and its own
    commit: the message stays leased, as if still in flight."""

    def mark_sent(self, message_id: int, *, at: datetime) -> None:
        raise RuntimeError("killed before the commit")


class Later:
    """A second process whose clock says the first one's lease has expired."""

    def __init__(self, by: timedelta) -> None:
        self.by = by

    def now(self) -> datetime:
        return datetime.now().astimezone() + self.by


def from_bot(bot: BotRunner, body: str) -> Callable[[str, Any], bool]:
    return lambda _r, e: (
        isinstance(e, RoomMessageText) and e.sender == bot.user_id and (e.body == body)
    )


async def test_a_retry_after_a_crash_and_a_lease_expiry_posts_once(
    bot_runner: MakeBot, volunteers: MakeVolunteer
) -> None:
    bot = bot_runner()
    await bot.start()
    ana = await volunteers("ana")
    room = await ana.create_room(invite=(bot.user_id,))
    await ana.joined(room, bot.user_id)
    app = bot.app
    crashing = OutboxSender(
        outbox=CrashAfterSending(app.storage.engine),
        messenger=app.router,
        clock=app.services.clock,
        served=app.router.platforms,
    )
    later = OutboxSender(
        outbox=app.storage.outbox,
        messenger=app.router,
        clock=Later(LEASE + timedelta(seconds=1)),
        served=app.router.platforms,
    )
    conversation = ConversationId(f"matrix:{room}")

    app.services.messenger.send(conversation, Reply.text("Digest"), to_user=False)
    assert await crashing.flush() == 0  # posted, but never marked sent
    await ana.wait_for(from_bot(bot, "Digest"))
    assert await later.flush() == 1  # the lease expired: tried again, same transaction id
    app.services.messenger.send(conversation, Reply.text("After"), to_user=False)
    assert await app.sender.flush() == 1
    await ana.wait_for(from_bot(bot, "After"))  # anything posted before it arrived before it

    bodies = [e.body for _r, e in ana.events if from_bot(bot, "Digest")(_r, e)]
    assert bodies == ["Digest"]
    assert app.storage.outbox.pending_count() == 0


async def test_a_room_the_bot_cannot_post_in_is_a_dead_letter_at_once(
    bot_runner: MakeBot, volunteers: MakeVolunteer
) -> None:
    bot = bot_runner()
    await bot.start()
    ana = await volunteers("ana")
    not_invited = await ana.create_room()
    app = bot.app

    for room in (not_invited, "!nowhere:localhost"):
        app.services.messenger.send(
            ConversationId(f"matrix:{room}"), Reply.text("Urgent report #2"), to_user=False
        )
    assert await app.sender.flush() == 0

    dead = sorted(app.storage.outbox.dead_letters(limit=5), key=lambda d: d.id)
    assert [d.recipient for d in dead] == [f"matrix:{not_invited}", "matrix:!nowhere:localhost"]
    assert all("M_FORBIDDEN" in d.reason or "M_NOT_FOUND" in d.reason for d in dead), dead
    assert all(d.attempts == 1 for d in dead)


async def test_an_answer_the_homeserver_did_not_take_is_retried_by_the_outbox(
    tmp_path: Path,
) -> None:
    """At the nio seam: the answer is rate limited, so the outbox takes it over, under the
    transaction id of the first attempt (had that one landed, the homeserver keeps one)."""
    clock = FakeClock(datetime(2026, 11, 23, 9, tzinfo=UTC))
    settings = bot_settings(tmp_path)
    app = build_app(settings, clock=clock)
    client = FakeClient(script=[rate_limited(2000)])
    state = MemoryState()
    sender = Sender(client=client, choices=Choices(state))
    handler = EventHandler(
        bot=app.bot,
        sender=sender,
        choices=Choices(state),
        events=app.storage.events,
        prefix="!",
        core=app.core,
    )
    app.router.register("matrix", MatrixMessenger(sender=sender, state=state))
    room = MatrixRoom("!dm:localhost", client.user_id)
    for member in (client.user_id, "@ana:localhost"):
        room.add_member(member, None, None)
    event = RoomMessageText.from_dict(
        {
            "event_id": "$ask",
            "sender": "@ana:localhost",
            "origin_server_ts": 1,
            "type": "m.room.message",
            "content": {"msgtype": "m.text", "body": "!whoami"},
        }
    )

    try:
        await handler.on_message(room, event)
        [owed] = app.storage.outbox.due(now=clock.now() + timedelta(seconds=2), limit=5)
        assert (owed.recipient, owed.key) == ("matrix:!dm:localhost", reply_txn_id("$ask"))
        assert await app.sender.flush() == 0  # not before the 2 s the homeserver asked
        clock.advance(seconds=2)
        assert await app.sender.flush() == 1
    finally:
        app.storage.close()

    assert [tx for _room, _kind, _content, tx in client.sent] == [reply_txn_id("$ask")] * 2
    assert "You are" in client.sent[1][2]["body"]
