"""Runs the capabilities' jobs (:mod:`chatbot.jobs`) with APScheduler, in ``BOT_TIMEZONE``.

Each process has its own in-memory job store: APScheduler 3 job stores must never be shared
between schedulers. Running a job twice (two processes, a restart) is safe by design, because jobs
enqueue their messages under a unique key; so every job also runs once at start-up to catch up
what fell due while the bot was down.
"""

from __future__ import annotations

import logging
from zoneinfo import ZoneInfo

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.cron import CronTrigger

from chatbot.jobs import Job
from chatbot.services import Services

log = logging.getLogger(__name__)


def cron_trigger(expression: str, timezone: str) -> CronTrigger:
    """``"30 8 * * mon-fri"`` in ``timezone``; raises ValueError on a bad expression."""
    return CronTrigger.from_crontab(expression, timezone=ZoneInfo(timezone))


class JobScheduler:
    def __init__(self, *, jobs: list[Job], services: Services) -> None:
        self._jobs = jobs
        self._services = services
        timezone = services.settings.bot_timezone
        self._scheduler = AsyncIOScheduler(timezone=ZoneInfo(timezone))
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
        try:
            await job.run(self._services)
        except Exception:
            log.exception("job %s failed; it runs again at its next time", job.name)

    async def start(self) -> None:
        """Catch up, then start the schedule (call from inside the running loop)."""
        for job in self._jobs:
            if job.run_at_start:
                await self._run(job)
        self._scheduler.start()

    def stop(self) -> None:
        if self._scheduler.running:
            self._scheduler.shutdown(wait=False)
