"""One place per report: its updates go in the thread of its first alert, whose card is edited.

An urgent report's alert (:func:`commands.anomalies.notify.alert_urgent`) is the root of the
report's thread for each recipient of the coordinators' audience. Every later change (ack,
assignment, comment, resolution, rejection, reopening; escalations and merges too, through
:func:`tell_thread`) edits that card in place to show the current status and assignee, and says
what happened in its thread: Slack ``thread_ts`` and ``chat.update``, a Matrix ``m.thread``
reply and an ``m.replace`` edit. The outbox does it (:mod:`chatbot.threads`): once per change
and recipient, retried, a recipient without the alert (added later) getting the card top-level.
Normal reports have no alert and stay out of the coordinators' way (the digest lists them).
Followers' direct messages are unchanged (:func:`commands.anomalies.notify.tell_followers`).
"""

from __future__ import annotations

from chatbot.anomalies import Anomaly, AnomalyStatus, Severity
from chatbot.i18n import _
from chatbot.ids import UserId
from chatbot.reply import Block, Fields, Reply, Text
from chatbot.report_words import status_text
from chatbot.services import Services
from commands.anomalies.notify import alert_card, audience, report_thread


async def card_status(services: Services, anomaly: Anomaly) -> list[Block]:
    """What the edited card shows under the report: its status and who has it."""
    items = [(_("Status"), status_text(anomaly))]
    if anomaly.assignee:
        items.append((_("Assigned to"), await services.people.display_name(anomaly.assignee)))
    return [Fields(tuple(items))]


async def tell_thread(services: Services, anomaly: Anomaly, update: str | None = None) -> int:
    """Refresh the card of urgent report ``anomaly`` for the coordinators' audience and say
    ``update`` in its thread; returns for how many recipients (0 for a normal report). Each
    call is one change: its messages are keyed by the report's history length."""
    if anomaly.severity is not Severity.URGENT or anomaly.id is None:
        return 0
    change = len(services.anomalies.history(anomaly.id))
    card = alert_card(anomaly, status=await card_status(services, anomaly))
    thread = report_thread(anomaly)
    told = 0
    for recipient, to_user in audience(services):
        key = f"{thread}:{change}:{recipient}"
        services.messenger.send(
            recipient, card, to_user=to_user, key=f"{key}:card", thread=thread, card=True
        )
        if update:
            reply = Reply.of(Text(update), ephemeral=False)
            services.messenger.send(recipient, reply, to_user=to_user, key=key, thread=thread)
        told += 1
    return told


def status_update(anomaly: Anomaly, *, who: str, reopened: bool = False, note: str = "") -> str:
    """What the thread says of a status change by ``who``."""
    n = anomaly.id
    if reopened:
        return _("Report #{n} reopened by {who}.").format(n=n, who=who)
    match anomaly.status:
        case AnomalyStatus.ACKNOWLEDGED:
            return _("Report #{n} acknowledged by {who}.").format(n=n, who=who)
        case AnomalyStatus.RESOLVED if note:
            return _("Report #{n} resolved by {who}: {note}").format(n=n, who=who, note=note)
        case AnomalyStatus.RESOLVED:
            return _("Report #{n} resolved by {who}.").format(n=n, who=who)
        case AnomalyStatus.REJECTED:
            return _("Report #{n} closed without action by {who}: {note}").format(
                n=n, who=who, note=note
            )
    return _("Report #{n} is now {status}, by {who}.").format(
        n=n, status=status_text(anomaly), who=who
    )


async def assignment_update(services: Services, anomaly: Anomaly, *, who: str) -> str:
    assignee = anomaly.assignee or UserId("")
    name = await services.people.display_name(assignee) if assignee else ""
    return _("Report #{n} assigned to {assignee} by {who}.").format(
        n=anomaly.id, assignee=name, who=who
    )


def comment_update(anomaly: Anomaly, *, who: str, text: str) -> str:
    return _("{who} commented on report #{n}: {text}").format(who=who, n=anomaly.id, text=text)
