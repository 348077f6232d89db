"""Who hears about reports, always through the outbox (stored, retried, never lost).

Followers (the reporter and the supporters) hear of every status change and comment, on their own
platform. Urgent reports go at once to the coordinators' audience: the ``DIGEST_TARGETS``
conversations when configured, else each coordinator and admin by direct message; the same
audience as the digest, so coordinators have one place to watch.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence

from chatbot.anomalies import Anomaly, AnomalyStatus, category_label
from chatbot.i18n import _
from chatbot.ids import UserId
from chatbot.preferences import NotifyMode
from chatbot.reply import Actions, Block, Button, Note, Reply, Text
from chatbot.report_words import excerpt
from chatbot.roles import Role
from chatbot.services import Services

log = logging.getLogger(__name__)


def report_thread(anomaly: Anomaly) -> str:
    """The thread of a report's messages to the coordinators' audience (its first alert)."""
    return f"anomaly:{anomaly.id}"


def coordinators(services: Services) -> list[UserId]:
    """Every coordinator and admin, configured or given the role by an admin."""
    return services.roles.at_least(Role.COORDINATOR)


def audience(services: Services) -> list[tuple[str, bool]]:
    """Where digests and urgent reports go: ``(recipient, is_a_user)`` pairs."""
    targets = services.settings.digest_targets
    if targets:
        return [(target, False) for target in targets]
    return [(user, True) for user in coordinators(services)]


async def tell_followers(
    services: Services, anomaly: Anomaly, message: str, *, actor: UserId | None = None
) -> None:
    """Send ``message`` to the report's reporter and supporters except ``actor``."""
    reply = Reply.of(Text(message), Note(_("Type anomaly {n} for details.").format(n=anomaly.id)))
    await tell(services, (u for u in anomaly.followers if u != actor), reply)


async def tell(services: Services, users: Iterable[UserId], reply: Reply) -> None:
    """One message each, except to those who chose a daily summary (it will say it)."""
    for user in users:
        if services.preferences.get(user).mode is NotifyMode.DAILY:
            continue  # in their summary: commands.anomalies.summary
        services.messenger.send(user, reply, to_user=True)


def alert_card(anomaly: Anomaly, *, status: Sequence[Block] = ()) -> Reply:
    """The alert coordinators get about an urgent report; ``status``: its current status, once
    the card is edited in place (see :mod:`commands.anomalies.threads`)."""
    acknowledge = Button(_("Acknowledge #{n}").format(n=anomaly.id), "ack", str(anomaly.id))
    return Reply.of(
        Text(
            _("Urgent report #{n} ({category}) from {who}: {text}").format(
                n=anomaly.id,
                category=category_label(anomaly.category),
                who=anomaly.reporter_name or anomaly.reporter,
                text=excerpt(anomaly, 300),
            )
        ),
        *status,
        Actions(
            (
                *([acknowledge] if anomaly.status is AnomalyStatus.NEW else []),
                Button(_("Show #{n}").format(n=anomaly.id), "anomaly", str(anomaly.id)),
            )
        ),
        ephemeral=False,
    )


def alert_urgent(services: Services, anomaly: Anomaly) -> int:
    """Tell the coordinators' audience about an urgent report at once; once per report and
    recipient, whatever happens next (a retry, a second process). The alert is the root of the
    report's thread for each recipient, where its updates go."""
    reply = alert_card(anomaly)
    sent = 0
    told = audience(services)
    if not told:
        log.warning("urgent report #%s: no coordinator or digest target to alert", anomaly.id)
    for recipient, to_user in told:
        key = f"urgent:{anomaly.id}:{recipient}"
        thread = report_thread(anomaly)
        if services.messenger.send(
            recipient, reply, to_user=to_user, key=key, thread=thread, card=True, urgent=True
        ):
            sent += 1  # not again for one told already
    return sent
