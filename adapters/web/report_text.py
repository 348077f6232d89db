"""How the report pages group reports by age (the rest of their wording is chat's:
:mod:`chatbot.report_words`)."""

from __future__ import annotations

from datetime import datetime

from chatbot.i18n import _
from chatbot.report_words import age_days

AGE_BOUNDS: tuple[int | None, ...] = (1, 8, 31, None)
"""Open reports by age: under a day, a week, a month, older (upper bounds in days)."""


def age_bucket(created_at: datetime, now: datetime) -> int:
    """The index in :data:`AGE_BOUNDS` of a report this old."""
    days = age_days(created_at, now)
    for index, bound in enumerate(AGE_BOUNDS):
        if bound is None or days < bound:
            return index
    return len(AGE_BOUNDS) - 1


def bucket_labels() -> list[str]:
    return [_("today"), _("1 to 7 days"), _("8 to 30 days"), _("older")]
