"""Calm by default: each person's quiet hours and how often they hear of reports.

Quiet hours (``20:00-08:00``, read on the wall clock of ``BOT_TIMEZONE``, across midnight when
the end comes first) hold a person's non-urgent messages in the outbox until they end; urgent
alerts to coordinators always go through. Someone who chose a ``daily`` summary hears of their
reports once a day instead of at each event.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass, replace
from datetime import datetime, time, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from chatbot import cron
from chatbot.ids import UserId

if TYPE_CHECKING:
    from chatbot.ports.preferences import PreferenceRepository


class NotifyMode(enum.StrEnum):
    EACH = "each"
    DAILY = "daily"


@dataclass(frozen=True)
class Preferences:
    quiet_hours: str | None = None
    """``20:00-08:00``; ``""``: none; None: the bot's default (``BOT_QUIET_HOURS``)."""
    mode: NotifyMode = NotifyMode.EACH


_TIME = r"(\d{1,2})(?:[:h](\d{2})?)?"
_WINDOW = re.compile(rf"\s*{_TIME}\s*[-–à]\s*{_TIME}\s*", re.IGNORECASE)


@dataclass(frozen=True)
class QuietHours:
    start: time
    end: time

    @classmethod
    def parse(cls, text: str) -> QuietHours:
        """``20:00-08:00``, ``20h-8h``, ``20-8``; ValueError otherwise (or an empty window)."""
        found = _WINDOW.fullmatch(text)
        if not found:
            raise ValueError(f"expected HH:MM-HH:MM, got {text!r}")
        h1, m1, h2, m2 = (int(part) if part else 0 for part in found.groups())
        if h1 > 23 or h2 > 23 or m1 > 59 or m2 > 59 or (h1, m1) == (h2, m2):
            raise ValueError(f"expected HH:MM-HH:MM, got {text!r}")
        return cls(time(h1, m1), time(h2, m2))

    def __str__(self) -> str:
        return f"{self.start:%H:%M}-{self.end:%H:%M}"

    def ends_after(self, now: datetime, timezone: str) -> datetime | None:
        """When the window ``now`` is in ends (UTC, safe across DST changes); None outside."""
        zone = ZoneInfo(timezone)
        wall = now.astimezone(zone).replace(tzinfo=None, fold=0)
        clock, today = wall.time(), wall.date()
        if self.start < self.end:
            inside = self.start <= clock < self.end
            end_day = today
        elif clock >= self.start:
            inside, end_day = True, today + timedelta(days=1)
        else:
            inside, end_day = clock < self.end, today
        if not inside:
            return None
        return cron.instant(datetime.combine(end_day, self.end), zone)


def quiet_hours_of(preferences: Preferences, default: str) -> QuietHours | None:
    """The window that applies to someone: theirs, else the bot's ``default`` (none if empty)."""
    chosen = default if preferences.quiet_hours is None else preferences.quiet_hours
    return QuietHours.parse(chosen) if chosen.strip() else None


class QuietWindows:
    """:class:`~chatbot.ports.preferences.QuietSchedule` from the stored preferences."""

    def __init__(self, preferences: PreferenceRepository, *, default: str, timezone: str) -> None:
        self._preferences = preferences
        self._default = default
        self._timezone = timezone

    def quiet_until(self, user: UserId, now: datetime) -> datetime | None:
        window = quiet_hours_of(self._preferences.get(user), self._default)
        return window.ends_after(now, self._timezone) if window else None


class MemoryPreferences:
    """Preferences kept in memory: the default of :class:`~chatbot.services.Services`."""

    def __init__(self) -> None:
        self._chosen: dict[UserId, Preferences] = {}

    def get(self, user: UserId) -> Preferences:
        return self._chosen.get(user, Preferences())

    def set_quiet_hours(self, user: UserId, quiet_hours: str | None, *, at: datetime) -> None:
        self._chosen[user] = replace(self.get(user), quiet_hours=quiet_hours)

    def set_mode(self, user: UserId, mode: NotifyMode, *, at: datetime) -> None:
        self._chosen[user] = replace(self.get(user), mode=mode)

    def with_mode(self, mode: NotifyMode) -> list[UserId]:
        return sorted(user for user, chosen in self._chosen.items() if chosen.mode is mode)
