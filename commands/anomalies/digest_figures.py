"""The digest's figures: how fast reports are acknowledged and resolved, and a small chart.

Time to acknowledge is measured on the reports created in the period (to their first
acknowledgement before the period ends), time to resolve on the reports resolved in it; each is
the median of the period next to the median of the four periods before (the digest schedule's,
or four of the same length when there is none). Every query is bounded by those periods, never
the whole history.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from chatbot import cron
from chatbot.charts import bar_chart
from chatbot.durations import duration
from chatbot.i18n import _
from chatbot.reply import Block, BulletList, Heading, Image
from chatbot.services import Services

if TYPE_CHECKING:
    from commands.anomalies.digest import DigestPeriod

EARLIER_PERIODS = 4


def earlier_start(services: Services, period: DigestPeriod) -> datetime:
    """Where the ``EARLIER_PERIODS`` periods before ``period`` begin."""
    settings = services.settings
    fires = [
        t
        for t in cron.last_fire_times(
            settings.digest_cron, settings.bot_timezone, period.start, EARLIER_PERIODS + 1
        )
        if t <= period.start
    ]
    if fires and fires[-1] != period.start:
        fires.append(period.start)
    fires = fires[-(EARLIER_PERIODS + 1) :]
    if len(fires) > 1:
        return fires[0]
    return period.start - (period.end - period.start) * EARLIER_PERIODS


def _median(values: Sequence[float]) -> str | None:
    return duration(statistics.median(values)) if values else None


def response_times(services: Services, period: DigestPeriod) -> list[Block]:
    """Median time to acknowledge and to resolve, this period and the four before."""
    repo = services.anomalies
    before = earlier_start(services, period)
    lines = []
    for label, delays in (
        (_("Acknowledged in {now} (median)"), repo.response_delays),
        (_("Resolved in {now} (median)"), repo.resolution_delays),
    ):
        now = _median(delays(period.start, period.end))
        if now is None:
            continue
        earlier = _median(delays(before, period.start))
        lines.append(
            label.format(now=now)
            + ", "
            + _("last {n} periods: {earlier}").format(
                n=EARLIER_PERIODS, earlier=earlier or _("no figure")
            )
        )
    if not lines:
        return []
    return [Heading(_("Response times")), BulletList(tuple(lines))]


def category_chart(counts: Sequence[tuple[str, int]]) -> list[Block]:
    """A bar chart of new reports per category (labels and counts only), its figures in
    ``alt`` for platforms that show no image."""
    if not counts:
        return []
    title = _("New reports by category")
    figures = ", ".join(f"{name} {n}" for name, n in counts)
    return [Image(bar_chart(title, counts), alt=f"{title}: {figures}", name="digest.png")]
