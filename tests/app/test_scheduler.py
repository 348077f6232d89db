"""The scheduler fires jobs at the digest periods' times, and says when the clock goes back."""

from __future__ import annotations

import asyncio
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from app.scheduler import JobScheduler, cron_trigger
from chatbot.jobs import Job
from chatbot.services import Services
from tests.harness import Chat


def fires(expression: str, start: datetime, count: int) -> list[str]:
    """What APScheduler asks the trigger: the first time from ``start``, then each next one."""
    trigger = cron_trigger(expression, "Europe/Paris")
    found: list[str] = []
    fire = trigger.get_next_fire_time(None, start)
    while fire is not None and len(found) < count:
        found.append(fire.isoformat())
        fire = trigger.get_next_fire_time(fire, fire + timedelta(seconds=1))
    return found


def test_the_repeated_autumn_hour_fires_once_and_the_skipped_spring_hour_at_the_jump() -> None:
    assert fires("30 2 * * *", datetime(2027, 10, 30, 12, tzinfo=UTC), 2) == [
        "2027-10-31T02:30:00+02:00",  # not again at 02:30+01:00
        "2027-11-01T02:30:00+01:00",
    ]
    assert fires("30 2 * * *", datetime(2027, 3, 27, 12, tzinfo=UTC), 2) == [
        "2027-03-28T03:00:00+02:00",
        "2027-03-29T02:30:00+02:00",
    ]
    assert fires("*/20 2 * * *", datetime(2026, 10, 25, 0, 10, tzinfo=UTC), 3) == [
        "2026-10-25T02:20:00+02:00",
        "2026-10-25T02:40:00+02:00",
        "2026-10-26T02:00:00+01:00",
    ]


def test_a_bad_expression_is_refused_at_once() -> None:
    with pytest.raises(ValueError, match="five crontab fields"):
        cron_trigger("30 8 * *", "Europe/Paris")


def test_a_clock_going_back_is_logged_in_one_line(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    chat = Chat(tmp_path, demo=False)
    runs: list[datetime] = []

    async def note(services: Services) -> None:
        runs.append(services.clock.now())

    scheduler = JobScheduler(
        jobs=[Job(name="note", cron=lambda _s: "0 * * * *", run=note)],
        services=chat.app.services,
        core=chat.app.core,
    )

    async def three_runs() -> None:
        await scheduler.start()
        try:
            chat.clock.advance(seconds=-30)  # a small correction: not worth a line
            await scheduler._run(scheduler._jobs[0])
            chat.clock.advance(days=-365)
            await scheduler._run(scheduler._jobs[0])
        finally:
            scheduler.stop()

    try:
        asyncio.run(three_runs())
    finally:
        chat.close()
    assert len(runs) == 3
    jumps = [r.getMessage() for r in caplog.records if "clock went back" in r.getMessage()]
    assert jumps == [
        "the clock went back from 2026-11-23T08:59:30+00:00 to 2025-11-23T08:59:30+00:00"
    ]


def test_a_job_stuck_in_the_database_does_not_stop_the_loop(tmp_path: Path) -> None:
    """A digest waiting on a locked database must not freeze Slack acks and the Matrix sync."""
    chat = Chat(tmp_path, demo=False)
    unlocked = threading.Event()
    order: list[str] = []

    async def stuck(services: Services) -> None:
        unlocked.wait(timeout=10)  # a blocking database call, as repositories make
        order.append("job done")

    scheduler = JobScheduler(
        jobs=[Job(name="stuck", cron=lambda _s: "0 * * * *", run=stuck, run_at_start=False)],
        services=chat.app.services,
        core=chat.app.core,
    )

    async def meanwhile() -> None:
        job = asyncio.ensure_future(scheduler._run(scheduler._jobs[0]))
        await asyncio.sleep(0.05)
        order.append("loop still answers")
        unlocked.set()
        await job

    try:
        asyncio.run(meanwhile())
    finally:
        scheduler.stop()
        chat.close()
    assert order == ["loop still answers", "job done"]
