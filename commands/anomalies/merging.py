"""Coordinators merge duplicates: ``merge 4 into 2`` (``fusionner 4 dans 2``).

Report 4 is closed as a duplicate of 2 (status merged); its reporter and supporters become 2's
supporters and its comments move to 2, in one transaction; the two cards link to each other.
Everyone involved (4's reporter and followers, 2's followers) is told once, through the outbox.
"""

from __future__ import annotations

import logging

from chatbot.anomalies import AnomalyStatus, AnomalyStatusChanged
from chatbot.commands import CommandSet, typed_number
from chatbot.context import Context
from chatbot.errors import CommandError, InvalidTransition, NotFound
from chatbot.i18n import N_, _
from chatbot.parsing import fold
from chatbot.reply import Note, Reply, Text
from chatbot.roles import Role

log = logging.getLogger(__name__)

_INTO_WORDS = frozenset({"into", "in", "to", "dans", "avec", "sur", "vers", "en", "->", "→"})

merge_commands = CommandSet()


@merge_commands.command(
    "merge",
    aliases=("fusionner", "fusion"),
    usage=N_("<number> into <number>"),
    help=N_("Close a report as a duplicate of another: merge 4 into 2 (its +1s and comments go)."),
    role=Role.COORDINATOR,
)
async def merge(ctx: Context, number: int, word: str, target: int | None = None) -> Reply:
    if not ctx.is_coordinator:  # the declaration checks it too; a merge tells many people
        raise CommandError(_("Sorry, merge is for coordinators only."))
    if target is None:  # "merge 4 2"
        target = typed_number(word)
    elif fold(word) not in _INTO_WORDS:
        target = None
    if target is None:
        raise CommandError(_("Usage: {usage}").format(usage="merge <number> into <number>"))
    if number == target:
        raise CommandError(_("A report cannot be merged into itself."))
    repo = ctx.services.anomalies
    duplicate, kept = repo.get(number), repo.get(target)
    if duplicate is None:
        raise NotFound("report", number)
    if kept is None:
        raise NotFound("report", target)
    if duplicate.status is AnomalyStatus.MERGED:
        raise CommandError(
            _("Report #{n} is already merged into #{other}.").format(
                n=number, other=duplicate.merged_into
            )
        )
    if not duplicate.is_open:
        raise CommandError(
            _("Report #{n} is closed ({status}): reopen it first to merge it.").format(
                n=number, status=_(duplicate.status.label)
            )
        )
    if kept.status is AnomalyStatus.MERGED:
        raise CommandError(
            _("Report #{n} is itself merged into #{other}: merge into #{other}.").format(
                n=target, other=kept.merged_into
            )
        )
    if not kept.is_open:
        raise CommandError(
            _("Report #{n} is closed ({status}): merge into an open report.").format(
                n=target, status=_(kept.status.label)
            )
        )
    try:
        merged_into = repo.merge(
            number, into=target, actor=ctx.user_id, at=ctx.now(), any_open=True
        )
    except InvalidTransition as error:  # changed in between, by someone else
        log.info("merge of #%s into #%s refused: %s", number, target, error)
        raise
    closed = repo.get(number) or duplicate
    await ctx.services.publish(
        AnomalyStatusChanged(anomaly=closed, actor=ctx.user_id, at=ctx.now())
    )
    involved = dict.fromkeys((*duplicate.followers, *merged_into.followers))
    told = Reply.of(
        Text(
            _(
                "Report #{n} is the same problem as #{other}: they are now followed together as "
                "#{other} ({count} +1). You will hear when it is fixed."
            ).format(n=number, other=target, count=merged_into.plus_ones)
        ),
        Note(_("Type anomaly {n} for details.").format(n=target)),
    )
    for user in involved:
        if user != ctx.user_id:
            ctx.services.messenger.send(user, told, to_user=True, key=f"merged:{number}:{user}")
    return Reply.text(
        _(
            "Report #{n} is merged into #{other}, which now has {count} +1; "
            "everyone following them was told."
        ).format(n=number, other=target, count=merged_into.plus_ones)
    )
