"""Urgent reports nobody acknowledged are sent again: to coordinators, then to admins.

A job runs every minute. An urgent report still ``new`` ``ANOMALY_ESCALATE_MINUTES`` after it
was made goes again to the coordinators' audience (level 1), and as long again after that to
each admin by direct message (level 2). Acknowledging (or closing) it stops this. Each message
is enqueued under the key ``escalate:<id>:<level>:<recipient>`` before the level is committed
on the report, compared and set in one statement: two processes running the job send each
message once, and a crash in between only makes the next run commit the level.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from chatbot.anomalies import Anomaly, category_label
from chatbot.commands import CommandSet
from chatbot.i18n import _, ngettext
from chatbot.reply import Actions, Button, Reply, Text
from chatbot.report_words import excerpt
from chatbot.roles import Role
from chatbot.services import Services
from commands.anomalies.notify import audience

log = logging.getLogger(__name__)

TO_COORDINATORS = 1
TO_ADMINS = 2

escalation_commands = CommandSet()


@escalation_commands.job("anomaly-escalation", cron=lambda _settings: "* * * * *")
async def escalate_job(services: Services) -> None:
    escalate_due(services)


def escalate_due(services: Services) -> int:
    """Escalate every urgent report whose time came; how many escalations were recorded."""
    now = services.clock.now()
    wait = timedelta(minutes=services.settings.anomaly_escalate_minutes)
    done = 0
    for anomaly in services.anomalies.unacknowledged_urgent(below_level=TO_ADMINS):
        since = anomaly.escalated_at if anomaly.escalation_level else anomaly.created_at
        if since is None or now - since < wait:
            continue
        level = anomaly.escalation_level + 1
        _send(services, anomaly, level, now)
        if services.anomalies.mark_escalated(anomaly.id or 0, level=level, at=now):
            log.info("urgent report #%s escalated to level %d", anomaly.id, level)
            done += 1
    return done


def _send(services: Services, anomaly: Anomaly, level: int, now: datetime) -> None:
    minutes = max(int((now - anomaly.created_at).total_seconds() // 60), 1)
    reply = escalation_reply(anomaly, level, minutes)
    if level == TO_COORDINATORS:
        recipients = audience(services)
    else:
        recipients = [(admin, True) for admin in services.roles.at_least(Role.ADMIN)]
    if not recipients:
        log.warning("urgent report #%s: nobody to escalate to (level %d)", anomaly.id, level)
    for recipient, to_user in recipients:
        key = f"escalate:{anomaly.id}:{level}:{recipient}"
        services.messenger.send(recipient, reply, to_user=to_user, key=key, urgent=True)


def escalation_reply(anomaly: Anomaly, level: int, minutes: int) -> Reply:
    still = ngettext(
        "Urgent report #{n} is still unacknowledged after {minutes} minute",
        "Urgent report #{n} is still unacknowledged after {minutes} minutes",
        minutes,
    ).format(n=anomaly.id, minutes=minutes)
    what = _("{still} ({category}, from {who}): {text}").format(
        still=still,
        category=category_label(anomaly.category),
        who=anomaly.reporter_name or anomaly.reporter,
        text=excerpt(anomaly, 300),
    )
    if level == TO_ADMINS:
        what += "\n" + _("The coordinators were reminded; could you see that someone takes it?")
    return Reply.of(
        Text(what),
        Actions(
            (
                Button(_("Acknowledge #{n}").format(n=anomaly.id), "ack", str(anomaly.id)),
                Button(_("Show #{n}").format(n=anomaly.id), "anomaly", str(anomaly.id)),
            )
        ),
        ephemeral=False,
    )


def escalation_text(anomaly: Anomaly) -> str | None:
    """How the card says the report was escalated (None if it was not)."""
    if not anomaly.escalation_level:
        return None
    if anomaly.escalation_level >= TO_ADMINS:
        return _("sent again to coordinators, then to admins")
    return _("sent again to coordinators")
