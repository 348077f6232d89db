"""Charts for coordinators: new reports per day by category over eight weeks, the weekly
medians of time to acknowledge and to resolve, and the searches that found nothing.

Figures come from the repositories' bounded queries (the digest's: ``created_between``,
``response_delays``, ``resolution_delays``, ``missed_searches.top``), each chart drawn as SVG
on the server (:mod:`adapters.web.svg`) with its figures in a table beside it. "Add as alias"
runs a chat command: ``approve <n>`` for what a search already proposed, else ``alias "<words>"
<entry>`` with the entry the coordinator types.
"""

from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from babel.dates import format_datetime, format_skeleton

from adapters.web import svg
from adapters.web.layout import command_form, esc
from adapters.web.pages import WebRequest, page
from chatbot.anomalies import category_label
from chatbot.directory import ADD_ALIAS, Suggestion
from chatbot.durations import duration
from chatbot.i18n import N_, _, ngettext
from chatbot.parsing import fold
from chatbot.roles import Role
from chatbot.services import Services

WEEKS = 8
MISSES_SHOWN = 20


@dataclass(frozen=True)
class Window:
    """The eight weeks shown: local days, the last one today."""

    zone: ZoneInfo
    days: list[date]
    start: datetime
    """The first day's local midnight."""
    end: datetime
    """The midnight after today: what happened until now, ``now`` itself included."""

    def midnight(self, day: date) -> datetime:
        return datetime.combine(day, time(), self.zone)


def window(services: Services, now: datetime) -> Window:
    zone = ZoneInfo(services.settings.bot_timezone)
    today = now.astimezone(zone).date()
    days = [today - timedelta(days=n) for n in range(WEEKS * 7 - 1, -1, -1)]
    start = datetime.combine(days[0], time(), zone)
    return Window(zone, days, start, datetime.combine(today + timedelta(days=1), time(), zone))


@dataclass(frozen=True)
class NewReports:
    days: list[date]
    series: list[tuple[str, list[int]]]
    """Each category's label and its count per day, the busiest category first."""


def new_reports(services: Services, now: datetime) -> NewReports:
    """Reports created over the window (merged ones excluded), per local day and category."""
    span = window(services, now)
    counts: Counter[tuple[str, date]] = Counter()
    for report in services.anomalies.created_between(span.start, span.end):
        counts[category_label(report.category), report.created_at.astimezone(span.zone).date()] += 1
    totals: Counter[str] = Counter()
    for (label, _day), n in counts.items():
        totals[label] += n
    ranked = sorted(totals, key=lambda label: (-totals[label], fold(label)))
    series = [(label, [counts[label, day] for day in span.days]) for label in ranked]
    return NewReports(span.days, series)


@dataclass(frozen=True)
class WeekFigures:
    start: date
    acknowledged: float | None
    """Median seconds to the first acknowledgement of the week's new reports (None: none)."""
    resolved: float | None
    """Median seconds from creation to resolution of the reports resolved that week."""
    acknowledged_count: int
    resolved_count: int


def response_weeks(services: Services, now: datetime) -> list[WeekFigures]:
    """The window's weeks, oldest first (the last ends tonight)."""
    span, repo = window(services, now), services.anomalies
    weeks = []
    for index in range(WEEKS):
        first = span.days[index * 7]
        start = span.midnight(first)
        end = span.midnight(first + timedelta(days=7))
        acked, resolved = repo.response_delays(start, end), repo.resolution_delays(start, end)
        weeks.append(
            WeekFigures(
                start=first,
                acknowledged=statistics.median(acked) if acked else None,
                resolved=statistics.median(resolved) if resolved else None,
                acknowledged_count=len(acked),
                resolved_count=len(resolved),
            )
        )
    return weeks


def day_label(day: date, language: str) -> str:
    return format_skeleton("dM", day, locale=language)


@page("/charts", title=N_("Charts"), role=Role.COORDINATOR, nav=True, order=40)
def charts(req: WebRequest) -> str:
    now = req.now()
    return (
        _new_reports_section(new_reports(req.services, now), req.language)
        + _times_section(response_weeks(req.services, now), req.language)
        + _misses_section(req, now)
    )


def _figures(table: str) -> str:
    """A chart's table, folded under its chart (open it to read or copy the figures)."""
    label = _("Figures")
    return f"<details><summary>{esc(label)}</summary>{table}</details>"


