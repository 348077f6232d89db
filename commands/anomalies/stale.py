"""The digest's "Waiting for a long time": normal reports untouched for ``ANOMALY_STALE_DAYS``.

Untouched means no status change, assignment or comment since then (a +1 does not count).
Urgent reports have their own reminder (:mod:`commands.anomalies.escalation`).
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from chatbot.anomalies import category_label
from chatbot.i18n import ngettext
from chatbot.reply import Block, BulletList, Heading, Note
from chatbot.report_words import excerpt
from chatbot.services import Services

if TYPE_CHECKING:
    from commands.anomalies.digest import DigestPeriod

SHOWN = 10


def waiting_long(services: Services, period: DigestPeriod) -> list[Block]:
    now = services.clock.now()
    days = services.settings.anomaly_stale_days
    total, waiting = services.anomalies.untouched_since(now - timedelta(days=days), limit=SHOWN)
    if not waiting:
        return []
    lines = tuple(
        " · ".join(
            (
                f"#{anomaly.id}",
                category_label(anomaly.category),
                ngettext(
                    "untouched for {n} day", "untouched for {n} days", (now - touched).days
                ).format(n=(now - touched).days),
                excerpt(anomaly),
            )
        )
        for anomaly, touched in waiting
    )
    blocks: list[Block] = [
        Heading(
            ngettext(
                "Waiting for a long time: {n} report",
                "Waiting for a long time: {n} reports",
                total,
            ).format(n=total)
        ),
        BulletList(lines),
    ]
    if total > len(waiting):
        more = total - len(waiting)
        blocks.append(Note(ngettext("and {n} more", "and {n} more", more).format(n=more)))
    blocks.append(
        Note(
            ngettext(
                "No status change, assignment or comment for {n} day or more.",
                "No status change, assignment or comment for {n} days or more.",
                days,
            ).format(n=days)
        )
    )
    return blocks
