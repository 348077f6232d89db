"""Open questions (see :mod:`chatbot.prompts`): shared by every bot process on the database."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Delete, Engine, delete
from sqlmodel import col

from chatbot.ids import ConversationId, UserId
from chatbot.ports import OpenQuestion
from storage.misc_repos import _insert
from storage.sessions import Sessions
from storage.tables import OpenQuestionRow, table_of

_table = table_of(OpenQuestionRow)


class SqlOpenQuestions:
    def __init__(self, engine: Engine) -> None:
        self._sessions = Sessions(engine)

    def ask(self, user_id: UserId, conversation_id: ConversationId, question: OpenQuestion) -> None:
        values = {
            "command_line": question.command_line,
            "rest_of_line": question.rest_of_line,
            "asked_at": question.asked_at,
            "expires_at": question.expires_at,
        }
        upsert = (
            _insert(self._sessions.engine, OpenQuestionRow)
            .values(user_id=user_id, conversation_id=conversation_id, **values)
            .on_conflict_do_update(index_elements=["user_id", "conversation_id"], set_=values)
        )
        # Questions nobody answered would otherwise stay forever.
        sweep = delete(_table).where(col(OpenQuestionRow.expires_at) < question.asked_at)
        with self._sessions.write() as session:
            connection = session.connection()
            connection.execute(sweep)
            connection.execute(upsert)

    def take(
        self, user_id: UserId, conversation_id: ConversationId, *, now: datetime
    ) -> OpenQuestion | None:
        # DELETE ... RETURNING: of two processes taking the same row, only one gets it back.
        statement = self._delete(user_id, conversation_id).returning(
            _table.c.command_line, _table.c.rest_of_line, _table.c.asked_at, _table.c.expires_at
        )
        with self._sessions.write() as session:
            row = session.connection().execute(statement).first()
        if row is None or row.expires_at < now:
            return None
        return OpenQuestion(
            command_line=row.command_line,
            rest_of_line=row.rest_of_line,
            asked_at=row.asked_at,
            expires_at=row.expires_at,
        )

    def cancel(self, user_id: UserId, conversation_id: ConversationId, *, now: datetime) -> bool:
        return self.take(user_id, conversation_id, now=now) is not None

    def _delete(self, user_id: UserId, conversation_id: ConversationId) -> Delete:
        return delete(_table).where(
            col(OpenQuestionRow.user_id) == user_id,
            col(OpenQuestionRow.conversation_id) == conversation_id,
        )
