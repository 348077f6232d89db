"""The outbox (see :mod:`chatbot.outbox`): enqueue once per key, lease, mark sent, failed or
dead (a dead letter keeps its reason in ``last_error`` until an admin retries or drops it)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Engine, and_, delete, false, func, not_, or_, update
from sqlmodel import col, select

from chatbot.ports import DeadLetter, OutboxMessage
from storage.misc_repos import _insert
from storage.sessions import Sessions
from storage.tables import OutboxRow, table_of


class SqlOutbox:
    def __init__(self, engine: Engine) -> None:
        self._sessions = Sessions(engine)

    def enqueue(
        self,
        *,
        recipient: str,
        to_user: bool,
        reply: dict[str, Any],
        at: datetime,
        key: str | None = None,
        not_before: datetime | None = None,
        thread: str | None = None,
        card: bool = False,
    ) -> bool:
        statement = (
            _insert(self._sessions.engine, OutboxRow)
            .values(
                key=key,
                recipient=recipient,
                to_user=to_user,
                payload=json.dumps(reply, ensure_ascii=False),
                created_at=at,
                next_attempt_at=not_before or at,
                attempts=0,
                last_error="",
                thread=thread,
                card=card,
            )
            .on_conflict_do_nothing(index_elements=["key"])
            .returning(table_of(OutboxRow).c.id)
        )
        with self._sessions.write() as session:
            return session.connection().execute(statement).first() is not None

    def due(
        self, *, now: datetime, limit: int, platforms: Sequence[str] | None = None
    ) -> list[OutboxMessage]:
        query = (
            select(OutboxRow)
            .where(_waiting(now))
            .where(col(OutboxRow.next_attempt_at) <= now)
            .order_by(col(OutboxRow.id))
            .limit(limit)
        )
        if platforms is not None:
            query = query.where(_on(platforms))
        with self._sessions.read() as session:
            return [
                OutboxMessage(
                    id=row.id or 0,
                    recipient=row.recipient,
                    to_user=row.to_user,
                    reply=json.loads(row.payload),
                    attempts=row.attempts,
                    key=row.key,
                    thread=row.thread,
                    card=row.card,
                )
                for row in session.exec(query)
            ]

    def claim(self, message_id: int, *, holder: str, now: datetime, until: datetime) -> bool:
        statement = (
            update(table_of(OutboxRow))
            .where(col(OutboxRow.id) == message_id)
            .where(_waiting(now))
            .values(lease_holder=holder, lease_until=until)
        )
        with self._sessions.write() as session:
            return session.connection().execute(statement).rowcount == 1

    def renew(self, message_id: int, *, holder: str, until: datetime) -> bool:
        statement = (
            update(table_of(OutboxRow))
            .where(col(OutboxRow.id) == message_id)
            .where(col(OutboxRow.sent_at).is_(None))
            .where(col(OutboxRow.lease_holder) == holder)
            .values(lease_until=until)
        )
        with self._sessions.write() as session:
            return session.connection().execute(statement).rowcount == 1

    def release(self, *, holder: str) -> int:
        statement = (
            update(table_of(OutboxRow))
            .where(col(OutboxRow.sent_at).is_(None))
            .where(col(OutboxRow.lease_holder) == holder)
            .values(lease_holder=None, lease_until=None)
        )
        with self._sessions.write() as session:
            return int(session.connection().execute(statement).rowcount)

    def mark_sent(self, message_id: int, *, at: datetime) -> None:
        self._update(message_id, sent_at=at, lease_holder=None, lease_until=None)

    def mark_failed(self, message_id: int, *, error: str, retry_at: datetime) -> None:
        self._update(
            message_id,
            attempts=col(OutboxRow.attempts) + 1,
            last_error=error,
            next_attempt_at=retry_at,
            lease_holder=None,
            lease_until=None,
        )

    def mark_dead(self, message_id: int, *, error: str, at: datetime) -> None:
        self._update(
            message_id,
            attempts=col(OutboxRow.attempts) + 1,
            last_error=error,
            dead_at=at,
            lease_holder=None,
            lease_until=None,
        )

    def bury_unserved(
        self, *, served: Sequence[str], created_before: datetime, at: datetime, reason: str
    ) -> int:
        statement = (
            update(table_of(OutboxRow))
            .where(_waiting(at))
            .where(col(OutboxRow.created_at) < created_before)
            .values(dead_at=at, last_error=reason)
        )
        if served:
            statement = statement.where(not_(_on(served)))
        with self._sessions.write() as session:
            return int(session.connection().execute(statement).rowcount)

    def pending_count(self) -> int:
        query = (
            select(func.count())
            .select_from(OutboxRow)
            .where(col(OutboxRow.sent_at).is_(None), col(OutboxRow.dead_at).is_(None))
        )
        with self._sessions.read() as session:
            return session.exec(query).one()

    def dead_letters(self, *, limit: int) -> list[DeadLetter]:
        query = (
            select(OutboxRow)
            .where(col(OutboxRow.dead_at).is_not(None))
            .order_by(col(OutboxRow.dead_at).desc(), col(OutboxRow.id).desc())
            .limit(limit)
        )
        with self._sessions.read() as session:
            return [
                DeadLetter(
                    id=row.id or 0,
                    recipient=row.recipient,
                    reply=json.loads(row.payload),
                    reason=row.last_error,
                    attempts=row.attempts,
                    created_at=row.created_at,
                    dead_at=row.dead_at or row.created_at,
                )
                for row in session.exec(query)
            ]

    def dead_count(self) -> int:
        query = select(func.count()).select_from(OutboxRow).where(_dead(None))
        with self._sessions.read() as session:
            return session.exec(query).one()

    def revive(self, message_id: int | None, *, at: datetime) -> int:
        statement = (
            update(table_of(OutboxRow))
            .where(_dead(message_id))
            .values(dead_at=None, attempts=0, next_attempt_at=at, last_error="")
        )
        with self._sessions.write() as session:
            return int(session.connection().execute(statement).rowcount)

    def drop(self, message_id: int | None) -> int:
        statement = delete(table_of(OutboxRow)).where(_dead(message_id))
        with self._sessions.write() as session:
            return int(session.connection().execute(statement).rowcount)

    def _update(self, message_id: int, **values: Any) -> None:
        statement = (
            update(table_of(OutboxRow)).where(col(OutboxRow.id) == message_id).values(**values)
        )
        with self._sessions.write() as session:
            session.connection().execute(statement)


def _waiting(now: datetime) -> ColumnElement[bool]:
    """Not sent, not dead, and no live lease on it."""
    return and_(
        col(OutboxRow.sent_at).is_(None),
        col(OutboxRow.dead_at).is_(None),
        or_(col(OutboxRow.lease_until).is_(None), col(OutboxRow.lease_until) < now),
    )


def _on(platforms: Sequence[str]) -> ColumnElement[bool]:
    """The recipient is on one of ``platforms`` (ids are ``platform:local``)."""
    return or_(
        false(),
        *(col(OutboxRow.recipient).startswith(f"{p}:", autoescape=True) for p in platforms),
    )


def _dead(message_id: int | None) -> ColumnElement[bool]:
    dead = col(OutboxRow.dead_at).is_not(None)
    return dead if message_id is None else and_(dead, col(OutboxRow.id) == message_id)
