"""Anomaly reports (implements chatbot.anomalies.AnomalyRepository).

Status changes lock the report's row (``SELECT ... FOR UPDATE`` on PostgreSQL, the write lock on
SQLite) and check the transition inside the transaction. Digest queries are bounded by their
period or by the open reports, through indexes: their cost does not grow with the history.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Engine, delete, func, or_, update
from sqlmodel import Session, col, select

from chatbot.anomalies import (
    OPEN_STATUSES,
    Anomaly,
    AnomalyChange,
    AnomalyQuery,
    AnomalyStatus,
    Severity,
    can_change,
)
from chatbot.commands import MAX_NUMBER
from chatbot.errors import InvalidTransition, NotFound
from chatbot.ids import ConversationId, UserId
from storage import anomaly_timings
from storage.attachments_repo import delete_attachments
from storage.escalation_repo import AnomalyEscalations
from storage.misc_repos import _insert
from storage.sessions import Sessions
from storage.tables import AnomalyChangeRow, AnomalyRow, AnomalySupporterRow, table_of

_OPEN = [status.value for status in OPEN_STATUSES]
_BATCH = 500


class SqlAnomalies(AnomalyEscalations):
    def __init__(self, engine: Engine) -> None:
        self._sessions = Sessions(engine)

    def create(self, anomaly: Anomaly) -> Anomaly:
        with self._sessions.write() as session:
            row = AnomalyRow(
                text=anomaly.text,
                category=anomaly.category,
                severity=anomaly.severity.value,
                link=anomaly.link,
                reporter=anomaly.reporter,
                reporter_name=anomaly.reporter_name,
                platform=anomaly.platform,
                conversation_id=anomaly.conversation_id,
                permalink=anomaly.permalink,
                created_at=anomaly.created_at,
                status=anomaly.status.value,
                updated_at=anomaly.updated_at,
                closed_at=anomaly.closed_at,
                assignee=anomaly.assignee,
                note=anomaly.note,
                merged_into=anomaly.merged_into,
                redacted=anomaly.redacted,
                plus_ones=0,
            )
            session.add(row)
            session.flush()
            _log(session, row.id, "created", anomaly.reporter, anomaly.created_at)
            return _record(row, ())

    def get(self, anomaly_id: int) -> Anomaly | None:
        if not 0 < anomaly_id <= MAX_NUMBER:  # the largest id a column holds
            return None
        with self._sessions.read() as session:
            row = session.get(AnomalyRow, anomaly_id)
            return None if row is None else _records(session, [row])[0]

    def open_reports(self) -> list[Anomaly]:
        return self._select(
            lambda q: q.where(col(AnomalyRow.status).in_(_OPEN)).order_by(
                col(AnomalyRow.created_at), col(AnomalyRow.id)
            )
        )

    def find(self, query: AnomalyQuery) -> list[Anomaly]:
        def build(q: Any) -> Any:
            order = (
                (col(AnomalyRow.created_at), col(AnomalyRow.id))
                if query.oldest_first
                else (col(AnomalyRow.created_at).desc(), col(AnomalyRow.id).desc())
            )
            return _matching(q, query).order_by(*order).offset(query.offset).limit(query.limit)

        return self._select(build)

    def count(self, query: AnomalyQuery) -> int:
        with self._sessions.read() as session:
            counted = _matching(select(func.count()).select_from(AnomalyRow), query)
            return session.exec(counted).one()

    def support(self, anomaly_id: int, user_id: UserId, *, at: datetime) -> tuple[Anomaly, bool]:
        with self._sessions.write() as session:
            row = _locked(session, anomaly_id)
            current = AnomalyStatus(row.status)
            if not current.is_open:
                raise InvalidTransition(anomaly_id, current, current, merged_into=row.merged_into)
            added = row.reporter != user_id and self._add_supporter(session, row, user_id, at)
            if added:
                _log(session, anomaly_id, "plusone", user_id, at)
            session.flush()
            return _records(session, [row])[0], added

    def merge(
        self, anomaly_id: int, *, into: int, actor: UserId, at: datetime, any_open: bool = False
    ) -> Anomaly:
        if anomaly_id == into:
            raise ValueError("a report cannot be merged into itself")
        with self._sessions.write() as session:
            # Lock in id order, so two merges in opposite directions cannot deadlock.
            rows = {i: _locked(session, i) for i in sorted((anomaly_id, into))}
            source, target = rows[anomaly_id], rows[into]
            current = AnomalyStatus(source.status)
            allowed = current.is_open if any_open else can_change(current, AnomalyStatus.MERGED)
            if not allowed:
                raise InvalidTransition(
                    anomaly_id, current, AnomalyStatus.MERGED, merged_into=source.merged_into
                )
            if not AnomalyStatus(target.status).is_open:
                raise InvalidTransition(
                    into,
                    AnomalyStatus(target.status),
                    AnomalyStatus.MERGED,
                    merged_into=target.merged_into,
                )
            source.status = AnomalyStatus.MERGED.value
            source.merged_into = into
            source.updated_at = source.closed_at = at
            supporters = [UserId(source.reporter), *_supporter_ids(session, [anomaly_id])[0]]
            newly = [
                user
                for user in supporters
                if user != target.reporter and self._add_supporter(session, target, user, at)
            ]
            connection = session.connection()  # its supporters and comments move too
            connection.execute(
                delete(table_of(AnomalySupporterRow)).where(
                    col(AnomalySupporterRow.anomaly_id) == anomaly_id
                )
            )
            source.plus_ones = 0
            connection.execute(
                update(table_of(AnomalyChangeRow))
                .where(col(AnomalyChangeRow.anomaly_id) == anomaly_id)
                .where(col(AnomalyChangeRow.kind) == "comment")
                .values(anomaly_id=into)
            )
            _log(session, anomaly_id, "merged", actor, at, f"#{into}")
            if UserId(source.reporter) in newly:  # a second duplicate of theirs adds nothing
                _log(session, into, "plusone", UserId(source.reporter), at, f"#{anomaly_id}")
            session.flush()
            return _records(session, [target])[0]

    def duplicates_of(self, anomaly_id: int) -> list[int]:
        with self._sessions.read() as session:
            query = (
                select(AnomalyRow.id)
                .where(col(AnomalyRow.merged_into) == anomaly_id)
                .order_by(col(AnomalyRow.id))
            )
            return [i for i in session.exec(query) if i is not None]

    def set_category(
        self, anomaly_id: int, category: str, *, actor: UserId, at: datetime
    ) -> tuple[Anomaly, bool]:
        with self._sessions.write() as session:
            row = _locked(session, anomaly_id)
            changed = row.category != category
            if changed:
                row.category = category
                row.updated_at = at
                _log(session, anomaly_id, "category", actor, at, category)
            session.flush()
            return _records(session, [row])[0], changed

    def set_severity(
        self, anomaly_id: int, severity: Severity, *, actor: UserId, at: datetime
    ) -> tuple[Anomaly, bool]:
        with self._sessions.write() as session:
            row = _locked(session, anomaly_id)
            changed = row.severity != severity.value
            if changed:
                row.severity = severity.value
                row.updated_at = at
                _log(session, anomaly_id, "severity", actor, at, severity.value)
            session.flush()
            return _records(session, [row])[0], changed

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
        with self._sessions.write() as session:
            row = _locked(session, anomaly_id)
            current = AnomalyStatus(row.status)
            if not can_change(current, status) or (
                only_from is not None and current not in only_from
            ):
                raise InvalidTransition(anomaly_id, current, status, merged_into=row.merged_into)
            row.status = status.value
            row.updated_at = at
            row.closed_at = None if status.is_open else at
            row.note = note
            _log(session, anomaly_id, status.value, actor, at, note)
            session.flush()
            return _records(session, [row])[0]

    def assign(self, anomaly_id: int, assignee: UserId, *, actor: UserId, at: datetime) -> Anomaly:
        with self._sessions.write() as session:
            row = _locked(session, anomaly_id)
            row.assignee = assignee
            row.updated_at = at
            _log(session, anomaly_id, "assigned", actor, at, assignee)
            session.flush()
            return _records(session, [row])[0]

    def comment(self, anomaly_id: int, text: str, *, actor: UserId, at: datetime) -> Anomaly:
        with self._sessions.write() as session:
            row = _locked(session, anomaly_id)
            _log(session, anomaly_id, "comment", actor, at, text)
            return _records(session, [row])[0]

    def redact(self, anomaly_id: int, *, actor: UserId, at: datetime) -> Anomaly:
        with self._sessions.write() as session:
            row = _locked(session, anomaly_id)
            row.text = row.link = ""
            row.redacted = True
            row.updated_at = at
            session.connection().execute(
                update(table_of(AnomalyChangeRow))
                .where(col(AnomalyChangeRow.anomaly_id) == anomaly_id)
                .where(col(AnomalyChangeRow.kind) == "comment")
                .values(text="")
            )
            delete_attachments(session, anomaly_id)
            _log(session, anomaly_id, "redacted", actor, at)
            session.flush()
            return _records(session, [row])[0]

    def history(self, anomaly_id: int) -> list[AnomalyChange]:
        query = (
            select(AnomalyChangeRow)
            .where(col(AnomalyChangeRow.anomaly_id) == anomaly_id)
            .order_by(col(AnomalyChangeRow.at), col(AnomalyChangeRow.id))
        )
        with self._sessions.read() as session:
            return [
                AnomalyChange(
                    anomaly_id=row.anomaly_id,
                    kind=row.kind,
                    actor=UserId(row.actor),
                    at=row.at,
                    text=row.text,
                )
                for row in session.exec(query)
            ]

    def created_between(self, start: datetime, end: datetime) -> list[Anomaly]:
        return self._select(
            lambda q: (
                q.where(col(AnomalyRow.created_at) >= start)
                .where(col(AnomalyRow.created_at) < end)
                .where(col(AnomalyRow.status) != AnomalyStatus.MERGED.value)
                .order_by(col(AnomalyRow.created_at), col(AnomalyRow.id))
            )
        )

    def closed_between(self, start: datetime, end: datetime) -> list[Anomaly]:
        return self._select(
            lambda q: (
                q.where(col(AnomalyRow.closed_at) >= start)
                .where(col(AnomalyRow.closed_at) < end)
                # Not "status IN (...)": the planner would walk the status index (most of the
                # history) instead of the closed_at range (the period).
                .where(col(AnomalyRow.status) != AnomalyStatus.MERGED.value)
                .order_by(col(AnomalyRow.closed_at), col(AnomalyRow.id))
            )
        )

    def oldest_open(self, *, limit: int) -> list[Anomaly]:
        return self.find(AnomalyQuery(open_only=True, oldest_first=True, limit=limit))

    def count_open(self) -> int:
        query = (
            select(func.count()).select_from(AnomalyRow).where(col(AnomalyRow.status).in_(_OPEN))
        )
        with self._sessions.read() as session:
            return session.exec(query).one()

    def most_supported(self, *, limit: int) -> list[Anomaly]:
        return self._select(
            lambda q: (
                q.where(col(AnomalyRow.status).in_(_OPEN))
                .where(col(AnomalyRow.plus_ones) > 0)
                .order_by(
                    col(AnomalyRow.plus_ones).desc(), col(AnomalyRow.created_at), col(AnomalyRow.id)
                )
                .limit(limit)
            )
        )

    def each(self) -> Iterator[Anomaly]:
        last = 0
        while True:
            batch = self._select(
                lambda q, after=last: (
                    q.where(col(AnomalyRow.id) > after).order_by(col(AnomalyRow.id)).limit(_BATCH)
                )
            )
            yield from batch
            if len(batch) < _BATCH:
                return
            last = batch[-1].id or 0

    def response_delays(self, start: datetime, end: datetime) -> list[float]:
        return anomaly_timings.response_delays(self._sessions, start, end)

    def resolution_delays(self, start: datetime, end: datetime) -> list[float]:
        return anomaly_timings.resolution_delays(self._sessions, start, end)

    def first_responses(self, anomaly_ids: Iterable[int]) -> dict[int, datetime]:
        return anomaly_timings.first_responses(self._sessions, anomaly_ids)

    def _add_supporter(self, session: Session, row: AnomalyRow, user_id: str, at: datetime) -> bool:
        statement = (
            _insert(self._sessions.engine, AnomalySupporterRow)
            .values(anomaly_id=row.id, user_id=user_id, at=at)
            .on_conflict_do_nothing(index_elements=["anomaly_id", "user_id"])
            .returning(table_of(AnomalySupporterRow).c.user_id)
        )
        added = session.connection().execute(statement).first() is not None
        if added:
            row.plus_ones += 1
        return added

    def _select(self, build: Any) -> list[Anomaly]:
        with self._sessions.read() as session:
            rows = list(session.exec(build(select(AnomalyRow))))
            return _records(session, rows)


def _locked(session: Session, anomaly_id: int) -> AnomalyRow:
    if not 0 < anomaly_id <= MAX_NUMBER:  # the largest id a column holds
        raise NotFound("report", anomaly_id)
    row = session.get(AnomalyRow, anomaly_id, with_for_update=True)
    if row is None:
        raise NotFound("report", anomaly_id)
    return row


def _matching(q: Any, query: AnomalyQuery) -> Any:
    """``q`` narrowed to the reports ``query``'s filters select."""
    if query.open_only:
        q = q.where(col(AnomalyRow.status).in_(_OPEN))
    elif query.closed_only:
        q = q.where(col(AnomalyRow.status).not_in([*_OPEN, AnomalyStatus.MERGED.value]))
    else:
        q = q.where(col(AnomalyRow.status) != AnomalyStatus.MERGED.value)
    if query.category:
        q = q.where(col(AnomalyRow.category) == query.category)
    if query.since is not None:
        q = q.where(col(AnomalyRow.created_at) >= query.since)
    if query.involving is not None:
        who = query.involving
        supported = select(col(AnomalySupporterRow.anomaly_id)).where(
            col(AnomalySupporterRow.user_id) == who
        )
        q = q.where(
            or_(
                col(AnomalyRow.reporter) == who,
                col(AnomalyRow.assignee) == who,
                col(AnomalyRow.id).in_(supported),
            )
        )
    return q


