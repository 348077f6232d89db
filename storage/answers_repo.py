"""Shared answers (see :class:`chatbot.ports.SharedAnswers`): kept by a random id, taken once."""

from __future__ import annotations

import json
import secrets
from datetime import datetime
from typing import Any

from sqlalchemy import Engine, delete, insert
from sqlmodel import col

from storage.sessions import Sessions
from storage.tables import SharedAnswerRow, table_of

_table = table_of(SharedAnswerRow)


class SqlSharedAnswers:
    def __init__(self, engine: Engine) -> None:
        self._sessions = Sessions(engine)

    def keep(self, reply: dict[str, Any], *, now: datetime, until: datetime) -> str:
        answer_id = secrets.token_urlsafe(18)
        sweep = delete(_table).where(col(SharedAnswerRow.expires_at) < now)
        row = {"id": answer_id, "reply": json.dumps(reply, ensure_ascii=False), "expires_at": until}
        with self._sessions.write() as session:
            connection = session.connection()
            connection.execute(sweep)
            connection.execute(insert(_table).values(**row))
        return answer_id

    def take(self, answer_id: str, *, now: datetime) -> dict[str, Any] | None:
        # DELETE ... RETURNING: of two clicks racing on two processes, one gets the answer.
        statement = (
            delete(_table)
            .where(col(SharedAnswerRow.id) == answer_id)
            .returning(_table.c.reply, _table.c.expires_at)
        )
        with self._sessions.write() as session:
            row = session.connection().execute(statement).first()
        if row is None or row.expires_at < now:
            return None
        reply: dict[str, Any] = json.loads(row.reply)
        return reply
