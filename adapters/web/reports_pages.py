"""Reports: the open ones by age and category with filters, and each report's page with its
history, attachments and the coordinators' actions (commands run through the bot).

Volunteers see the reports they made, +1'd or were assigned, as in chat (``anomalies mine``);
coordinators see all of them."""

from __future__ import annotations

from collections import Counter

from adapters.web.layout import button, command_form, esc, heading, href, para, select, table
from adapters.web.pages import PAGES, Page, PageNotFound, WebRequest, page
from adapters.web.render import link
from adapters.web.report_text import AGE_BOUNDS, age_bucket, bucket_labels
from chatbot.anomalies import (
    Anomaly,
    AnomalyQuery,
    AnomalyStatus,
    Severity,
    category_label,
    may_see,
)
from chatbot.i18n import N_, _, ngettext
from chatbot.report_words import age, change_text, excerpt, status_text, when
from chatbot.roles import Role

LIMIT = 200
"""Reports listed on one page, oldest first."""
OPEN = "open"
ALL = "all"
EXCERPT = 90
OLDEST = 20
"""Open reports listed under the board's table."""


def _status_filters() -> dict[str, str]:
    statuses = {status.value: _(status.label) for status in AnomalyStatus}
    return {OPEN: _("open"), **statuses, ALL: _("all")}


@page("/reports", title=N_("Reports"), nav=True, order=10)
def reports(req: WebRequest) -> str | Page:
    services = req.services
    filters = _status_filters()
    status = req.query.get("status", OPEN)
    status = status if status in filters else OPEN
    category = req.query.get("category", "")
    query = AnomalyQuery(
        open_only=status in (OPEN, AnomalyStatus.NEW, AnomalyStatus.ACKNOWLEDGED),
        involving=None if req.is_coordinator else req.user_id,
        category=category or None,
        limit=LIMIT,
        oldest_first=True,
    )
    found = services.anomalies.find(query)
    total = services.anomalies.count(query)
    if status not in (OPEN, ALL):
        found = [anomaly for anomaly in found if anomaly.status == status]
    parts: list[str] = []
    if req.is_coordinator:
        known = services.settings.anomaly_categories or sorted(
            {anomaly.category for anomaly in found}
        )
    else:
        parts.append(para(_("The reports you made, supported (+1) or were assigned.")))
        if any(route.path == "/directory" for route in PAGES.routes):
            directory = _("Open the directory")
            parts.append(f'<p><a href="/directory">{esc(directory)}</a></p>')
        known = sorted({anomaly.category for anomaly in found})
    categories = {"": _("all"), **{name: category_label(name) for name in known}}
    if category and category not in categories:
        categories[category] = category_label(category)
    parts.append(
        '<form method="get" action="/reports" class="filters">'
        + select("status", _("Status"), filters, selected=status)
        + select("category", _("Category"), categories, selected=category)
        + button(_("Filter"))
        + "</form>"
    )
    parts.append(_list(req, found))
    if total > len(found) and status in (OPEN, ALL):
        parts.append(
            para(_("The {shown} oldest of {total} are shown.").format(shown=LIMIT, total=total))
        )
    title = _("Reports") if req.is_coordinator else _("My reports")
    return Page(title, "".join(parts))


@page("/board", title=N_("Open reports"), role=Role.COORDINATOR, nav=True, order=5)
def board(req: WebRequest) -> str:
    """The open reports by age and category, each count a link to the list."""
    open_reports = req.services.anomalies.open_reports()
    oldest = heading(_("Oldest open reports")) + _list(req, open_reports[:OLDEST])
    return _by_age_and_category(req, open_reports) + oldest


def _by_age_and_category(req: WebRequest, open_reports: list[Anomaly]) -> str:
    now = req.now()
    counts: Counter[tuple[str, int]] = Counter(
        (anomaly.category, age_bucket(anomaly.created_at, now)) for anomaly in open_reports
    )
    categories = sorted({category for category, _bucket in counts})
    rows = []
    for category in categories:
        cells = [
            f'<a href="{href("/reports", category=category)}">{esc(category_label(category))}</a>',
            *(str(counts[(category, bucket)]) for bucket in range(len(AGE_BOUNDS))),
            str(sum(counts[(category, bucket)] for bucket in range(len(AGE_BOUNDS)))),
        ]
        rows.append(cells)
    rows.append(
        [
            esc(_("Total")),
            *(
                str(sum(counts[(c, bucket)] for c in categories))
                for bucket in range(len(AGE_BOUNDS))
            ),
            str(len(open_reports)),
        ]
    )
    headers = [_("Category"), *bucket_labels(), _("Total")]
    return table(headers, rows, caption=_("Open reports by age and category"))


