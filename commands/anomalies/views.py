"""How reports look in chat: one line in a list, or the full card with its history."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime
from types import MappingProxyType

from chatbot.anomalies import Anomaly, AnomalyChange, AnomalyStatus, Severity, category_label
from chatbot.attachments import StoredAttachment
from chatbot.context import Context
from chatbot.i18n import _
from chatbot.reply import (
    Actions,
    Block,
    BulletList,
    Button,
    Fields,
    Heading,
    Link,
    Reply,
    Text,
)
from chatbot.report_words import age, change_text, excerpt, status_text, when
from chatbot.services import Services
from commands.anomalies.attachments import attachment_links, count_mark
from commands.anomalies.escalation import escalation_text

_names: ContextVar[Mapping[str, str]] = ContextVar("report_names", default=MappingProxyType({}))


@contextmanager
def naming(names: Mapping[str, str]) -> Iterator[None]:
    """Show people by ``names`` (from :func:`chatbot.messenger.display_names`) in the lines and
    cards built meanwhile: People is asynchronous, the renderers (digest sections) are not, so
    the names are looked up first, as the language is chosen before the texts are translated."""
    token = _names.set(names)
    try:
        yield
    finally:
        _names.reset(token)


def name_of(user_id: str) -> str:
    """``user_id``'s display name, if looked up (see :func:`naming`); else the id itself."""
    return _names.get().get(user_id, user_id)


def line(
    anomaly: Anomaly, now: datetime, *, with_status: bool = False, attachments: int = 0
) -> str:
    """``#12 · Site or premises · urgent · 3 days · +2 · 📎 1 · The door...``"""
    parts = [f"#{anomaly.id}", category_label(anomaly.category)]
    if anomaly.severity is Severity.URGENT:
        parts.append(_("URGENT"))
    if with_status:
        parts.append(status_text(anomaly))
    parts.append(age(anomaly.created_at, now))
    if anomaly.plus_ones:
        parts.append(f"+{anomaly.plus_ones}")
    if anomaly.assignee:
        parts.append(f"→ {name_of(anomaly.assignee)}")
    if attachments:
        parts.append(count_mark(attachments))
    parts.append(excerpt(anomaly))
    return " · ".join(parts)


def lines(services: Services, reports: Sequence[Anomaly]) -> tuple[str, ...]:
    """:func:`line` of each report, with how many files are attached to it (one query)."""
    counts = services.attachments.counts([r.id for r in reports if r.id])
    now = services.clock.now()
    return tuple(line(r, now, attachments=counts.get(r.id or 0, 0)) for r in reports)


def card(
    ctx: Context,
    anomaly: Anomaly,
    history: list[AnomalyChange],
    *,
    supporter: bool,
    attachments: Sequence[StoredAttachment] = (),
) -> Reply:
    settings = ctx.services.settings
    items = [
        (_("Status"), status_text(anomaly)),
        (_("Category"), category_label(anomaly.category)),
        (_("Severity"), _("urgent") if anomaly.severity is Severity.URGENT else _("normal")),
        (_("Reported by"), f"{anomaly.reporter_name or anomaly.reporter} ({anomaly.platform})"),
        (_("Reported on"), when(anomaly.created_at, settings)),
    ]
    if anomaly.assignee:
        items.append((_("Assigned to"), name_of(anomaly.assignee)))
    if anomaly.plus_ones:
        items.append((_("+1"), str(anomaly.plus_ones)))
    if anomaly.note:
        items.append((_("Note"), anomaly.note))
    if anomaly.merged_into:
        items.append((_("Duplicate of"), f"#{anomaly.merged_into}"))
    duplicates = ctx.services.anomalies.duplicates_of(anomaly.id) if anomaly.id else []
    if duplicates:
        items.append((_("Duplicates"), ", ".join(f"#{n}" for n in duplicates)))
    escalated = escalation_text(anomaly)
    if escalated and anomaly.escalated_at:
        items.append((_("Escalated"), f"{escalated} · {when(anomaly.escalated_at, settings)}"))
    return Reply.of(
        Heading(_("Report #{n}").format(n=anomaly.id)),
        Text(_("[redacted]") if anomaly.redacted else anomaly.text),
        Fields(tuple(items)),
        Link(anomaly.link, anomaly.link) if anomaly.link else None,
        Link(_("Original message"), anomaly.permalink) if anomaly.permalink else None,
        *attachment_links(attachments),
        _history_block(ctx, history),
        _buttons(ctx, anomaly, supporter=supporter),
    )


def _history_block(ctx: Context, history: list[AnomalyChange]) -> Block | None:
    shown = [c for c in history if c.kind != "created"][-8:]
    if not shown:
        return None
    settings = ctx.services.settings
    return BulletList(tuple(f"{when(c.at, settings)} · {change_text(c, name_of)}" for c in shown))


def _buttons(ctx: Context, anomaly: Anomaly, *, supporter: bool) -> Actions | None:
    n = str(anomaly.id)
    buttons: list[Button] = []
    if ctx.is_coordinator:
        if anomaly.status is AnomalyStatus.NEW:
            buttons.append(Button(_("Acknowledge"), "ack", n))
        if anomaly.is_open:
            buttons.append(Button(_("Resolve"), "resolve", n))
            buttons.append(Button(_("Reject"), "reject", f"anomaly#{n}"))
        elif anomaly.status is not AnomalyStatus.MERGED:
            buttons.append(Button(_("Reopen"), "reopen", n))
    if anomaly.is_open and not supporter and anomaly.reporter != ctx.user_id:
        buttons.append(Button(_("+1"), "plusone", n))
    buttons.append(Button(_("Comment"), "comment", n))
    return Actions(tuple(buttons)) if buttons else None
