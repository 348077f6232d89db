"""One tap after reporting: confirm or change the guessed category, mark the report urgent; and
the offer to report what a direct message describes ("l'imprimante est en panne").

The report is already saved when these are offered: each choice changes the saved report
(``report-category 3 site``, ``report-urgent 3``), so walking away loses nothing; "c'est
urgent" said soon after marks it urgent too.
"""

from __future__ import annotations

from datetime import timedelta

from chatbot.anomalies import Anomaly, AnomalyQuery, Severity, category_label
from chatbot.commands import CommandSet
from chatbot.context import Context
from chatbot.errors import CommandError, InvalidTransition
from chatbot.i18n import N_, _
from chatbot.parsing import plain_words
from chatbot.reply import Actions, Block, Button, Note, Reply, Text
from chatbot.settings import Settings
from commands.anomalies.guess import reads_like_a_problem
from commands.anomalies.notify import alert_urgent
from commands.anomalies.text import categories, match_category

MAX_OFFERED_TEXT = 1500
"""Longer messages are not offered as a report in one tap (a button carries the text)."""

confirm_commands = CommandSet()


def confirmation_blocks(anomaly: Anomaly, settings: Settings) -> list[Block]:
    """The guessed category ("my guess"), a button per category, then "Urgent"."""
    n = str(anomaly.id)
    buttons = [
        Button(category_label(c), "report-category", f"{n} {c}") for c in categories(settings)
    ]
    if anomaly.severity is Severity.NORMAL:
        buttons.append(_urgent_button(anomaly))
    return [
        Text(
            _("Category: {category} (my guess). Tap another one to change it.").format(
                category=category_label(anomaly.category)
            )
        ),
        Actions(tuple(buttons)),
    ]


def _urgent_button(anomaly: Anomaly) -> Button:
    return Button(_("Urgent: tell the coordinators now"), "report-urgent", str(anomaly.id))


def _editable(ctx: Context, number: int) -> Anomaly:
    anomaly = ctx.services.anomalies.get(number)
    if anomaly is None or (anomaly.reporter != ctx.user_id and not ctx.is_coordinator):
        raise CommandError(_("You can only change your own reports."))
    if not anomaly.is_open:
        raise InvalidTransition(
            number, anomaly.status, anomaly.status, merged_into=anomaly.merged_into
        )
    return anomaly


@confirm_commands.command(
    "report-category",
    usage=N_("<number> <category>"),
    help=N_("Change the category of your report."),
    hidden=True,
)
async def report_category(ctx: Context, number: int, category: str) -> Reply:
    _editable(ctx, number)
    known = match_category(category, ctx.services.settings)
    if known is None:
        raise CommandError(_("There is no category {category}.").format(category=category))
    anomaly, _changed = ctx.services.anomalies.set_category(
        number, known, actor=ctx.user_id, at=ctx.now()
    )
    said = Text(
        _("Report #{n} is filed under {category}.").format(n=number, category=category_label(known))
    )
    details = Button(_("Add details"), "comment", str(anomaly.id))  # still offered
    if anomaly.severity is Severity.NORMAL:
        return Reply.of(said, Actions((_urgent_button(anomaly), details)))
    return Reply.of(said, Actions((details,)))


@confirm_commands.command(
    "report-urgent",
    usage=N_("<number>"),
    help=N_("Mark your report urgent: the coordinators are told at once."),
    hidden=True,
)
async def report_urgent(ctx: Context, number: int) -> Reply:
    _editable(ctx, number)
    anomaly, changed = ctx.services.anomalies.set_severity(
        number, Severity.URGENT, actor=ctx.user_id, at=ctx.now()
    )
    alert_urgent(ctx.services, anomaly)  # once per report and coordinator, whatever happens
    if not changed:
        return Reply.text(_("Report #{n} is already urgent.").format(n=number))
    return Reply.text(
        _("Report #{n} is now urgent: the coordinators were told at once.").format(n=number)
    )


_SAYS_URGENT = frozenset(
    {"urgent", "c est urgent", "tres urgent", "c est tres urgent", "urgence", "c est une urgence"}
    | {"it s urgent", "urgent please", "its urgent", "very urgent", "emergency", "c urgent"}
)
"""Plain phrases, folded, of someone whose report just made is urgent after all."""
URGENT_AFTER = timedelta(minutes=30)
"""How soon after a report "c'est urgent" is about it."""


@confirm_commands.understands_first
async def urgent_after_all(ctx: Context, text: str, sure_only: bool) -> Reply | None:
    """ "C'est urgent" said soon after one's report (where buttons are not numbered choices):
    the report is marked urgent, as its button would."""
    if plain_words(text) not in _SAYS_URGENT:
        return None
    since = ctx.now() - URGENT_AFTER
    latest = ctx.services.anomalies.find(AnomalyQuery(involving=ctx.user_id, since=since, limit=5))
    own = [anomaly for anomaly in latest if anomaly.reporter == ctx.user_id]
    if not own:
        return None
    return await report_urgent(ctx, own[0].id or 0)


@confirm_commands.understands_first
async def problem_in_a_message(ctx: Context, text: str, sure_only: bool) -> Reply | None:
    """A direct message that reads like a problem: offer to report it (or to search)."""
    if sure_only or not ctx.incoming.private or len(text) > MAX_OFFERED_TEXT:
        return None
    if not reads_like_a_problem(text):
        return None
    said = " ".join(text.split())
    return Reply.of(
        Text(_("It sounds like a problem. Shall I report it to the coordinators?")),
        Actions(
            (
                Button(_("Report it"), "report", said, yes=True),
                Button(_("Search the directory instead"), "lookup", said),
            )
        ),
        Note(_("Or type report <what you saw>.")),
    )
