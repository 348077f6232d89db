"""The coordinators' digest: built from sections, each ``(services, period) -> blocks``.

A period runs from one cron fire time to the next (``DIGEST_CRON`` in ``BOT_TIMEZONE``), so
every process computes the same period for the same digest, whenever it runs: that is what makes
the period a key for sending each digest once. Sections read only what their period bounds (or
the open reports), so building a digest costs the same with a long history.

Other capabilities add sections (onboarding's stuck newcomers) by passing them to
:func:`commands.anomalies.anomaly_command_sets`.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from babel.dates import format_date

from chatbot import cron
from chatbot.anomalies import AnomalyStatus, Severity, category_label
from chatbot.directory import stale_entries
from chatbot.i18n import _, current_language, ngettext
from chatbot.parsing import fold
from chatbot.reply import Block, BulletList, Heading, Note, Reply, Text
from chatbot.report_words import day, excerpt, when
from chatbot.services import Services
from commands.anomalies.digest_figures import category_chart, response_times
from commands.anomalies.stale import waiting_long
from commands.anomalies.views import lines
from commands.directory.learning import shown_misses

log = logging.getLogger(__name__)

SHOWN = 10
"""Lines listed per section; the rest is counted."""


@dataclass(frozen=True)
class DigestPeriod:
    start: datetime
    end: datetime


DigestSection = Callable[[Services, DigestPeriod], list[Block]]


def last_period(expression: str, timezone: str, now: datetime) -> DigestPeriod | None:
    """The period of the latest digest due: from the fire time before the latest fire time
    ``<= now`` to that one (UTC). None if the schedule never fired in the last 400 days.
    Fire times are :mod:`chatbot.cron`'s: none lost or doubled when the clocks change."""
    last_two = cron.last_fire_times(expression, timezone, now, 2)
    if len(last_two) == 2:
        return DigestPeriod(last_two[0], last_two[1])
    return None


def next_fire_time(expression: str, timezone: str, now: datetime) -> datetime | None:
    return cron.next_fire_time(expression, timezone, now)


def digest_blocks(
    services: Services, period: DigestPeriod, sections: Sequence[DigestSection]
) -> list[Block]:
    """What the sections have to say about ``period`` (nothing: an empty period); a section
    that fails is noted, never stops the digest."""
    blocks: list[Block] = []
    for section in sections:
        try:
            blocks += section(services, period)
        except Exception:
            log.exception("digest section %s failed", getattr(section, "__name__", section))
            blocks.append(Note(_("(One part of this digest could not be built; see the logs.)")))
    return blocks


def build_digest(
    services: Services,
    period: DigestPeriod,
    sections: Sequence[DigestSection],
    *,
    blocks: list[Block] | None = None,
) -> Reply:
    """The digest of ``period`` (``blocks``: the sections' output, if already built); an empty
    period is one line, "nothing new"."""
    if blocks is None:
        blocks = digest_blocks(services, period, sections)
    settings = services.settings
    day = format_date(
        period.end.astimezone(ZoneInfo(settings.bot_timezone)).date(),
        format="full",
        locale=current_language(),
    )
    since = when(period.start, settings)
    if not blocks:
        return Reply.of(
            Text(_("Digest of {day}: nothing new since {since}.").format(day=day, since=since)),
            ephemeral=False,
        )
    title = Heading(_("Digest of {day}").format(day=day))
    return Reply.of(title, Note(_("Since {since}.").format(since=since)), *blocks, ephemeral=False)


def new_reports(services: Services, period: DigestPeriod) -> list[Block]:
    reports = services.anomalies.created_between(period.start, period.end)
    if not reports:
        return []
    urgent = [r for r in reports if r.severity is Severity.URGENT]
    by_category = Counter(category_label(r.category) for r in reports)
    ranked = sorted(by_category.items(), key=lambda item: (-item[1], fold(item[0])))
    counts = " · ".join(f"{name} {n}" for name, n in ranked)
    shown = (urgent + [r for r in reports if r.severity is not Severity.URGENT])[:SHOWN]
    return [
        Heading(ngettext("{n} new report", "{n} new reports", len(reports)).format(n=len(reports))),
        Text(
            ngettext("{n} urgent", "{n} urgent", len(urgent)).format(n=len(urgent)) + f" · {counts}"
        ),
        BulletList(lines(services, shown)),
        *_more(len(reports) - len(shown)),
        *category_chart(ranked),
    ]


def still_open(services: Services, period: DigestPeriod) -> list[Block]:
    repo = services.anomalies
    count = repo.count_open()
    if not count:
        return []
    oldest = repo.oldest_open(limit=SHOWN)
    return [
        Heading(
            ngettext("{n} report still open", "{n} reports still open, oldest first", count).format(
                n=count
            )
        ),
        BulletList(lines(services, oldest)),
        *_more(count - len(oldest)),
    ]


def resolved(services: Services, period: DigestPeriod) -> list[Block]:
    closed = services.anomalies.closed_between(period.start, period.end)
    done = [r for r in closed if r.status is AnomalyStatus.RESOLVED]
    rejected = len(closed) - len(done)
    blocks: list[Block] = []
    if done:
        blocks += [
            Heading(ngettext("{n} resolved", "{n} resolved", len(done)).format(n=len(done))),
            BulletList(
                tuple(
                    f"#{r.id} · {excerpt(r)}" + (f" → {r.note}" if r.note else "")
                    for r in done[:SHOWN]
                )
            ),
            *_more(len(done) - SHOWN),
        ]
    if rejected:
        blocks.append(
            Note(
                ngettext("{n} report rejected", "{n} reports rejected", rejected).format(n=rejected)
            )
        )
    return blocks


def most_supported(services: Services, period: DigestPeriod) -> list[Block]:
    top = services.anomalies.most_supported(limit=3)
    if not top:
        return []
    return [Heading(_("Most +1'd")), BulletList(lines(services, top))]


def missed_searches(services: Services, period: DigestPeriod) -> list[Block]:
    missed = services.missed_searches.top(since=period.start, limit=5)
    if not missed:
        return []
    queries = shown_misses(services, [m.query for m in missed])
    return [
        Heading(_("Directory searches that found nothing")),
        BulletList(
            tuple(f"«{query}» ×{m.count}" for query, m in zip(queries, missed, strict=True))
        ),
    ]


def entries_to_verify(services: Services, period: DigestPeriod) -> list[Block]:
    settings = services.settings
    due = stale_entries(
        services.directory.all(),
        services.clock.now(),
        settings.directory_stale_days,
        by_theme=settings.directory_stale_days_by_theme,
    )
    if not due:
        return []
    items = tuple(
        f"{e.name} · "
        + (day(e.last_verified_at, settings) if e.last_verified_at else _("never verified"))
        for e in due[:5]
    )
    return [
        Heading(
            ngettext(
                "{n} directory entry to verify", "{n} directory entries to verify", len(due)
            ).format(n=len(due))
        ),
        BulletList(items),
        Note(_("Type stale for the full list.")),
    ]


def _more(count: int) -> list[Block]:
    if count > 0:
        return [Note(ngettext("and {n} more", "and {n} more", count).format(n=count))]
    return []


DIGEST_SECTIONS: tuple[DigestSection, ...] = (
    new_reports,
    resolved,
    response_times,
    still_open,
    waiting_long,
    most_supported,
    missed_searches,
    entries_to_verify,
)
