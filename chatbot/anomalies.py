"""Anomaly reports: what volunteers see going wrong, followed up by coordinators.

A report is ``new``, then ``acknowledged``, and ends ``resolved`` or ``rejected`` (a coordinator
may reopen it). A report found to repeat an open one is ``merged`` into it: its reporter joins
the other report's supporters (the "+1"s), and its text stays readable. The reporter and the
supporters are the report's followers: they hear of every status change.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import datetime

from chatbot.i18n import N_, _
from chatbot.ids import ConversationId, UserId


class AnomalyStatus(enum.StrEnum):
    NEW = "new"
    ACKNOWLEDGED = "acknowledged"
    RESOLVED = "resolved"
    REJECTED = "rejected"
    MERGED = "merged"

    @property
    def is_open(self) -> bool:
        return self in OPEN_STATUSES

    @property
    def label(self) -> str:
        """How users read the status (a message id: translate before showing)."""
        return _STATUS_LABELS[self]


OPEN_STATUSES = frozenset({AnomalyStatus.NEW, AnomalyStatus.ACKNOWLEDGED})

_STATUS_LABELS = {
    AnomalyStatus.NEW: N_("new"),
    AnomalyStatus.ACKNOWLEDGED: N_("acknowledged"),
    AnomalyStatus.RESOLVED: N_("resolved"),
    AnomalyStatus.REJECTED: N_("rejected"),
    AnomalyStatus.MERGED: N_("merged"),
}

_TRANSITIONS = {
    AnomalyStatus.NEW: frozenset(
        {
            AnomalyStatus.ACKNOWLEDGED,
            AnomalyStatus.RESOLVED,
            AnomalyStatus.REJECTED,
            AnomalyStatus.MERGED,
        }
    ),
    AnomalyStatus.ACKNOWLEDGED: frozenset({AnomalyStatus.RESOLVED, AnomalyStatus.REJECTED}),
    AnomalyStatus.RESOLVED: frozenset({AnomalyStatus.ACKNOWLEDGED}),
    AnomalyStatus.REJECTED: frozenset({AnomalyStatus.ACKNOWLEDGED}),
    AnomalyStatus.MERGED: frozenset(),
}


def can_change(current: AnomalyStatus, target: AnomalyStatus) -> bool:
    """Whether a report may go from ``current`` to ``target`` (reopening goes back to
    ``acknowledged``: a coordinator has seen it)."""
    return target in _TRANSITIONS[current]


def next_statuses(current: AnomalyStatus) -> list[AnomalyStatus]:
    """The statuses a report may go to from ``current``, in the enum's order."""
    return [status for status in AnomalyStatus if status in _TRANSITIONS[current]]


DEFAULT_CATEGORY_LABELS = {
    "site": N_("Site or premises"),
    "info-erronee": N_("Wrong information"),
    "materiel": N_("Equipment"),
    "securite": N_("Safety"),
    "autre": N_("Other"),
}
"""The categories when ``ANOMALY_CATEGORIES`` names none, and how users read them."""


def category_label(category: str) -> str:
    """How users read ``category``: its translated label, else the category as configured."""
    label = DEFAULT_CATEGORY_LABELS.get(category)
    return _(label) if label else category


class Severity(enum.StrEnum):
    NORMAL = "normal"
    URGENT = "urgent"


@dataclass(frozen=True, kw_only=True)
class Anomaly:
    id: int | None = None
    text: str
    """What the reporter wrote, tags removed; "" once redacted."""
    category: str
    severity: Severity = Severity.NORMAL
    link: str = ""
    reporter: UserId
    reporter_name: str = ""
    platform: str
    conversation_id: ConversationId
    permalink: str | None = None
    created_at: datetime
    status: AnomalyStatus = AnomalyStatus.NEW
    updated_at: datetime | None = None
    """The last status change, assignment or redaction."""
    closed_at: datetime | None = None
    """When it was resolved, rejected or merged (None while open)."""
    assignee: UserId | None = None
    note: str = ""
    """The resolution note or the rejection reason."""
    merged_into: int | None = None
    redacted: bool = False
    supporters: tuple[UserId, ...] = field(default=())
    """Who added a +1 (or whose duplicate was merged here), first first."""
    escalation_level: int = 0
    """Unacknowledged urgent reports are sent again: 1 to coordinators, 2 to admins."""
    escalated_at: datetime | None = None

    @property
    def is_open(self) -> bool:
        return self.status.is_open

    @property
    def plus_ones(self) -> int:
        return len(self.supporters)

    @property
    def followers(self) -> tuple[UserId, ...]:
        """The reporter then the supporters, once each: who hears of status changes."""
        return tuple(dict.fromkeys((self.reporter, *self.supporters)))


def may_see(anomaly: Anomaly, user_id: str, *, coordinator: bool) -> bool:
    """THE rule for who may read report ``anomaly`` (its text, history and comments) or act on
    it as a volunteer, in chat and on the web alike: coordinators see every report; anyone else
    only those they reported, +1'd (the supporters, who hear of each change anyway) or were
    assigned. Everyone else is told the report does not exist, as for a missing number, so that
    numbers cannot be tried one by one."""
    return coordinator or user_id in anomaly.followers or user_id == anomaly.assignee


@dataclass(frozen=True, kw_only=True)
class AnomalyChange:
    """One line of a report's history: created, acknowledged, comment, +1, redacted..."""

    anomaly_id: int
    kind: str
    actor: UserId
    at: datetime
    text: str = ""


@dataclass(frozen=True, kw_only=True)
class AnomalyQuery:
    """Filters of ``anomalies`` (all optional; newest first unless ``oldest_first``)."""

    open_only: bool = True
    closed_only: bool = False
    """Resolved or rejected reports only (``anomalies fermés``); merged ones are never listed."""
    involving: UserId | None = None
    """Reported, +1'd or assigned to this person."""
    category: str | None = None
    since: datetime | None = None
    limit: int = 50
    offset: int = 0
    """How many matching reports to skip first (the earlier pages)."""
    oldest_first: bool = False


@dataclass(frozen=True, kw_only=True)
class AnomalyReported:
    """Published once a report is committed."""

    anomaly: Anomaly


@dataclass(frozen=True, kw_only=True)
class AnomalyStatusChanged:
    """Published once a coordinator's status change is committed (``anomaly.status`` is the
    new status)."""

    anomaly: Anomaly
    actor: UserId
    at: datetime