def _list(req: WebRequest, found: list[Anomaly]) -> str:
    if not found:
        return para(_("No report matches."))
    now = req.now()
    rows = []
    for anomaly in found:
        number = f'<a href="/report/{anomaly.id}">#{anomaly.id}</a>'
        text = esc(excerpt(anomaly, EXCERPT))
        if anomaly.severity is Severity.URGENT:
            urgent = _("urgent")
            text = f'<span class="urgent">{esc(urgent)}</span> {text}'
        rows.append(
            [
                number,
                text,
                esc(category_label(anomaly.category)),
                esc(status_text(anomaly)),
                esc(age(anomaly.created_at, now)),
                str(anomaly.plus_ones),
                esc(req.name(anomaly.assignee or "")),
            ]
        )
    headers = [
        _("Number"),
        _("Report"),
        _("Category"),
        _("Status"),
        _("Age"),
        _("+1"),
        _("Assigned to"),
    ]
    shown = ngettext("{n} report, oldest first", "{n} reports, oldest first", len(found)).format(
        n=len(found)
    )
    return table(headers, rows, caption=shown)


@page("/reports/{number:\\d+}", title=N_("Report"))
@page("/report/{number:\\d+}", title=N_("Report"))
def report(req: WebRequest) -> Page:
    """One report; also at ``/reports/12``, next to the list at ``/reports``."""
    number = int(req.params["number"])
    services = req.services
    anomaly = services.anomalies.get(number)
    if anomaly is None or not may_see(anomaly, req.user_id, coordinator=req.is_coordinator):
        raise PageNotFound()
    settings = services.settings
    facts = [
        (_("Status"), esc(status_text(anomaly))),
        (_("Category"), esc(category_label(anomaly.category))),
        (_("Severity"), esc(_("urgent") if anomaly.severity is Severity.URGENT else _("normal"))),
        (
            _("Reported by"),
            esc(f"{anomaly.reporter_name or req.name(anomaly.reporter)} ({anomaly.platform})"),
        ),
        (_("Reported on"), esc(when(anomaly.created_at, settings))),
        (_("Assigned to"), esc(req.name(anomaly.assignee) if anomaly.assignee else "—")),
        (_("+1"), str(anomaly.plus_ones)),
    ]
    if anomaly.link:
        facts.append((_("Link"), link(anomaly.link, anomaly.link)))
    if anomaly.note:
        facts.append((_("Note"), esc(anomaly.note)))
    if anomaly.merged_into is not None:
        target = anomaly.merged_into
        facts.append((_("Merged into"), f'<a href="/report/{target}">#{target}</a>'))
    parts = [
        para(anomaly.text or _("[redacted]"), css="report-text"),
        "<dl>" + "".join(f"<dt>{esc(k)}</dt><dd>{v}</dd>" for k, v in facts) + "</dl>",
    ]
    attachments = services.attachments.of(number)
    if attachments:
        items = "".join(
            f"<li>{link(one.attachment.name or one.attachment.url, one.attachment.url)}</li>"
            for one in attachments
        )
        parts.append(heading(_("Attachments")) + f"<ul>{items}</ul>")
    history = services.anomalies.history(number)
    if history:
        lines = "".join(
            f"<li><time>{esc(when(change.at, settings))}</time> · {esc(line)}</li>"
            for change, line in ((c, change_text(c, req.name)) for c in history)
        )
        parts.append(heading(_("History")) + f'<ol class="history">{lines}</ol>')
    parts.append(_actions(req, anomaly))
    title = _("Report #{n}").format(n=number)
    return Page(title, "".join(parts))


def _actions(req: WebRequest, anomaly: Anomaly) -> str:
    n = anomaly.id
    forms = []
    if req.is_coordinator:
        if anomaly.status is AnomalyStatus.NEW:
            forms.append(command_form(req, f"ack {n}", _("Acknowledge")))
        if anomaly.is_open:
            forms.append(
                command_form(
                    req, f"resolve {n}", _("Resolve"), field=_("Resolution note"), required=False
                )
            )
            forms.append(
                command_form(
                    req,
                    f"assign {n}",
                    _("Assign"),
                    field=_("Person"),
                    placeholder=_("e.g. slack:U024BE7LH"),
                )
            )
            forms.append(
                command_form(req, f"merge {n} into", _("Merge"), field=_("Into report number"))
            )
            forms.append(command_form(req, f"reject anomaly#{n}", _("Reject"), field=_("Why?")))
        elif anomaly.status is not AnomalyStatus.MERGED:
            forms.append(command_form(req, f"reopen {n}", _("Reopen")))
    forms.append(
        command_form(req, f"comment {n}", _("Comment"), field=_("Your comment"), multiline=True)
    )
    return heading(_("Actions")) + f'<div class="actions">{"".join(forms)}</div>'
