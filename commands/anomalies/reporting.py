"""Reporting a problem, from any platform, and adding a +1 to someone else's report.

``report the door of the Haxo office is broken #site !urgent`` is the usual form. ``report``
alone asks "what did you see?" and nothing else; a Slack modal shows that question first, then
optional pickers for the category and the urgency, submitted as tags
(``report <description> #site !urgent``).

A report is saved as soon as it is described, so it is never lost: with the category guessed from
its words (:mod:`commands.anomalies.guess`) and a normal urgency, which the answer offers to change
in one tap (:mod:`commands.anomalies.confirm`); optional details come after. When it looks like an
open report, the answer offers to merge it there as a +1 instead (merging keeps its text, readable
as ``anomaly N``); coordinators may merge it there themselves.
"""

from __future__ import annotations

import logging
import re

from chatbot.anomalies import Anomaly, AnomalyReported, Severity
from chatbot.bot import usage_line
from chatbot.commands import CommandSet, Words
from chatbot.context import Context
from chatbot.errors import CommandError
from chatbot.i18n import N_, _
from chatbot.reply import Actions, Block, Button, Note, Reply, Text
from chatbot.report_words import excerpt
from chatbot.settings import Settings
from chatbot.small_talk import small_talk
from commands.anomalies.access import supportable_report
from commands.anomalies.attachments import attach_sent_files
from commands.anomalies.confirm import confirmation_blocks
from commands.anomalies.follow_up import anomaly as show_report
from commands.anomalies.guess import guess_category
from commands.anomalies.notify import alert_urgent
from commands.anomalies.text import (
    DEFAULT_CATEGORY_LABELS,
    Draft,
    categories,
    default_category,
    match_category,
    match_severity,
    parse_report,
    privacy_note,
    similar_reports,
)

log = logging.getLogger(__name__)

_REPORT_NUMBER = re.compile(r"(?:#|n[°o]\.?|num(?:[ée]ro)?\.?)?\s*(\d+)", re.IGNORECASE)
"""A description that is only a number (``3``, ``#3``, ``n°3``, ``numéro 3``) names a report:
``anomalie 3`` reads "show report 3" in French, never "report «3»"."""

SEVERITY_CHOICES = (
    ("normal", N_("Normal")),
    ("urgent", N_("Urgent: the coordinators are told at once")),
)


def reporting_commands(settings: Settings) -> CommandSet:
    """``report`` and ``plusone``; forms and the step-by-step question offer the categories
    ``settings`` configures (each bot its own: nothing is kept between calls)."""
    commands = CommandSet()
    commands.command(
        "report",
        aliases=("signaler", "anomalie"),
        usage=N_("<what you saw> [#category] [!urgent] [link]"),
        help=N_(
            "Report a problem to the coordinators: report the door of the Haxo office is broken "
            "#site"
        ),
        labels={
            "category": N_("What kind of problem? ({choices})"),
            "severity": N_("Is it urgent? Type urgent or normal."),
            "description": N_(
                "What did you see? A few words, and a link if you have one; no personal data "
                "about the people we help (names, numbers)."
            ),
        },
        choices={
            "category": tuple((c, DEFAULT_CATEGORY_LABELS.get(c, c)) for c in categories(settings)),
            "severity": SEVERITY_CHOICES,
        },
        prompt=True,
        form_tags=(("category", "#"), ("severity", "!")),
        files=True,
    )(report)
    commands.command(
        "plusone",
        aliases=("+1", "moi-aussi", "metoo"),
        usage=N_("<number>"),
        help=N_("Add your +1 to a report: you will hear when it is fixed."),
        labels={"number": N_("Which report number? (type anomalies to see the open ones)")},
        prompt=True,
    )(plusone)
    return commands


async def report(ctx: Context, description: Words) -> Reply:
    number = _REPORT_NUMBER.fullmatch(description.strip())
    if number:
        return await _existing_report(ctx, int(number.group(1)))
    settings = ctx.services.settings
    draft = _interpret(settings, description)
    if not draft.text:
        raise CommandError(_("Please say what you saw: report <what you saw>."))
    if small_talk(draft.text) is not None:  # "ok" or "merci" answering "What did you see?"
        raise CommandError(
            _(
                "«{text}» does not say what you saw, so nothing was reported. Tell me in a few "
                "words: report the door of the office is broken."
            ).format(text=draft.text)
        )
    repo = ctx.services.anomalies
    similar = similar_reports(draft.text, repo.open_reports())
    guessed = draft.category is None
    anomaly = repo.create(
        Anomaly(
            text=draft.text,
            category=draft.category
            or guess_category(draft.text, settings)
            or default_category(settings),
            severity=draft.severity,
            link=draft.link,
            reporter=ctx.user_id,
            reporter_name=ctx.incoming.sender_name,
            platform=ctx.incoming.platform,
            conversation_id=ctx.incoming.conversation_id,
            permalink=ctx.incoming.permalink,
            created_at=ctx.now(),
        )
    )
    log.info("report #%s saved (%s, %s)", anomaly.id, anomaly.category, anomaly.severity.value)
    attached = attach_sent_files(ctx, anomaly.id or 0)  # before anyone is told of the report
    await ctx.services.publish(AnomalyReported(anomaly=anomaly))
    urgent = anomaly.severity is Severity.URGENT
    if urgent:
        alert_urgent(ctx.services, anomaly)
    saved = (
        _("Thank you! Report #{n} is saved; the coordinators were told at once.")
        if urgent
        else _("Thank you! Report #{n} is saved; the coordinators will see it.")
    )
    return Reply.of(
        Text(saved.format(n=anomaly.id)),
        *attached,
        *(confirmation_blocks(anomaly, settings) if guessed else ()),
        *_similar_blocks(ctx, anomaly, similar),
        Actions((Button(_("Add details"), "comment", str(anomaly.id)),)),
        *await _entries_named(ctx, draft.text),
        privacy_note(draft.text),
    )


