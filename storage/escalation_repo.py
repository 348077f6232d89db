"""What escalation, the "waiting for a long time" section and daily summaries read (part of
:class:`storage.anomalies_repo.SqlAnomalies`, implementing chatbot.ports.escalation).

Each query starts from the open reports (or one person's reports), never the whole history.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy import case, func, or_, type_coerce, update
from sqlmodel import col, select

from chatbot.anomalies import OPEN_STATUSES, Anomaly, AnomalyChange, AnomalyStatus, Severity
from chatbot.ids import UserId
from storage.sessions import Sessions
from storage.tables import AnomalyChangeRow, AnomalyRow, AnomalySupporterRow
from storage.types import UTCDateTime

_OPEN = [status.value for status in OPEN_STATUSES]
_SUMMARISED = ("acknowledged", "resolved", "rejected", "merged", "assigned", "comment")
"""The changes people are told of one by one (see commands.anomalies.notify)."""


class AnomalyEscalations:
    """Queries of :class:`~storage.anomalies_repo.SqlAnomalies`, which provides these two."""

    _sessions: Sessions
    _select: Callable[[Any], list[Anomaly]]

    def unacknowledged_urgent(self, *, below_level: int) -> list[Anomaly]:
        return self._select(
            lambda q: q.where(
                col(AnomalyRow.status) == AnomalyStatus.NEW.value,
                col(AnomalyRow.severity) == Severity.URGENT.value,
                col(AnomalyRow.escalation_level) < below_level,
            ).order_by(col(AnomalyRow.created_at), col(AnomalyRow.id))
        )

    def mark_escalated(self, anomaly_id: int, *, level: int, at: datetime) -> bool:
        statement = (
            update(AnomalyRow)
            .where(
                col(AnomalyRow.id) == anomaly_id,
                col(AnomalyRow.status) == AnomalyStatus.NEW.value,
                col(AnomalyRow.escalation_level) == level - 1,
            )
            .values(escalation_level=level, escalated_at=at)
        )
        with self._sessions.write() as session:
            return bool(session.connection().execute(statement).rowcount)

    def untouched_since(
        self, before: datetime, *, limit: int
    ) -> tuple[int, list[tuple[Anomaly, datetime]]]:
        open_normal = (
            col(AnomalyRow.status).in_(_OPEN),
            col(AnomalyRow.severity) == Severity.NORMAL.value,
        )
        last_comment = (
            select(
                col(AnomalyChangeRow.anomaly_id).label("anomaly_id"),
                func.max(col(AnomalyChangeRow.at)).label("at"),
            )
            .where(
                col(AnomalyChangeRow.kind) == "comment",
                col(AnomalyChangeRow.anomaly_id).in_(
                    select(col(AnomalyRow.id)).where(*open_normal)
                ),
            )
            .group_by(col(AnomalyChangeRow.anomaly_id))
            .subquery()
        )
        changed = func.coalesce(col(AnomalyRow.updated_at), col(AnomalyRow.created_at))
        touched = type_coerce(
            case((last_comment.c.at > changed, last_comment.c.at), else_=changed), UTCDateTime()
        )
        waiting: sa.Select[Any, datetime] = (
            sa.select(col(AnomalyRow.id).label("id"), touched.label("touched"))
            .outerjoin(last_comment, last_comment.c.anomaly_id == col(AnomalyRow.id))
            .where(*open_normal, changed < before)
            .where(or_(last_comment.c.at.is_(None), last_comment.c.at < before))
        )
        with self._sessions.read() as session:
            connection = session.connection()
            count = connection.execute(
                sa.select(func.count()).select_from(waiting.subquery())
            ).scalar_one()
            first = [
                (row.id, row.touched)
                for row in connection.execute(
                    waiting.order_by(touched, col(AnomalyRow.id)).limit(limit)
                )
            ]
        ids = [anomaly_id for anomaly_id, _at in first]
        reports = {a.id: a for a in self._select(lambda q: q.where(col(AnomalyRow.id).in_(ids)))}
        return count, [(reports[anomaly_id], at) for anomaly_id, at in first]

    def changes_involving(
        self, user: UserId, start: datetime, end: datetime
    ) -> list[tuple[Anomaly, AnomalyChange]]:
        involved = (
            select(col(AnomalyRow.id))
            .where(or_(col(AnomalyRow.reporter) == user, col(AnomalyRow.assignee) == user))
            .union(
                select(col(AnomalySupporterRow.anomaly_id)).where(
                    col(AnomalySupporterRow.user_id) == user
                )
            )
        )
        with self._sessions.read() as session:
            changes = [
                AnomalyChange(
                    anomaly_id=row.anomaly_id,
                    kind=row.kind,
                    actor=UserId(row.actor),
                    at=row.at,
                    text=row.text,
                )
                for row in session.exec(
                    select(AnomalyChangeRow)
                    .where(
                        col(AnomalyChangeRow.anomaly_id).in_(involved),
                        col(AnomalyChangeRow.at) >= start,
                        col(AnomalyChangeRow.at) < end,
                        col(AnomalyChangeRow.actor) != user,
                        col(AnomalyChangeRow.kind).in_(_SUMMARISED),
                    )
                    .order_by(col(AnomalyChangeRow.at), col(AnomalyChangeRow.id))
                )
            ]
        ids = sorted({change.anomaly_id for change in changes})
        reports = {a.id: a for a in self._select(lambda q: q.where(col(AnomalyRow.id).in_(ids)))}
        return [(reports[c.anomaly_id], c) for c in changes if c.anomaly_id in reports]
