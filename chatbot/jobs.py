"""Work the bot does on a schedule (digests, nudges), declared by capabilities.

The composition root turns each :class:`Job` into an APScheduler cron job in ``BOT_TIMEZONE``
and also runs it once at start-up, so what fell due while the bot was down is caught up. Jobs must
therefore be idempotent: they enqueue their messages in the outbox under a unique key (the
period), which makes each digest or nudge go out once, even with two bot processes.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from chatbot.services import Services
    from chatbot.settings import Settings


@dataclass(frozen=True, kw_only=True)
class Job:
    name: str
    cron: Callable[[Settings], str]
    """The crontab expression (``"30 8 * * mon-fri"``), read from settings."""
    run: Callable[[Services], Awaitable[None]]
    run_at_start: bool = True