async def _entries_named(ctx: Context, text: str) -> list[Block]:
    """ "signaler un enfant en danger" is a report to the coordinators, and maybe a number
    looked for: the 119's card, one tap away (what other capabilities are sure the text
    names)."""
    named = [reply for pointer in ctx.registry.pointers if (reply := await pointer(ctx, text))]
    if not named:
        return []
    return [
        Note(_("Looking for a contact instead?")),
        *(b for reply in named for b in reply.blocks),
    ]


async def _existing_report(ctx: Context, number: int) -> Reply:
    """``report 3``: the card of report 3, as ``anomaly 3`` shows it; no report is filed. None
    to show (or one the person may not see): say so, and how to report a problem."""
    try:
        return await show_report(ctx, number)
    except CommandError as missing:
        declared = ctx.registry.find("report")
        usage = usage_line(declared) if declared else "report"
        return Reply.of(
            Text(str(missing)),
            Note(_("To report a problem: {usage}").format(usage=usage)),
        )


def _interpret(settings: Settings, description: str) -> Draft:
    """Tell positional answers (``site urgent <text>``, as forms of old sent them) from a
    sentence typed in one go."""
    typed = description
    category, severity, description = (*typed.split(None, 2), "", "")[:3]
    known_category = match_category(category, settings)
    known_severity = match_severity(severity)
    if known_category and known_severity:
        draft = parse_report(description, settings)
        urgent = Severity.URGENT in (known_severity, draft.severity)
        return Draft(
            text=draft.text,
            category=known_category,
            severity=Severity.URGENT if urgent else Severity.NORMAL,
            link=draft.link,
        )
    if known_severity:  # "report door" then "urgent" then the rest: keep the first word
        draft = parse_report(f"{category} {description}", settings)
        urgent = Severity.URGENT in (known_severity, draft.severity)
        return Draft(
            text=draft.text,
            category=draft.category,
            severity=Severity.URGENT if urgent else Severity.NORMAL,
            link=draft.link,
        )
    return parse_report(typed, settings)


def _similar_blocks(ctx: Context, anomaly: Anomaly, similar: list[Anomaly]) -> list[Block]:
    if not similar:
        return []
    blocks: list[Block] = []
    for other in similar:
        blocks.append(
            Text(
                _("It looks like report #{other} («{text}», {count} +1): the same problem?").format(
                    other=other.id, text=excerpt(other), count=other.plus_ones
                )
            )
        )
    blocks.append(
        Actions(
            tuple(
                Button(
                    _("Same as #{other}: +1 instead").format(other=other.id),
                    "plusone",
                    f"{other.id} {anomaly.id}",
                    yes=closest,  # "oui": the same as the closest one
                )
                for closest, other in zip(
                    (True, *(False,) * (len(similar) - 1)), similar, strict=True
                )
            )
        )
    )
    if ctx.is_coordinator:
        blocks.append(
            Actions(
                tuple(
                    Button(
                        _("Merge #{n} into #{other}").format(n=anomaly.id, other=other.id),
                        "merge",
                        f"{anomaly.id} into {other.id}",
                    )
                    for other in similar
                )
            )
        )
    blocks.append(Note(_("If it is a different problem, there is nothing to do.")))
    return blocks


async def plusone(ctx: Context, number: int, duplicate: int | None = None) -> Reply:
    repo = ctx.services.anomalies
    if duplicate is not None:
        return _merge(ctx, duplicate, into=number)
    supportable_report(ctx, number)
    anomaly, added = repo.support(number, ctx.user_id, at=ctx.now())
    if anomaly.reporter == ctx.user_id:
        return Reply.text(
            _("You reported #{n} yourself: you will hear when it is fixed.").format(n=number)
        )
    if not added:
        return Reply.text(_("Your +1 on #{n} was already counted.").format(n=number))
    return Reply.text(
        _("Your +1 on #{n} is counted ({count} in all). You will hear when it is fixed.").format(
            n=number, count=anomaly.plus_ones
        )
    )


def _merge(ctx: Context, duplicate: int, *, into: int) -> Reply:
    repo = ctx.services.anomalies
    mine = repo.get(duplicate)
    if mine is None or (mine.reporter != ctx.user_id and not ctx.is_coordinator):
        raise CommandError(_("You can only merge your own reports."))
    supportable_report(ctx, into, mine=duplicate)
    target = repo.merge(duplicate, into=into, actor=ctx.user_id, at=ctx.now())
    return Reply.text(
        _(
            "Thanks: #{mine} is merged into #{n}, which now has {count} +1. "
            "You will hear when it is fixed."
        ).format(mine=duplicate, n=into, count=target.plus_ones)
    )
