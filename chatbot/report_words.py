"""How reports read in every renderer (chat cards, digests, web pages): dates in the bot's time
zone, ages, statuses and history lines, with the same message ids so all read alike."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_datetime

from chatbot.anomalies import Anomaly, AnomalyChange, AnomalyStatus, category_label
from chatbot.i18n import _, current_language, ngettext
from chatbot.settings import Settings

_STATUSES = frozenset(s.value for s in AnomalyStatus)


def when(moment: datetime, settings: Settings) -> str:
    """A date and time in the bot's time zone, as people there read it."""
    return format_datetime(
        moment,
        format="d MMM yyyy HH:mm",
        tzinfo=ZoneInfo(settings.bot_timezone),
        locale=current_language(),
    )


def day(moment: datetime, settings: Settings) -> str:
    local = moment.astimezone(ZoneInfo(settings.bot_timezone))
    return format_date(local.date(), format="medium", locale=current_language())


def age_days(created_at: datetime, now: datetime) -> int:
    return max((now - created_at).days, 0)


def age(created_at: datetime, now: datetime) -> str:
    days = age_days(created_at, now)
    if days == 0:
        return _("today")
    return ngettext("{n} day", "{n} days", days).format(n=days)


def excerpt(anomaly: Anomaly, length: int = 60) -> str:
    """The start of the report's text on one line (or a redaction mark)."""
    if anomaly.redacted:
        return _("[redacted]")
    flat = " ".join(anomaly.text.split())
    return flat if len(flat) <= length else flat[: length - 1].rstrip() + "…"


def status_text(anomaly: Anomaly) -> str:
    return _(anomaly.status.label)


def change_text(change: AnomalyChange, name: Callable[[str], str] = str) -> str:
    """One history line; ``name`` turns the ids of people into their display names."""
    who = name(change.actor)
    match change.kind:
        case "created":
            return _("reported by {who}").format(who=who)
        case "comment":
            text = change.text or _("[redacted]")
            return _("{who}: {text}").format(who=who, text=text)
        case "plusone":
            return _("+1 from {who}").format(who=who)
        case "assigned":
            return _("assigned to {user} by {who}").format(user=name(change.text), who=who)
        case "redacted":
            return _("text redacted by {who}").format(who=who)
        case "merged":
            return _("merged into {target} by {who}").format(target=change.text, who=who)
        case "category":
            category = category_label(change.text)
            return _("filed under {category} by {who}").format(category=category, who=who)
        case "severity" if change.text == "urgent":
            return _("marked urgent by {who}").format(who=who)
    status = _(AnomalyStatus(change.kind).label) if change.kind in _STATUSES else change.kind
    if change.text:
        return _("{status} by {who}: {note}").format(status=status, who=who, note=change.text)
    return _("{status} by {who}").format(status=status, who=who)
