"""Where each thread hangs for each recipient (see :mod:`chatbot.ports.threads`)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Engine, func, update
from sqlmodel import col, select

from chatbot.ports import ThreadRoot
from storage.misc_repos import _insert
from storage.sessions import Sessions
from storage.tables import ReportThreadRow, table_of


class SqlThreads:
    def __init__(self, engine: Engine) -> None:
        self._sessions = Sessions(engine)

    def root(self, thread: str, recipient: str) -> ThreadRoot | None:
        query = select(ReportThreadRow).where(
            col(ReportThreadRow.thread) == thread, col(ReportThreadRow.recipient) == recipient
        )
        with self._sessions.read() as session:
            row = session.exec(query).first()
            if row is None:
                return None
            return ThreadRoot(
                ref=row.ref, message_id=row.message_id, card_message_id=row.card_message_id
            )

    def remember(
        self,
        thread: str,
        recipient: str,
        *,
        ref: str,
        message_id: int,
        card: bool,
        at: datetime,
    ) -> None:
        values = {
            "ref": ref,
            "message_id": message_id,
            "card_message_id": message_id if card else None,
            "at": at,
        }
        upsert = (
            _insert(self._sessions.engine, ReportThreadRow)
            .values(thread=thread, recipient=recipient, **values)
            .on_conflict_do_update(index_elements=["thread", "recipient"], set_=values)
        )
        with self._sessions.write() as session:
            session.connection().execute(upsert)

    def card_shown(self, thread: str, recipient: str, *, message_id: int) -> None:
        newest = func.coalesce(col(ReportThreadRow.card_message_id), 0)
        statement = (
            update(table_of(ReportThreadRow))
            .where(col(ReportThreadRow.thread) == thread)
            .where(col(ReportThreadRow.recipient) == recipient)
            .where(newest < message_id)
            .values(card_message_id=message_id)
        )
        with self._sessions.write() as session:
            session.connection().execute(statement)
