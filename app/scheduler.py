"""Runs the capabilities' jobs (:mod:`chatbot.jobs`) with APScheduler, in ``BOT_TIMEZONE``.

Each process has its own in-memory job store: APScheduler 3 job stores must never be shared
between schedulers. Running a job twice (two processes, a restart) is safe by design, because jobs
enqueue their messages under a unique key; so every job also runs once at start-up to catch up
what fell due while the bot was down.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.base import BaseTrigger

from chatbot import cron
from chatbot.jobs import Job
from chatbot.offloop import OffLoop
from chatbot.services import Services

log = logging.getLogger(__name__)

CLOCK_JUMP = timedelta(minutes=1)
"""A clock going back more than this between two job runs is reported."""


class WallClockTrigger(BaseTrigger):
    """``"30 8 * * mon-fri"`` in ``timezone``, firing at :mod:`chatbot.cron`'s times: once in
    the repeated autumn hour, at the jump in the skipped spring hour."""

    def __init__(self, expression: str, timezone: str) -> None:
        cron.check(expression)
        self.expression = expression
        self.timezone = timezone

    def get_next_fire_time(
        self, previous_fire_time: datetime | None, now: datetime
    ) -> datetime | None:
        after = now - timedelta(microseconds=1)
        if previous_fire_time is not None:
            after = min(after, previous_fire_time)
        fire = cron.next_fire_time(self.expression, self.timezone, after)
        return None if fire is None else fire.astimezone(ZoneInfo(self.timezone))

    def __str__(self) -> str:
        return f"cron[{self.expression!r} in {self.timezone}]"


def cron_trigger(expression: str, timezone: str) -> WallClockTrigger:
    """``"30 8 * * mon-fri"`` in ``timezone``; raises ValueError on a bad expression."""
    return WallClockTrigger(expression, timezone)


class JobScheduler:
    def __init__(
        self,
        *,
        jobs: list[Job],
        services: Services,
        core: OffLoop,
        on_run: Callable[[str, bool], None] | None = None,
    ) -> None:
        self._jobs = jobs
        self._on_run = on_run
        """Told of each run: the job's name and whether it succeeded (``app.metrics``)."""
        self._services = services
        timezone = services.settings.bot_timezone
        self._scheduler = AsyncIOScheduler(timezone=ZoneInfo(timezone))
        self._core = core
        """Jobs read and write the database: off the loop the adapters answer on (the process's
        pool, which its owner closes)."""
        self._last_seen: datetime | None = None
        for job in jobs:
            self._scheduler.add_job(
                self._run,
                cron_trigger(job.cron(services.settings), timezone),
                args=[job],
                id=job.name,
                coalesce=True,
                max_instances=1,
                misfire_grace_time=6 * 3600,
            )

    async def _run(self, job: Job) -> None:
        self._watch_clock()
        try:

            async def work() -> None:
                await job.run(self._services)

            await self._core.run(work)
        except Exception:
            log.exception("job %s failed; it runs again at its next time", job.name)
            ok = False
        else:
            ok = True
        if self._on_run is not None:
            self._on_run(job.name, ok)

    def _watch_clock(self) -> None:
        """Say once when the clock went back (NTP fixing a wrong clock): periods computed
        meanwhile may look odd, and this line explains them."""
        now = self._services.clock.now()
        if self._last_seen is not None and now < self._last_seen - CLOCK_JUMP:
            log.warning(
                "the clock went back from %s to %s", self._last_seen.isoformat(), now.isoformat()
            )
        self._last_seen = now

    async def start(self) -> None:
        """Catch up, then start the schedule (call from inside the running loop)."""
        for job in self._jobs:
            if job.run_at_start:
                await self._run(job)
        self._scheduler.start()

    def stop(self) -> None:
        if self._scheduler.running:
            self._scheduler.shutdown(wait=False)
