"""Anomaly reports, stored."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator
from datetime import datetime
from typing import Protocol

from chatbot.anomalies import Anomaly, AnomalyChange, AnomalyQuery, AnomalyStatus, Severity
from chatbot.ids import UserId
from chatbot.ports.escalation import EscalationQueries


class AnomalyRepository(EscalationQueries, Protocol):
    """Anomaly reports. Writes commit before returning; status changes check the current
    status inside the transaction, so two coordinators can't both close a report."""

    def create(self, anomaly: Anomaly) -> Anomaly: ...

    def get(self, anomaly_id: int) -> Anomaly | None: ...

    def open_reports(self) -> list[Anomaly]:
        """Every open report, oldest first (to find similar ones)."""
        ...

    def find(self, query: AnomalyQuery) -> list[Anomaly]: ...

    def count(self, query: AnomalyQuery) -> int:
        """How many reports :meth:`find` would return without ``limit`` and ``offset``."""
        ...

    def support(self, anomaly_id: int, user_id: UserId, *, at: datetime) -> tuple[Anomaly, bool]:
        """Add ``user_id``'s +1 to an open report; False if they had already (or reported it).
        Raises :class:`~chatbot.errors.NotFound`, or :class:`~chatbot.errors.InvalidTransition`
        for a closed report."""
        ...

    def merge(
        self, anomaly_id: int, *, into: int, actor: UserId, at: datetime, any_open: bool = False
    ) -> Anomaly:
        """Mark ``anomaly_id`` (still new; any open one with ``any_open``) a duplicate of the
        open report ``into``, in one transaction: its reporter and supporters become ``into``'s
        supporters and its comments move there; returns ``into``. Raises
        :class:`~chatbot.errors.NotFound` or :class:`~chatbot.errors.InvalidTransition`."""
        ...

    def duplicates_of(self, anomaly_id: int) -> list[int]:
        """The reports merged into ``anomaly_id``, by number."""
        ...

    def set_category(
        self, anomaly_id: int, category: str, *, actor: UserId, at: datetime
    ) -> tuple[Anomaly, bool]:
        """Change the report's category; False if it already was ``category``."""
        ...

    def set_severity(
        self, anomaly_id: int, severity: Severity, *, actor: UserId, at: datetime
    ) -> tuple[Anomaly, bool]:
        """Change the report's severity; False if it already was ``severity``."""
        ...

    def change_status(
        self,
        anomaly_id: int,
        status: AnomalyStatus,
        *,
        actor: UserId,
        at: datetime,
        note: str = "",
        only_from: Collection[AnomalyStatus] | None = None,
    ) -> Anomaly:
        """Raises :class:`~chatbot.errors.NotFound`, or :class:`~chatbot.errors.InvalidTransition`
        when :func:`can_change` says no or the current status is not in ``only_from`` (``reopen``
        only from closed ones)."""
        ...

    def assign(
        self, anomaly_id: int, assignee: UserId, *, actor: UserId, at: datetime
    ) -> Anomaly: ...

    def comment(self, anomaly_id: int, text: str, *, actor: UserId, at: datetime) -> Anomaly: ...

    def redact(self, anomaly_id: int, *, actor: UserId, at: datetime) -> Anomaly:
        """Blank the report's text, link and comments and delete its attachments; the record
        and its history stay."""
        ...

    def history(self, anomaly_id: int) -> list[AnomalyChange]:
        """Oldest first."""
        ...

    def created_between(self, start: datetime, end: datetime) -> list[Anomaly]:
        """Reports created in ``[start, end)`` (merged ones excluded), oldest first."""
        ...

    def closed_between(self, start: datetime, end: datetime) -> list[Anomaly]:
        """Reports resolved or rejected in ``[start, end)``, oldest first."""
        ...

    def oldest_open(self, *, limit: int) -> list[Anomaly]: ...

    def count_open(self) -> int: ...

    def most_supported(self, *, limit: int) -> list[Anomaly]:
        """Open reports with at least one +1, most supported first."""
        ...

    def each(self) -> Iterator[Anomaly]:
        """Every report, by number, read in batches (for exports)."""
        ...

    def response_delays(self, start: datetime, end: datetime) -> list[float]:
        """Seconds from creation to first acknowledgement (or resolution/rejection) of the
        reports created in ``[start, end)``, acknowledged before ``end``."""
        ...

    def resolution_delays(self, start: datetime, end: datetime) -> list[float]:
        """Seconds from creation to resolution of the reports resolved in ``[start, end)``."""
        ...

    def first_responses(self, anomaly_ids: Iterable[int]) -> dict[int, datetime]:
        """When each report was first acknowledged (or resolved/rejected); absent: never."""
        ...
