"""The outbox delivering through the Slack adapter, against the fake Web API: one attempt per
delivery, Slack's refusals ending as dead letters, 429s waited out in the database."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest

from app.wiring import App, build_app
from chatbot.ids import ConversationId, UserId
from chatbot.reply import Reply
from tests.adapters.slack.conftest import Running, start_adapter
from tests.adapters.slack.slack_fake import FakeSlack
from tests.harness import FakeClock, RecordingMessenger, bot_settings

CHANNEL = ConversationId("slack:C0COORD")


@dataclass
class Bot:
    app: App
    slack: Running
    clock: FakeClock
    console: RecordingMessenger

    async def owe(self, text: str, to: ConversationId = CHANNEL) -> None:
        self.app.services.messenger.send(to, Reply.text(text), to_user=False)


@pytest.fixture
async def bot(fake: FakeSlack, tmp_path: Path) -> AsyncIterator[Bot]:
    clock = FakeClock(datetime(2026, 11, 23, 9, tzinfo=UTC))
    settings = bot_settings(tmp_path, bot_demo_data=False)
    app = build_app(settings, clock=clock)
    console = RecordingMessenger()
    app.router.register("console", console)
    slack = await start_adapter(
        fake,
        bot=app.bot,
        events=app.storage.events,
        router=app.router,
        answers=app.storage.shared_answers,
    )
    yield Bot(app, slack, clock, console)
    await slack.stop()
    app.storage.close()


@pytest.mark.parametrize(
    "error", ["not_in_channel", "channel_not_found", "invalid_blocks", "msg_too_long"]
)
async def test_a_refusal_no_retry_can_change_is_a_dead_letter_at_once(
    bot: Bot, fake: FakeSlack, error: str
) -> None:
    fake.fail("chat.postMessage", error, times=5)
    await bot.owe("Urgent report #3")

    assert await bot.app.sender.flush() == 0
    bot.clock.advance(hours=1)
    assert await bot.app.sender.flush() == 0

    assert len(fake.called(f"chat.postMessage:{error}")) == 1  # one attempt, never again
    [dead] = bot.app.storage.outbox.dead_letters(limit=5)
    assert (dead.recipient, dead.reason) == (CHANNEL, f"slack: {error}")


async def test_a_direct_message_to_someone_gone_is_a_dead_letter(bot: Bot, fake: FakeSlack) -> None:
    fake.fail("conversations.open", "user_not_found")
    bot.app.services.messenger.send(UserId("slack:U0GONE"), Reply.text("Hi"), to_user=True)

    assert await bot.app.sender.flush() == 0

    [dead] = bot.app.storage.outbox.dead_letters(limit=5)
    assert (dead.recipient, dead.reason) == ("slack:U0GONE", "slack: user_not_found")
    assert fake.called("chat.postMessage") == []


async def test_a_server_error_is_retried_by_the_outbox_not_the_client(
    bot: Bot, fake: FakeSlack
) -> None:
    fake.fail("chat.postMessage", "internal_error", status=500)
    await bot.owe("Digest")

    assert await bot.app.sender.flush() == 0
    assert len(fake.called("chat.postMessage:internal_error")) == 1
    assert fake.called("chat.postMessage") == []
    bot.clock.advance(seconds=5)
    assert await bot.app.sender.flush() == 1

    [post] = fake.called("chat.postMessage")
    assert (post.args["channel"], post.args["text"]) == ("C0COORD", "Digest")
    assert bot.app.storage.outbox.dead_count() == 0


async def test_a_rate_limit_is_waited_out_in_the_database_for_as_long_as_slack_asks(
    bot: Bot, fake: FakeSlack
) -> None:
    """Slack said wait 200 s: nothing sleeps holding the message (that outlived the lease and
    let a second process post it again); its next attempt is simply due in 200 s."""
    fake.rate_limit("chat.postMessage", retry_after=200)
    await bot.owe("Digest")

    async with asyncio.timeout(5):
        assert await bot.app.sender.flush() == 0
    bot.clock.advance(seconds=199)
    assert await bot.app.sender.flush() == 0
    assert len(fake.called("chat.postMessage:429")) == 1
    assert fake.called("chat.postMessage") == []
    bot.clock.advance(seconds=1)
    assert await bot.app.sender.flush() == 1
    assert len(fake.called("chat.postMessage")) == 1


async def test_slack_hanging_does_not_hold_up_the_console(bot: Bot, fake: FakeSlack) -> None:
    released = fake.hold("chat.postMessage")
    sender = asyncio.create_task(bot.app.sender.run(poll_seconds=30))
    try:
        await bot.owe("Digest for Slack")
        await fake.wait_for("chat.postMessage:held")
        await bot.owe("Digest for the console", to=ConversationId("console:tty"))
        async with asyncio.timeout(2):
            while bot.app.storage.outbox.pending_count() > 1:  # Slack's is still in flight
                await asyncio.sleep(0.01)
        assert bot.console.sent == [("console:tty", "Digest for the console")]
        assert fake.called("chat.postMessage") == []
        released.set()
        await fake.wait_for("chat.postMessage")
    finally:
        released.set()
        sender.cancel()
        await asyncio.gather(sender, return_exceptions=True)
    assert bot.app.storage.outbox.pending_count() == 0
