"""Digests across daylight-saving changes, and a first start under a wrong clock.

A fake clock walks over both transition days of two years, the digest job running every half
hour as the scheduler and restarts would: each day's digest goes out once, periods follow
each other with no gap, and a time in the skipped hour fires when the clocks jump.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from chatbot.settings import Settings
from commands.anomalies import DigestPeriod
from commands.anomalies.digest import last_period
from tests.harness import Chat, run_job

ROOM = "slack:C0COORD"
PARIS = "Europe/Paris"
SPRING = [date(2026, 3, 29), date(2027, 3, 28)]
AUTUMN = [date(2026, 10, 25), date(2027, 10, 31)]
# The local times each schedule fires at on the day before, the day of, and the day after a
# change, with the offset in force: (spring forward, fall back).
EXPECTED = {
    "30 2 * * *": (
        ("02:30+01:00", "03:00+02:00", "02:30+02:00"),  # 02:30 does not exist: at the jump
        ("02:30+02:00", "02:30+02:00", "02:30+01:00"),  # 02:30 twice: the first one only
    ),
    "0 3 * * *": (
        ("03:00+01:00", "03:00+02:00", "03:00+02:00"),
        ("03:00+02:00", "03:00+01:00", "03:00+01:00"),
    ),
    "0 8 * * *": (
        ("08:00+01:00", "08:00+02:00", "08:00+02:00"),
        ("08:00+02:00", "08:00+01:00", "08:00+01:00"),
    ),
}
CASES = [
    (cron, day, EXPECTED[cron][0 if day in SPRING else 1])
    for cron in EXPECTED
    for day in SPRING + AUTUMN
]


def local(day: date, shift: int, time_and_offset: str) -> datetime:
    return datetime.fromisoformat(f"{day + timedelta(days=shift)}T{time_and_offset}")


def walk(start: datetime, end: datetime) -> Iterator[datetime]:
    now = start
    while now <= end:
        yield now
        now += timedelta(minutes=30)  # fire times fall on the hour or the half hour (UTC)


@pytest.fixture
def chat(tmp_path: Path) -> Iterator[Chat]:
    chat = Chat(tmp_path, demo=False)
    yield chat
    chat.close()


def scheduled(chat: Chat, cron: str, first_start: datetime) -> None:
    chat.settings = Settings(
        **{**chat.settings.model_dump(), "digest_targets": [ROOM], "digest_cron": cron}
    )
    chat.app.storage.state.set("first_started_at", first_start.isoformat())
    chat.restart()


def digest_ends(chat: Chat) -> list[datetime]:
    """The period ends of the digests owed to the room, from their outbox keys."""
    due = chat.app.storage.outbox.due(now=datetime(2100, 1, 1, tzinfo=UTC), limit=100)
    keys = sorted(m.key or "" for m in due if m.recipient == ROOM)
    return [datetime.fromisoformat(key.split(":", 1)[1].rsplit(":", 2)[0]) for key in keys]


@pytest.mark.parametrize(
    ("cron", "day", "times"), CASES, ids=[f"{c.replace(' ', '_')}-{d}" for c, d, _t in CASES]
)
def test_each_day_around_a_clock_change_has_one_digest_and_no_period_is_lost(
    chat: Chat, cron: str, day: date, times: tuple[str, str, str]
) -> None:
    before, on_the_day, after = (local(day, shift, t) for shift, t in enumerate(times, -1))
    start = datetime.combine(day - timedelta(days=1), datetime.min.time(), UTC) + timedelta(hours=9)
    scheduled(chat, cron, first_start=start - timedelta(days=30))
    periods: set[DigestPeriod] = set()
    for now in walk(start, start + timedelta(days=2)):
        chat.clock.current = now
        run_job(chat, "digest")
        period = last_period(cron, PARIS, now)
        assert period is not None and period.end <= now
        periods.add(period)

    assert digest_ends(chat) == [before, on_the_day, after]
    ordered = sorted(periods, key=lambda p: p.end)
    assert [p.end for p in ordered] == [before, on_the_day, after]
    assert [p.start for p in ordered[1:]] == [p.end for p in ordered[:-1]]  # no gap, no overlap


def test_a_first_start_under_a_clock_a_year_ahead_does_not_silence_digests(chat: Chat) -> None:
    """The clock was a year ahead at the first start, then fixed: digests still go out."""
    now = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
    scheduled(chat, "30 8 * * *", first_start=now - timedelta(days=30))
    wrong = now + timedelta(days=365)
    chat.app.storage.state.set("first_started_at", wrong.isoformat())
    chat.app.services.first_started_at = wrong  # what this process read, before the fix
    chat.clock.current = now
    run_job(chat, "digest")
    assert digest_ends(chat) == [datetime(2026, 11, 24, 7, 30, tzinfo=UTC)]
    chat.restart()
    assert chat.app.services.first_started_at == now  # recorded again, as now
    chat.clock.advance(days=1)
    run_job(chat, "digest")
    assert len(digest_ends(chat)) == 2


def test_a_first_start_recorded_in_the_future_is_logged_once(
    chat: Chat, caplog: pytest.LogCaptureFixture
) -> None:
    scheduled(chat, "30 8 * * *", first_start=chat.clock.now() + timedelta(days=365))
    chat.restart()
    chat.restart()
    jumps = [r for r in caplog.records if "clock went back" in r.getMessage()]
    assert len(jumps) == 1 and "\n" not in jumps[0].getMessage()
