"""The outbox (see :mod:`chatbot.outbox`): enqueue once per key, lease, mark sent or failed."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlalchemy import Engine, func, or_, update
from sqlmodel import col, select

from chatbot.ports import OutboxMessage
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
    ) -> bool:
        statement = (
            _insert(self._sessions.engine, OutboxRow)
            .values(
                key=key,
                recipient=recipient,
                to_user=to_user,
                payload=json.dumps(reply, ensure_ascii=False),
                created_at=at,
                next_attempt_at=at,
                attempts=0,
                last_error="",
            )
            .on_conflict_do_nothing(index_elements=["key"])
            .returning(table_of(OutboxRow).c.id)
        )
        with self._sessions.write() as session:
            return session.connection().execute(statement).first() is not None

    def due(self, *, now: datetime, limit: int) -> list[OutboxMessage]:
        query = (
            select(OutboxRow)
            .where(col(OutboxRow.sent_at).is_(None))
            .where(col(OutboxRow.next_attempt_at) <= now)
            .where(or_(col(OutboxRow.lease_until).is_(None), col(OutboxRow.lease_until) < now))
            .order_by(col(OutboxRow.id))
            .limit(limit)
        )
        with self._sessions.read() as session:
            return [
                OutboxMessage(
                    id=row.id or 0,
                    recipient=row.recipient,
                    to_user=row.to_user,
                    reply=json.loads(row.payload),
                    attempts=row.attempts,
                )
                for row in session.exec(query)
            ]

    def claim(self, message_id: int, *, holder: str, now: datetime, until: datetime) -> bool:
        statement = (
            update(table_of(OutboxRow))
            .where(col(OutboxRow.id) == message_id)
            .where(col(OutboxRow.sent_at).is_(None))
            .where(or_(col(OutboxRow.lease_until).is_(None), col(OutboxRow.lease_until) < now))
            .values(lease_holder=holder, lease_until=until)
        )
        with self._sessions.write() as session:
            return session.connection().execute(statement).rowcount == 1

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

    def pending_count(self) -> int:
        query = select(func.count()).select_from(OutboxRow).where(col(OutboxRow.sent_at).is_(None))
        with self._sessions.read() as session:
            return session.exec(query).one()

    def _update(self, message_id: int, **values: Any) -> None:
        statement = (
            update(table_of(OutboxRow)).where(col(OutboxRow.id) == message_id).values(**values)
        )
        with self._sessions.write() as session:
            session.connection().execute(statement)
