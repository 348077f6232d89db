"""Following reports up: list, read, acknowledge, assign, resolve, reject, reopen, comment.

Volunteers see the reports they made, +1'd or were assigned; coordinators see them all. The
reporter and the supporters hear of every status change, on their own platform, through the
outbox (see :mod:`commands.anomalies.notify`).
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import datetime, timedelta

from rapidfuzz import fuzz

from chatbot.anomalies import (
    OPEN_STATUSES,
    Anomaly,
    AnomalyQuery,
    AnomalyStatus,
    AnomalyStatusChanged,
)
from chatbot.commands import CommandSet, UsageError, Words
from chatbot.context import Context
from chatbot.errors import CommandError
from chatbot.i18n import N_, _, ngettext
from chatbot.messenger import display_names
from chatbot.paging import PAGE_SIZE, Page, clamp_page, page_footer, split_page
from chatbot.parsing import fold, plain_words
from chatbot.people_refs import person as person_ref
from chatbot.reply import BulletList, Heading, Note, Reply, Text
from chatbot.report_words import excerpt
from chatbot.roles import Role
from commands.anomalies.access import visible_report
from commands.anomalies.notify import tell, tell_followers
from commands.anomalies.text import match_category, privacy_note
from commands.anomalies.threads import (
    assignment_update,
    comment_update,
    status_update,
    tell_thread,
)
from commands.anomalies.views import card, line, naming

follow_up_commands = CommandSet()

# Filter words, folded (accents and case do not matter): English and French alike.
_ALL_WORDS = frozenset({"all", "tout", "toutes", "tous"})
_OPEN_WORDS = frozenset({"open", "ouvert", "ouverts", "ouverte", "ouvertes", "en-cours"})
_MINE_WORDS = frozenset({"mine", "my", "mes", "miens", "miennes", "moi"})
_SINCE_WORDS = frozenset({"since", "depuis"})
_CLOSED_WORDS = frozenset(
    {
        *("closed", "resolved", "rejected", "done"),
        *("ferme", "fermes", "fermee", "fermees", "clos", "close", "closes"),
        *("resolu", "resolus", "resolue", "resolues", "rejete", "rejetes", "rejetee", "rejetees"),
        *("termine", "termines", "terminee", "terminees"),
    }
)
_RELATIVE = re.compile(r"^(\d+)\s*([djw]|days?|jours?|weeks?|semaines?)?$")


@follow_up_commands.command(
    "anomalies",
    aliases=("signalements", "reports"),
    usage=N_("[open|closed|all] [mine] [#category] [since <date or days>] [page <n>]"),
    help=N_("List reports: open ones by default; anomalies all mine since 7."),
    read_only=True,
)
async def anomalies(ctx: Context, filters: Words | None = None) -> Reply:
    """Newest first, a page at a time."""
    words, number = split_page(filters or "")
    query = _parse_filters(ctx, words)
    repo = ctx.services.anomalies
    count = repo.count(query)
    if not count:
        return Reply.text(_nothing_found(query, words))
    number = clamp_page(number, count)
    query = replace(query, limit=PAGE_SIZE, offset=(number - 1) * PAGE_SIZE)
    page = Page(tuple(repo.find(query)), number, count)
    names = await display_names(ctx.services.people, (a.assignee for a in page.items))
    now = ctx.now()
    if query.open_only:
        heading = ngettext("{count} open report", "{count} open reports", count)
    elif query.closed_only:
        heading = ngettext("{count} closed report", "{count} closed reports", count)
    else:
        heading = ngettext("{count} report", "{count} reports", count)
    heading = heading.format(count=count)
    with naming(names):
        listed = tuple(line(a, now, with_status=not query.open_only) for a in page.items)
    return Reply.of(
        Heading(heading),
        BulletList(listed),
        Note(_("Type anomaly <number> for details.")),
        *page_footer(page, "anomalies", words),
    )


_MY_REPORTS = frozenset(
    {
        *("mes signalements", "mes anomalies", "my reports", "my anomalies", "my own reports"),
        *("mon signalement", "ou en est mon signalement", "ou en sont mes signalements"),
        *("suivi de mon signalement", "suivi signalement", "suivi de mes signalements"),
        *("suivi signalements", "my report", "status of my report", "what about my report"),
    }
)
"""Plain phrases, folded, that ask for ``anomalies mine``."""


@follow_up_commands.understands_first
async def my_reports(ctx: Context, text: str, sure_only: bool) -> Reply | None:
    """``mes signalements`` / ``my reports`` said plainly: the reports of the one who asks,
    before the directory takes the words for a search."""
    said = plain_words(text)
    if said not in _MY_REPORTS and not _mistyped(said, _MY_REPORTS):
        return None
    if not ctx.services.anomalies.count(AnomalyQuery(open_only=True, involving=ctx.user_id)):
        return Reply.text(_("You have no open report. To report a problem: report <what you saw>."))
    return await anomalies(ctx, Words("mine"))


MISTYPED_FROM, MISTYPED_SIMILARITY = 10, 90.0
"""A phrase this long may be mistyped this little and still be read."""

_ME_TOO = frozenset({"moi aussi", "pareil", "pareil pour moi", "me too", "same here", "idem"})
"""Plain phrases, folded, of someone who saw the same problem."""


@follow_up_commands.understands_first
async def me_too(ctx: Context, text: str, sure_only: bool) -> Reply | None:
    """``moi aussi`` said plainly: how to add a +1 (not ``moi``, who am I)."""
    if plain_words(text) not in _ME_TOO:
        return None
    return Reply.of(
        Text(_("Saw the same problem? Add your +1 to its report: +1 <number>.")),
        Note(_("Type anomalies to see the open reports.")),
    )


def _mistyped(said: str, phrases: frozenset[str]) -> bool:
    """Whether ``said`` is one of ``phrases`` with a typo or two ("mes signalemnts")."""
    return len(said) >= MISTYPED_FROM and any(
        fuzz.ratio(said, phrase) >= MISTYPED_SIMILARITY for phrase in phrases
    )


def _nothing_found(query: AnomalyQuery, words: str) -> str:
    """No report to list: "all clear" only when no filter narrowed the list down, else which
    filters found nothing (``#materiel``, ``mine since 7``)."""
    scope = _OPEN_WORDS | _ALL_WORDS | _CLOSED_WORDS
    typed = " ".join(w for w in words.split() if fold(w) not in scope)
    if not typed:
        if query.closed_only:
            return _("No closed report yet.")
        return _("No open report. All clear!") if query.open_only else _("No report found.")
    if query.open_only:
        return _("No open report matches «{filters}».").format(filters=typed)
    return _("No report matches «{filters}».").format(filters=typed)


def _parse_filters(ctx: Context, words: str) -> AnomalyQuery:
    open_only, closed_only, involving, category, since = True, False, None, None, None
    tokens = words.split()
    while tokens:
        typed = tokens.pop(0)
        token = fold(typed)
        if token in _ALL_WORDS:
            open_only, closed_only = False, False
        elif token in _OPEN_WORDS:
            open_only, closed_only = True, False
        elif token in _CLOSED_WORDS:
            open_only, closed_only = False, True
        elif token in _MINE_WORDS:
            involving = ctx.user_id
        elif token in _SINCE_WORDS and tokens:
            since = _parse_since(tokens.pop(0), ctx.now())
        elif (found := match_category(token, ctx.services.settings)) is not None:
            category = found
        else:
            raise CommandError(
                _(
                    "I don't understand «{word}». Filters: open, closed, all, mine, #category, "
                    "since 7."
                ).format(word=typed)
            )
    if not ctx.is_coordinator:
        involving = ctx.user_id
    return AnomalyQuery(
        open_only=open_only,
        closed_only=closed_only,
        involving=involving,
        category=category,
        since=since,
    )


def _parse_since(word: str, now: datetime) -> datetime:
    """``7`` / ``7d`` / ``2w`` days or weeks ago, or a date: ``2026-11-02``, ``02/11/2026``."""
    relative = _RELATIVE.match(fold(word))
    if relative:
        amount, unit = int(relative.group(1)), relative.group(2) or "d"
        weeks = unit.startswith(("w", "s"))
        try:
            return now - timedelta(days=amount * 7 if weeks else amount)
        except OverflowError:
            return datetime.min.replace(tzinfo=now.tzinfo)
    for pattern in ("%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y"):
        try:
            return datetime.strptime(word, pattern).replace(tzinfo=now.tzinfo)
        except ValueError:
            continue
    raise CommandError(
        _("«{word}» is not a date: try since 7 or since 2026-11-02.").format(word=word)
    )


@follow_up_commands.command(
    "anomaly",
    aliases=("signalement",),
    usage=N_("<number>"),
    help=N_("Show one report with its history."),
    read_only=True,
)
async def anomaly(ctx: Context, number: int) -> Reply:
    found = visible_report(ctx, number)
    history = ctx.services.anomalies.history(number)
    people = [
        *(c.actor for c in history),
        *(c.text for c in history if c.kind == "assigned"),
        found.assignee,
    ]
    with naming(await display_names(ctx.services.people, people)):
        return card(
            ctx,
            found,
            history,
            supporter=ctx.user_id in found.supporters,
            attachments=ctx.services.attachments.of(number),
        )


@follow_up_commands.command(
    "ack",
    aliases=("vu", "accuser"),
    phrases=("prendre en compte", "pris en compte", "accuser réception"),
    usage=N_("<number>"),
    help=N_("Acknowledge a report: its reporter knows you are on it."),
    role=Role.COORDINATOR,
)
async def ack(ctx: Context, number: int) -> Reply:
    done = await _change(
        ctx,
        number,
        AnomalyStatus.ACKNOWLEDGED,
        N_("Your report #{n} («{text}») was acknowledged by {who}."),
        step="ack",
    )
    return Reply.text(_("Report #{n} acknowledged.").format(n=done.id))


@follow_up_commands.command(
    "resolve",
    aliases=("résoudre", "resolu"),
    usage=N_("<number> [note]"),
    help=N_("Mark a report resolved; everyone who reported it is told."),
    role=Role.VOLUNTEER,  # the person it is assigned to too: checked below
)
async def resolve(ctx: Context, number: int, note: Words | None = None) -> Reply:
    if not ctx.is_coordinator and not _assigned_to_them(ctx, number):
        # The same answer whether the report exists or not: numbers tried tell nothing.
        raise CommandError(
            _(
                "Sorry, {command} is for coordinators and the person the report is assigned to."
            ).format(command=ctx.registry.shown("resolve"))
        )
    done = await _change(
        ctx,
        number,
        AnomalyStatus.RESOLVED,
        N_("Report #{n} («{text}») is resolved: {note}")
        if note
        else N_("Report #{n} («{text}») is resolved. Thank you for reporting it!"),
        note=note or "",
    )
    return Reply.text(_("Report #{n} resolved.").format(n=done.id))


def _assigned_to_them(ctx: Context, number: int) -> bool:
    found = ctx.services.anomalies.get(number)
    return found is not None and found.assignee == ctx.user_id


async def reject_anomaly(ctx: Context, number: int, reason: str) -> Reply:
    """Close a report without action, saying why (``reject``, see commands.decisions)."""
    done = await _change(
        ctx,
        number,
        AnomalyStatus.REJECTED,
        N_("Report #{n} («{text}») was closed without action: {note}"),
        note=reason,
    )
    return Reply.text(_("Report #{n} rejected.").format(n=done.id))


@follow_up_commands.command(
    "reopen",
    aliases=("rouvrir",),
    usage=N_("<number>"),
    help=N_("Reopen a resolved or rejected report."),
    role=Role.COORDINATOR,
)
async def reopen(ctx: Context, number: int) -> Reply:
    done = await _change(
        ctx,
        number,
        AnomalyStatus.ACKNOWLEDGED,
        N_("Report #{n} («{text}») was reopened."),
        step="reopen",
    )
    return Reply.text(_("Report #{n} reopened.").format(n=done.id))


_ONLY_FROM = {
    "ack": frozenset({AnomalyStatus.NEW}),
    "close": OPEN_STATUSES,
    "reopen": frozenset({AnomalyStatus.RESOLVED, AnomalyStatus.REJECTED}),
}


async def _change(
    ctx: Context,
    number: int,
    status: AnomalyStatus,
    message: str,
    *,
    note: str = "",
    step: str = "close",
) -> Anomaly:
    repo = ctx.services.anomalies
    done = repo.change_status(
        number, status, actor=ctx.user_id, at=ctx.now(), note=note, only_from=_ONLY_FROM[step]
    )
    await ctx.services.publish(AnomalyStatusChanged(anomaly=done, actor=ctx.user_id, at=ctx.now()))
    who = ctx.incoming.sender_name or ctx.user_id
    await tell_followers(
        ctx.services,
        done,
        _(message).format(n=done.id, text=excerpt(done), who=who, note=note),
        actor=ctx.user_id,
    )
    update = status_update(done, who=who, reopened=step == "reopen", note=note)
    await tell_thread(ctx.services, done, update)
    return done


_TO = frozenset({"a", "to", "pour", "au"})
"""Words before the person a report is given to: "assigner 3 à marie"."""


@follow_up_commands.command(
    "assign",
    aliases=("assigner", "attribuer"),
    usage=N_("<number> <person>"),
    help=N_("Give a report to someone to follow up: assign 12 me, assign 12 slack:U024BE7LH."),
    role=Role.COORDINATOR,
)
async def assign(ctx: Context, number: int, person: Words) -> Reply:
    named = person.split()
    if named and fold(named[0]) in _TO:  # "assigner 3 à marie"
        named = named[1:]
    if len(named) != 1:
        raise UsageError
    found = visible_report(ctx, number)
    if not found.is_open:
        raise CommandError(
            _("Report #{n} is already {status}.").format(n=number, status=_(found.status.label))
        )
    assignee = person_ref(ctx, named[0])
    done = ctx.services.anomalies.assign(number, assignee, actor=ctx.user_id, at=ctx.now())
    who = ctx.incoming.sender_name or ctx.user_id
    await tell_thread(ctx.services, done, await assignment_update(ctx.services, done, who=who))
    if assignee != ctx.user_id:
        await tell(
            ctx.services,
            [assignee],
            Reply.of(
                Text(
                    _("Report #{n} is assigned to you: «{text}»").format(
                        n=done.id, text=excerpt(done, 200)
                    )
                ),
                Note(
                    _(
                        "Type anomaly {n} for details, resolve {n} <what was done> once fixed."
                    ).format(n=done.id)
                ),
            ),
        )
    name = await ctx.services.people.display_name(assignee)
    return Reply.text(_("Report #{n} assigned to {who}.").format(n=done.id, who=name))


@follow_up_commands.command(
    "comment",
    aliases=("commenter",),
    usage=N_("<number> <text>"),
    help=N_("Add a comment to a report; its reporter and supporters are told."),
    labels={"number": N_("Report number"), "text": N_("Your comment?")},
    prompt=True,
)
async def comment(ctx: Context, number: int, text: Words) -> Reply:
    """Whoever may see the report (see :func:`chatbot.anomalies.may_see`) may add to it."""
    visible_report(ctx, number)
    done = ctx.services.anomalies.comment(number, text, actor=ctx.user_id, at=ctx.now())
    who = ctx.incoming.sender_name or ctx.user_id
    message = _("{who} commented on report #{n}: {text}").format(who=who, n=done.id, text=text)
    reply = Reply.of(Text(message), Note(_("Type anomaly {n} for details.").format(n=done.id)))
    readers = [*done.followers, *([done.assignee] if done.assignee else [])]
    await tell(ctx.services, dict.fromkeys(u for u in readers if u != ctx.user_id), reply)
    await tell_thread(ctx.services, done, comment_update(done, who=who, text=text))
    said = Text(_("Comment added to report #{n}.").format(n=done.id))
    return Reply.of(said, privacy_note(text, comment=True))


@follow_up_commands.command(
    "redact",
    aliases=("caviarder", "masquer"),
    usage=N_("<number>"),
    help=N_("Blank a report's text and comments (personal data); its record stays."),
    role=Role.COORDINATOR,
)
async def redact(ctx: Context, number: int) -> Reply:
    files = len(ctx.services.attachments.of(number))
    done = ctx.services.anomalies.redact(number, actor=ctx.user_id, at=ctx.now())
    await tell_thread(ctx.services, done)  # the alert card no longer shows the text
    said = Text(
        _("The text of report #{n} is redacted; its record and history stay.").format(n=done.id)
    )
    if not files:
        return Reply.of(said)
    removed = ngettext("Its attachment is removed.", "Its {count} attachments are removed.", files)
    return Reply.of(said, Note(removed.format(count=files)))
