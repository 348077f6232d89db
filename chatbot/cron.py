"""Crontab schedules read on the wall clock of a time zone, safe across daylight-saving changes.

APScheduler's own ``CronTrigger`` in a zone with daylight saving fires twice in the repeated
autumn hour and, asked about the past, returns fire times after ``now``: a digest scheduled at
02:30 then covered one hour, and the day's real period was never sent. Here the expression is
matched on naive wall-clock times (no DST there), and each wall time becomes one instant:

- in the repeated hour (autumn), its first occurrence only, as ``cron`` does;
- in the skipped hour (spring), the moment the clocks jump (02:30 fires at 03:00).

Both the scheduler (:class:`app.scheduler`) and the digest periods use these fire times, so
every process agrees on them whenever it runs.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from apscheduler.triggers.cron import CronTrigger


def parse(expression: str) -> CronTrigger:
    """The wall-clock trigger of ``"30 8 * * mon-fri"``; raises ValueError on a bad one."""
    return CronTrigger.from_crontab(expression, timezone=UTC)


def check(expression: str) -> str:
    """``expression`` if it is a crontab with five fields (ValueError otherwise)."""
    if len(expression.split()) != 5:
        raise ValueError("expected five crontab fields, e.g. 30 8 * * mon-fri")
    parse(expression)
    return expression


def instant(wall: datetime, zone: ZoneInfo) -> datetime:
    """The UTC instant of the naive local time ``wall``: its first occurrence when the hour
    repeats, the jump itself when the hour is skipped."""
    first = wall.replace(tzinfo=zone, fold=0).astimezone(UTC)
    if _wall(first, zone) == wall:
        return first
    # In a gap: fold=1 reads ``wall`` with the offset after the jump, which lands before it.
    low = int(wall.replace(tzinfo=zone, fold=1).astimezone(UTC).timestamp())
    high = int(first.timestamp())
    while high - low > 1:  # the first second whose wall time is past ``wall``
        middle = (low + high) // 2
        if _wall(datetime.fromtimestamp(middle, UTC), zone) > wall:
            high = middle
        else:
            low = middle
    return datetime.fromtimestamp(high, UTC)


def fire_times(
    expression: str, timezone: str, *, after: datetime, until: datetime | None = None
) -> Iterator[datetime]:
    """The instants (UTC, increasing) ``expression`` fires at in ``timezone``, strictly after
    ``after`` and up to ``until`` included (forever without it)."""
    zone = ZoneInfo(timezone)
    trigger = parse(expression)
    last = after
    start = _wall(after, zone).replace(tzinfo=UTC)
    fire = trigger.get_next_fire_time(None, start)
    while fire is not None:
        at = instant(fire.replace(tzinfo=None), zone)
        if until is not None and at > until:
            return
        if at > last:  # skips the repeated hour's second pass and a gap's other wall times
            yield at
            last = at
        fire = trigger.get_next_fire_time(fire, fire)


def next_fire_time(expression: str, timezone: str, after: datetime) -> datetime | None:
    """The first fire time strictly after ``after`` (None if there is none within 10 years)."""
    return next(fire_times(expression, timezone, after=after, until=after + _DECADE), None)


def last_fire_times(expression: str, timezone: str, now: datetime, count: int) -> list[datetime]:
    """The latest ``count`` fire times ``<= now``, oldest first (fewer if the schedule did not
    fire that often in the last 400 days)."""
    found: list[datetime] = []
    for days in (2, 9, 63, 400):
        found = list(fire_times(expression, timezone, after=now - timedelta(days=days), until=now))
        if len(found) >= count:
            break
    return found[-count:]


_DECADE = timedelta(days=3660)


def _wall(at: datetime, zone: ZoneInfo) -> datetime:
    return at.astimezone(zone).replace(tzinfo=None, fold=0)
