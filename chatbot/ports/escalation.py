"""What escalation and the "waiting for a long time" digest section read from the reports."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from chatbot.anomalies import Anomaly, AnomalyChange
from chatbot.ids import UserId


class EscalationQueries(Protocol):
    """Part of :class:`~chatbot.ports.AnomalyRepository`: bounded by the open reports."""

    def unacknowledged_urgent(self, *, below_level: int) -> list[Anomaly]:
        """Urgent reports still ``new`` whose escalation level is under ``below_level``, oldest
        first."""
        ...

    def mark_escalated(self, anomaly_id: int, *, level: int, at: datetime) -> bool:
        """Record escalation ``level`` if the report is still new and one level below;
        False when another process did it first or someone acknowledged it."""
        ...

    def untouched_since(
        self, before: datetime, *, limit: int
    ) -> tuple[int, list[tuple[Anomaly, datetime]]]:
        """How many open normal reports were last touched (creation, status change,
        assignment, comment) before ``before``, and the ``limit`` least recently touched of
        them with that time: a digest reads a page, whatever the backlog."""
        ...

    def changes_involving(
        self, user: UserId, start: datetime, end: datetime
    ) -> list[tuple[Anomaly, AnomalyChange]]:
        """Changes in ``[start, end)`` by others to reports ``user`` reported, supported or is
        assigned, oldest first."""
        ...