def _new_reports_section(data: NewReports, language: str) -> str:
    columns = [day_label(day, language) for day in data.days]
    total = sum(sum(counts) for _label, counts in data.series)
    title = _("New reports per day, by category, over {weeks} weeks").format(weeks=WEEKS)
    summary = ", ".join(f"{label}: {sum(counts)}" for label, counts in data.series)
    desc = ngettext("{total} new report. {summary}", "{total} new reports. {summary}", total)
    desc = desc.format(total=total, summary=summary or "—")
    chart = svg.stacked_bars(
        ident="new-reports",
        title=title,
        desc=desc,
        columns=columns,
        series=[(label, [float(n) for n in counts]) for label, counts in data.series],
    )
    rows = [
        [column, *(counts[i] for _label, counts in data.series), sum(c[i] for _l, c in data.series)]
        for i, column in enumerate(columns)
    ]
    headers = [_("Day"), *(label for label, _counts in data.series), _("Total")]
    table = svg.data_table(title, headers, rows)
    return (
        f'<section aria-labelledby="h-new"><h2 id="h-new">{esc(title)}</h2>'
        f"<p>{esc(desc)}</p>{svg.framed(chart)}{_figures(table)}</section>"
    )


def _times_section(weeks: list[WeekFigures], language: str) -> str:
    title = _("Median time to acknowledge and to resolve, per week")
    columns = [_("week of {day}").format(day=day_label(w.start, language)) for w in weeks]
    acknowledged, resolved = _("Acknowledged in"), _("Resolved in")
    last = weeks[-1]
    desc = _("This week: acknowledged in {ack}, resolved in {res} (medians).").format(
        ack=_shown(last.acknowledged), res=_shown(last.resolved)
    )
    chart = svg.grouped_bars(
        ident="times",
        title=title,
        desc=desc,
        columns=[day_label(w.start, language) for w in weeks],
        series=[
            (acknowledged, [w.acknowledged for w in weeks]),
            (resolved, [w.resolved for w in weeks]),
        ],
        fmt=duration,
    )
    rows = [
        [
            column,
            _shown(w.acknowledged),
            w.acknowledged_count,
            _shown(w.resolved),
            w.resolved_count,
        ]
        for column, w in zip(columns, weeks, strict=True)
    ]
    headers = [
        _("Week"),
        _("Acknowledged in (median)"),
        _("Reports acknowledged"),
        _("Resolved in (median)"),
        _("Reports resolved"),
    ]
    figures = _figures(svg.data_table(title, headers, rows))
    return (
        f'<section aria-labelledby="h-times"><h2 id="h-times">{esc(title)}</h2>'
        f"<p>{esc(desc)}</p>{svg.framed(chart)}{figures}</section>"
    )


def _shown(seconds: float | None) -> str:
    return duration(seconds) if seconds is not None else _("no figure")


def alias_line(words: str) -> str:
    """``alias "<words>"``: the command a miss's form runs, the entry typed after it."""
    words = " ".join(words.split())
    for opening, closing in (('"', '"'), ("«", "»"), ("“", "”")):
        if closing not in words:
            return f"alias {opening}{words}{closing}"
    return 'alias "{}"'.format(words.replace('"', ""))


def _key(text: str) -> str:
    return fold(" ".join(text.split()))


def _misses_section(req: WebRequest, now: datetime) -> str:
    services = req.services
    title = _("Searches that found nothing")
    span = window(services, now)
    misses = services.missed_searches.top(since=span.start, limit=MISSES_SHOWN)
    proposals: dict[str, Suggestion] = {}
    for suggestion in services.suggestions.pending():
        if suggestion.field == ADD_ALIAS:
            proposals.setdefault(_key(suggestion.value), suggestion)
    head = f'<section aria-labelledby="h-misses"><h2 id="h-misses">{esc(title)}</h2>'
    if not misses:
        text = _("No search came back empty over these {weeks} weeks.").format(weeks=WEEKS)
        return f"{head}<p>{esc(text)}</p></section>"
    rows = []
    for miss in misses:
        proposal = proposals.get(_key(miss.query))
        if proposal is not None:
            action = command_form(
                req,
                f"approve {proposal.id}",
                _("Add as alias of {entry}").format(entry=proposal.entry_name),
            )
        else:
            action = command_form(
                req,
                alias_line(miss.query),
                _("Add as alias"),
                field=_("Entry meant"),
                placeholder=_("name or #number"),
            )
        when = format_datetime(miss.last_at, "short", tzinfo=span.zone, locale=req.language)
        rows.append(
            f'<tr><th scope="row">{esc(miss.query)}</th>'
            f'<td class="number">{miss.count}</td><td>{esc(when)}</td><td>{action}</td></tr>'
        )
    headers = "".join(
        f'<th scope="col">{esc(h)}</th>'
        for h in (_("Searched"), _("Times"), _("Last time"), _("Add as alias"))
    )
    note = _(
        "An alias makes the entry found by these words, in chat and here. What a later search "
        "found is proposed already; otherwise type the entry that was meant."
    )
    return (
        f'{head}<p class="note">{esc(note)}</p>'
        f'<table class="misses"><caption>{esc(title)}</caption><thead><tr>{headers}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table></section>"
    )