def _log(
    session: Session, anomaly_id: int | None, kind: str, actor: str, at: datetime, text: str = ""
) -> None:
    session.add(
        AnomalyChangeRow(anomaly_id=anomaly_id or 0, kind=kind, actor=actor, at=at, text=text)
    )


def _supporter_ids(session: Session, ids: Sequence[int]) -> list[tuple[UserId, ...]]:
    """The supporters of each report in ``ids``, first first (one query per 500 reports)."""
    found: dict[int, list[UserId]] = {i: [] for i in ids}
    for start in range(0, len(ids), _BATCH):
        chunk = list(ids[start : start + _BATCH])
        query = (
            select(AnomalySupporterRow)
            .where(col(AnomalySupporterRow.anomaly_id).in_(chunk))
            .order_by(col(AnomalySupporterRow.at), col(AnomalySupporterRow.user_id))
        )
        for supporter in session.exec(query):
            found[supporter.anomaly_id].append(UserId(supporter.user_id))
    return [tuple(found[i]) for i in ids]


def _records(session: Session, rows: Iterable[AnomalyRow]) -> list[Anomaly]:
    rows = list(rows)
    with_supporters = [r.id or 0 for r in rows if r.plus_ones]
    supporters = dict(zip(with_supporters, _supporter_ids(session, with_supporters), strict=True))
    return [_record(row, supporters.get(row.id or 0, ())) for row in rows]


def _record(row: AnomalyRow, supporters: tuple[UserId, ...]) -> Anomaly:
    return Anomaly(
        id=row.id,
        text=row.text,
        category=row.category,
        severity=Severity(row.severity),
        link=row.link,
        reporter=UserId(row.reporter),
        reporter_name=row.reporter_name,
        platform=row.platform,
        conversation_id=ConversationId(row.conversation_id),
        permalink=row.permalink,
        created_at=row.created_at,
        status=AnomalyStatus(row.status),
        updated_at=row.updated_at,
        closed_at=row.closed_at,
        assignee=UserId(row.assignee) if row.assignee else None,
        note=row.note,
        merged_into=row.merged_into,
        redacted=row.redacted,
        supporters=supporters,
        escalation_level=row.escalation_level,
        escalated_at=row.escalated_at,
    )
