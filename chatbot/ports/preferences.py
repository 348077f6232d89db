"""How each person wants to be told: quiet hours and each event or a daily summary."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from chatbot.ids import UserId
from chatbot.preferences import NotifyMode, Preferences


class PreferenceRepository(Protocol):
    """People's notification preferences; writes commit before returning."""

    def get(self, user: UserId) -> Preferences:
        """``user``'s preferences (the defaults when they never chose)."""
        ...

    def set_quiet_hours(self, user: UserId, quiet_hours: str | None, *, at: datetime) -> None:
        """``"20:00-08:00"``, ``""`` for none, None for the bot's default."""
        ...

    def set_mode(self, user: UserId, mode: NotifyMode, *, at: datetime) -> None: ...

    def with_mode(self, mode: NotifyMode) -> list[UserId]:
        """Everyone who chose ``mode``, by id."""
        ...


class QuietSchedule(Protocol):
    """When a person's quiet hours end (the outbox holds their non-urgent messages until then)."""

    def quiet_until(self, user: UserId, now: datetime) -> datetime | None:
        """The end of ``user``'s quiet window if ``now`` is inside one, else None."""
        ...
