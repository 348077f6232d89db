"""The daily summary of "my reports and followed ones", for those who chose
``notifications daily``.

At ``NOTIFY_SUMMARY_TIME`` (in ``BOT_TIMEZONE``) each of them gets, once, what others changed
since the previous summary time on the reports they made, support or are assigned: the changes
:func:`commands.anomalies.notify.tell` did not send them one by one. The period runs from one
summary time to the next, as digests do, so it is read from the reports' history and the key
``summary:<period end>:<person>`` makes restarts and a second process send it once.
"""

from __future__ import annotations

import logging
from collections import defaultdict

from chatbot.anomalies import Anomaly, AnomalyChange
from chatbot.commands import CommandSet
from chatbot.i18n import _, ngettext
from chatbot.messenger import display_names
from chatbot.preferences import NotifyMode
from chatbot.reply import Block, BulletList, Heading, Note, Reply, Text
from chatbot.report_words import change_text, excerpt, when
from chatbot.services import Services
from chatbot.settings import Settings
from commands.anomalies.digest import last_period
from commands.anomalies.views import name_of, naming

log = logging.getLogger(__name__)

summary_commands = CommandSet()


def summary_cron(settings: Settings) -> str:
    """``NOTIFY_SUMMARY_TIME`` (``08:30``) as a daily crontab."""
    hours, _sep, minutes = settings.notify_summary_time.partition(":")
    return f"{int(minutes)} {int(hours)} * * *"


@summary_commands.job("notification-summary", cron=summary_cron)
async def summary_job(services: Services) -> None:
    await send_due_summaries(services)


async def send_due_summaries(services: Services) -> int:
    """Enqueue the latest due summary of everyone who chose it and had news; how many."""
    settings = services.settings
    now = services.clock.now()
    period = last_period(summary_cron(settings), settings.bot_timezone, now)
    if period is None:
        return 0
    first = services.first_started_at
    if first and period.end < first <= now:
        return 0  # a new install owes no summary of before it served
    sent = 0
    for user in services.preferences.with_mode(NotifyMode.DAILY):
        changes = services.anomalies.changes_involving(user, period.start, period.end)
        if not changes:
            continue
        key = f"summary:{period.end.isoformat()}:{user}"
        people = [c.actor for _a, c in changes] + [
            c.text for _a, c in changes if c.kind == "assigned"
        ]
        with naming(await display_names(services.people, people)):
            reply = summary_reply(services, changes)
        if services.messenger.send(user, reply, to_user=True, key=key):
            sent += 1
    if sent:
        log.info("daily summaries up to %s enqueued for %d people", period.end.isoformat(), sent)
    return sent


def summary_reply(services: Services, changes: list[tuple[Anomaly, AnomalyChange]]) -> Reply:
    by_report: dict[int, list[AnomalyChange]] = defaultdict(list)
    reports: dict[int, Anomaly] = {}
    for anomaly, change in changes:
        by_report[change.anomaly_id].append(change)
        reports[change.anomaly_id] = anomaly
    blocks: list[Block] = [
        Heading(_("News of your reports")),
        Text(
            ngettext(
                "{n} change since the last summary:",
                "{n} changes since the last summary:",
                len(changes),
            ).format(n=len(changes))
        ),
    ]
    settings = services.settings
    for number, report_changes in by_report.items():
        anomaly = reports[number]
        blocks.append(Text(f"#{number} «{excerpt(anomaly)}» · {_(anomaly.status.label)}"))
        blocks.append(
            BulletList(
                tuple(f"{when(c.at, settings)} · {change_text(c, name_of)}" for c in report_changes)
            )
        )
    blocks.append(Note(_("Type anomaly N for details, notifications each to hear at once.")))
    return Reply.of(*blocks, ephemeral=False)
