"""Quiet windows on the wall clock of the bot's time zone, across midnight and DST changes."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from chatbot.ids import ConversationId, UserId
from chatbot.outbox import OutboxMessenger, OutboxSender
from chatbot.preferences import QuietHours
from chatbot.reply import Reply
from storage import open_storage
from tests.harness import FakeClock, RecordingMessenger

PARIS = "Europe/Paris"


def test_parsing_accepts_the_usual_spellings_and_refuses_the_rest() -> None:
    assert str(QuietHours.parse("20:00-08:00")) == "20:00-08:00"
    assert str(QuietHours.parse(" 20h - 8h ")) == "20:00-08:00"
    assert str(QuietHours.parse("22h30-7")) == "22:30-07:00"
    assert str(QuietHours.parse("12:00-14:00")) == "12:00-14:00"
    for bad in ("", "20:00", "25:00-08:00", "20:61-08:00", "08:00-08:00", "soon"):
        with pytest.raises(ValueError):
            QuietHours.parse(bad)


def test_a_window_across_midnight_ends_the_next_morning() -> None:
    night = QuietHours.parse("20:00-08:00")
    evening = datetime(2026, 11, 23, 21, 0, tzinfo=UTC)  # 22:00 in Paris
    assert night.ends_after(evening, PARIS) == datetime(2026, 11, 24, 7, 0, tzinfo=UTC)
    small_hours = datetime(2026, 11, 24, 2, 0, tzinfo=UTC)
    assert night.ends_after(small_hours, PARIS) == datetime(2026, 11, 24, 7, 0, tzinfo=UTC)
    assert night.ends_after(datetime(2026, 11, 24, 7, 0, tzinfo=UTC), PARIS) is None
    assert night.ends_after(datetime(2026, 11, 24, 18, 59, tzinfo=UTC), PARIS) is None
    lunch = QuietHours.parse("12:00-14:00")
    assert lunch.ends_after(datetime(2026, 11, 24, 11, 30, tzinfo=UTC), PARIS) == datetime(
        2026, 11, 24, 13, 0, tzinfo=UTC
    )
    assert lunch.ends_after(datetime(2026, 11, 24, 13, 0, tzinfo=UTC), PARIS) is None


def test_the_window_follows_the_wall_clock_when_the_clocks_change() -> None:
    night = QuietHours.parse("20:00-08:00")
    # Night of 28 to 29 March 2026: Paris goes from UTC+1 to UTC+2; 08:00 is 06:00 UTC.
    spring = datetime(2026, 3, 28, 22, 0, tzinfo=UTC)
    assert night.ends_after(spring, PARIS) == datetime(2026, 3, 29, 6, 0, tzinfo=UTC)
    # Night of 24 to 25 October 2026: back to UTC+1; 08:00 is 07:00 UTC.
    autumn = datetime(2026, 10, 24, 22, 0, tzinfo=UTC)
    assert night.ends_after(autumn, PARIS) == datetime(2026, 10, 25, 7, 0, tzinfo=UTC)
    # A window ending in the skipped hour ends when the clocks jump.
    early = QuietHours.parse("01:00-02:30")
    assert early.ends_after(datetime(2026, 3, 29, 0, 30, tzinfo=UTC), PARIS) == datetime(
        2026, 3, 29, 1, 0, tzinfo=UTC
    )


class NightOwls:
    """Everyone is quiet until 07:00 UTC."""

    def quiet_until(self, user: UserId, now: datetime) -> datetime | None:
        return datetime(2026, 11, 24, 7, 0, tzinfo=UTC)


def test_the_outbox_holds_what_is_not_urgent_to_a_person_until_their_quiet_hours_end(
    tmp_path: Path,
) -> None:
    storage = open_storage(f"sqlite:///{tmp_path / 'bot.db'}")
    clock = FakeClock(datetime(2026, 11, 23, 22, tzinfo=UTC))
    platform = RecordingMessenger()
    sender = OutboxSender(outbox=storage.outbox, messenger=platform, clock=clock)
    messenger = OutboxMessenger(
        outbox=storage.outbox, clock=clock, sender=sender, quiet=NightOwls()
    )
    ana, room = UserId("slack:U1"), ConversationId("slack:C1")
    messenger.send(ana, Reply.text("comment"), to_user=True)
    messenger.send(ana, Reply.text("urgent"), to_user=True, urgent=True)
    messenger.send(room, Reply.text("digest"), to_user=False)  # a room has no quiet hours
    messenger.send(ana, Reply.text("rate limited"), to_user=True, after=timedelta(hours=10))
    asyncio.run(sender.flush())
    assert platform.sent == [(ana, "urgent"), (room, "digest")]
    clock.current = datetime(2026, 11, 24, 7, 0, tzinfo=UTC)
    asyncio.run(sender.flush())
    assert platform.sent[2:] == [(ana, "comment")]
    clock.current = datetime(2026, 11, 24, 8, 0, tzinfo=UTC)
    asyncio.run(sender.flush())
    assert platform.sent[3:] == [(ana, "rate limited")]  # the later of the two
    storage.close()
