"""Which newcomers need a coordinator's attention, and why (listed first by onboarding status)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta

from chatbot.i18n import _
from chatbot.onboarding import Newcomer
from chatbot.services import Services
from commands.onboarding import owners, reminders
from commands.onboarding.journey import local_date

DEAD_LETTERS_LOOKED_AT = 500
"""The most recent dead letters searched for messages the newcomers never got."""


@dataclass(frozen=True)
class Standing:
    newcomer: Newcomer
    reasons: tuple[str, ...]
    """Why they need attention; empty: on track."""


def standings(services: Services, now: datetime) -> list[Standing]:
    """Every newcomer still on their checklist, those needing attention first (each group in
    the order they started)."""
    stuck_days = services.settings.onboarding_stuck_days
    undeliverable = Counter(
        letter.recipient for letter in services.outbox.dead_letters(limit=DEAD_LETTERS_LOOKED_AT)
    )
    result = []
    for newcomer in services.onboarding.newcomers():
        if newcomer.completed_at is not None:
            continue
        reasons = []
        if newcomer.is_stuck(now, stuck_days=stuck_days):
            reasons.append(
                _("no activity for {days} days").format(days=(now - newcomer.last_activity_at).days)
            )
        if not newcomer.paused:
            late = _overdue(services, newcomer, now)
            if late:
                reasons.append(_("overdue steps ({steps})").format(steps=late))
        if newcomer.mentor is None:
            reasons.append(_("no buddy"))
            template = services.onboarding.template(
                newcomer.template, newcomer.language, newcomer.version
            )
            waiting = owners.buddy_steps_without_buddy(template, newcomer) if template else []
            if waiting:
                reasons.append(
                    _("buddy steps waiting without a buddy: {steps}").format(
                        steps=", ".join(str(n) for n in waiting)
                    )
                )
        if undeliverable[newcomer.user_id]:
            reasons.append(
                _("{count} undeliverable messages").format(count=undeliverable[newcomer.user_id])
            )
        result.append(Standing(newcomer, tuple(reasons)))
    return sorted(result, key=lambda s: not s.reasons)


def _overdue(services: Services, newcomer: Newcomer, now: datetime) -> str:
    """The newcomer's steps overdue for longer than the grace period (their buddy has been
    reminded), by number; empty: none."""
    template = services.onboarding.template(newcomer.template, newcomer.language, newcomer.version)
    if template is None:
        return ""
    grace = timedelta(days=services.settings.onboarding_reminder_grace_days)
    late = reminders.overdue_steps(
        services, newcomer, template, local_date(services, newcomer, now) - grace
    )
    return ", ".join(str(s.number) for s in late)
