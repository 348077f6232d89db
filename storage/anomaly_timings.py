"""How fast reports are taken in hand and resolved: the digest's medians and the export's dates.

Each query is bounded by a period through an index (``anomaly.created_at``,
``anomaly.closed_at``, then ``anomaly_change.anomaly_id``), so it costs what the period holds,
never the whole history.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import func
from sqlmodel import col, select

from chatbot.anomalies import AnomalyStatus
from storage.sessions import Sessions
from storage.tables import AnomalyChangeRow, AnomalyRow

RESPONSE_KINDS = (
    AnomalyStatus.ACKNOWLEDGED.value,
    AnomalyStatus.RESOLVED.value,
    AnomalyStatus.REJECTED.value,
)
"""History kinds that mean a coordinator took the report in hand (its first acknowledgement;
a report resolved or rejected straight away counts too)."""


def response_delays(sessions: Sessions, start: datetime, end: datetime) -> list[float]:
    """Seconds from creation to first acknowledgement, for the reports created in
    ``[start, end)`` (merged ones excluded) acknowledged before ``end``."""
    first = func.min(col(AnomalyChangeRow.at))
    query = (
        select(col(AnomalyRow.created_at), first)
        .join(AnomalyChangeRow, col(AnomalyChangeRow.anomaly_id) == col(AnomalyRow.id))
        .where(col(AnomalyRow.created_at) >= start)
        .where(col(AnomalyRow.created_at) < end)
        .where(col(AnomalyRow.status) != AnomalyStatus.MERGED.value)
        .where(col(AnomalyChangeRow.kind).in_(RESPONSE_KINDS))
        .where(col(AnomalyChangeRow.at) < end)
        .group_by(col(AnomalyRow.id), col(AnomalyRow.created_at))
    )
    with sessions.read() as session:
        return [
            max((acked - created).total_seconds(), 0.0)
            for created, acked in session.exec(query)
            if acked is not None
        ]


def resolution_delays(sessions: Sessions, start: datetime, end: datetime) -> list[float]:
    """Seconds from creation to resolution, for the reports resolved in ``[start, end)``."""
    query = (
        select(col(AnomalyRow.created_at), col(AnomalyRow.closed_at), col(AnomalyRow.status))
        .where(col(AnomalyRow.closed_at) >= start)
        .where(col(AnomalyRow.closed_at) < end)
        # The closed_at range, not the status index (most of the history), bounds the query.
        .where(col(AnomalyRow.status) != AnomalyStatus.MERGED.value)
    )
    with sessions.read() as session:
        return [
            max((closed - created).total_seconds(), 0.0)
            for created, closed, status in session.exec(query)
            if closed is not None and status == AnomalyStatus.RESOLVED.value
        ]


def first_responses(sessions: Sessions, anomaly_ids: Iterable[int]) -> dict[int, datetime]:
    """When each of ``anomaly_ids`` was first acknowledged (absent: never)."""
    ids = sorted(set(anomaly_ids))
    found: dict[int, datetime] = {}
    for begin in range(0, len(ids), 500):
        query = (
            select(col(AnomalyChangeRow.anomaly_id), func.min(col(AnomalyChangeRow.at)))
            .where(col(AnomalyChangeRow.anomaly_id).in_(ids[begin : begin + 500]))
            .where(col(AnomalyChangeRow.kind).in_(RESPONSE_KINDS))
            .group_by(col(AnomalyChangeRow.anomaly_id))
        )
        with sessions.read() as session:
            found.update((anomaly_id, at) for anomaly_id, at in session.exec(query) if at)
    return found
