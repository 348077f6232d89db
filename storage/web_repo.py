"""Sign-in links and sessions of the web cockpit (see :mod:`chatbot.ports.web`)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Engine, delete, update
from sqlmodel import col, select

from chatbot.ids import UserId
from chatbot.ports.web import WebSession
from storage.sessions import Sessions
from storage.tables import WebLinkRow, WebSessionRow, table_of


class SqlWebSessions:
    def __init__(self, engine: Engine) -> None:
        self._sessions = Sessions(engine)

    def add_link(
        self, token_hash: str, user_id: UserId, *, at: datetime, expires_at: datetime
    ) -> None:
        with self._sessions.write() as session:
            session.add(
                WebLinkRow(
                    token_hash=token_hash, user_id=user_id, created_at=at, expires_at=expires_at
                )
            )

    def use_link(self, token_hash: str, *, at: datetime) -> UserId | None:
        # One UPDATE that only an unused, unexpired link matches: of two processes using the
        # same link at once, the database lets one change the row.
        claim = (
            update(table_of(WebLinkRow))
            .where(
                col(WebLinkRow.token_hash) == token_hash,
                col(WebLinkRow.used_at).is_(None),
                col(WebLinkRow.expires_at) > at,
            )
            .values(used_at=at)
        )
        with self._sessions.write() as session:
            if session.connection().execute(claim).rowcount != 1:
                return None
            row = session.get(WebLinkRow, token_hash)
            return None if row is None else UserId(row.user_id)

    def open(
        self,
        session_hash: str,
        user_id: UserId,
        *,
        csrf: str,
        form_key: str,
        at: datetime,
        expires_at: datetime,
    ) -> None:
        with self._sessions.write() as session:
            session.add(
                WebSessionRow(
                    session_hash=session_hash,
                    user_id=user_id,
                    csrf=csrf,
                    form_key=form_key,
                    created_at=at,
                    expires_at=expires_at,
                )
            )

    def get(self, session_hash: str, *, at: datetime) -> WebSession | None:
        query = select(WebSessionRow).where(
            col(WebSessionRow.session_hash) == session_hash, col(WebSessionRow.expires_at) > at
        )
        with self._sessions.read() as session:
            row = session.exec(query).first()
            if row is None:
                return None
            return WebSession(
                user_id=UserId(row.user_id),
                csrf=row.csrf,
                form_key=row.form_key,
                expires_at=row.expires_at,
                language=row.language,
            )

    def set_language(self, session_hash: str, language: str) -> None:
        statement = (
            update(table_of(WebSessionRow))
            .where(col(WebSessionRow.session_hash) == session_hash)
            .values(language=language)
        )
        with self._sessions.write() as session:
            session.connection().execute(statement)

    def close(self, session_hash: str) -> None:
        statement = delete(table_of(WebSessionRow)).where(
            col(WebSessionRow.session_hash) == session_hash
        )
        with self._sessions.write() as session:
            session.connection().execute(statement)

    def purge(self, *, before: datetime) -> int:
        links = delete(table_of(WebLinkRow)).where(col(WebLinkRow.expires_at) < before)
        sessions = delete(table_of(WebSessionRow)).where(col(WebSessionRow.expires_at) < before)
        with self._sessions.write() as session:
            connection = session.connection()
            return connection.execute(links).rowcount + connection.execute(sessions).rowcount
