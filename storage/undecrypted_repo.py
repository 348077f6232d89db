"""Encrypted Matrix events waiting for their room key (see :mod:`adapters.matrix.undecrypted`)."""

from __future__ import annotations

import json
import logging
from datetime import datetime

from sqlalchemy import Engine, delete
from sqlmodel import col, select

from chatbot.ports import UndecryptedEvent
from storage.misc_repos import _insert
from storage.sessions import Sessions
from storage.tables import UndecryptedEventRow, table_of

log = logging.getLogger(__name__)

_table = table_of(UndecryptedEventRow)


class SqlUndecryptedEvents:
    def __init__(self, engine: Engine) -> None:
        self._sessions = Sessions(engine)

    def keep(self, event: UndecryptedEvent) -> None:
        statement = (
            _insert(self._sessions.engine, UndecryptedEventRow)
            .values(
                event_id=event.event_id,
                room_id=event.room_id,
                session_id=event.session_id,
                payload=json.dumps(event.event),
                sent_at=event.sent_at,
            )
            .on_conflict_do_nothing(index_elements=["event_id"])
        )
        with self._sessions.write() as session:
            session.connection().execute(statement)

    def waiting(self, *, session_id: str | None = None) -> list[UndecryptedEvent]:
        query = select(UndecryptedEventRow).order_by(
            col(UndecryptedEventRow.sent_at), col(UndecryptedEventRow.event_id)
        )
        if session_id is not None:
            query = query.where(col(UndecryptedEventRow.session_id) == session_id)
        with self._sessions.read() as session:
            events = [_event(row) for row in session.exec(query)]
        return [event for event in events if event is not None]

    def remove(self, event_id: str) -> None:
        with self._sessions.write() as session:
            session.connection().execute(
                delete(_table).where(col(UndecryptedEventRow.event_id) == event_id)
            )

    def drop_sent_before(self, moment: datetime) -> int:
        with self._sessions.write() as session:
            result = session.connection().execute(
                delete(_table).where(col(UndecryptedEventRow.sent_at) < moment)
            )
        return int(result.rowcount or 0)


def _event(row: UndecryptedEventRow) -> UndecryptedEvent | None:
    try:
        payload = json.loads(row.payload)
    except ValueError:
        log.warning("ignoring the unreadable undecrypted event %s", row.event_id)
        return None
    return UndecryptedEvent(
        event_id=row.event_id,
        room_id=row.room_id,
        session_id=row.session_id,
        event=payload if isinstance(payload, dict) else {},
        sent_at=row.sent_at,
    )
