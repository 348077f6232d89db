"""People's notification preferences (implements chatbot.ports.preferences.PreferenceRepository)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Engine
from sqlmodel import col, select

from chatbot.ids import UserId
from chatbot.preferences import NotifyMode, Preferences
from storage.misc_repos import _insert
from storage.sessions import Sessions
from storage.tables import NotificationPreferenceRow


class SqlPreferences:
    def __init__(self, engine: Engine) -> None:
        self._sessions = Sessions(engine)

    def get(self, user: UserId) -> Preferences:
        with self._sessions.read() as session:
            row = session.get(NotificationPreferenceRow, user)
            if row is None:
                return Preferences()
            return Preferences(quiet_hours=row.quiet_hours, mode=NotifyMode(row.mode))

    def set_quiet_hours(self, user: UserId, quiet_hours: str | None, *, at: datetime) -> None:
        self._upsert(user, at, quiet_hours=quiet_hours)

    def set_mode(self, user: UserId, mode: NotifyMode, *, at: datetime) -> None:
        self._upsert(user, at, mode=mode.value)

    def with_mode(self, mode: NotifyMode) -> list[UserId]:
        with self._sessions.read() as session:
            rows = session.exec(
                select(col(NotificationPreferenceRow.user_id))
                .where(col(NotificationPreferenceRow.mode) == mode.value)
                .order_by(col(NotificationPreferenceRow.user_id))
            )
            return [UserId(user) for user in rows]

    def _upsert(self, user: UserId, at: datetime, **values: Any) -> None:
        """One statement, so two processes setting at once cannot collide on the key."""
        statement = (
            _insert(self._sessions.engine, NotificationPreferenceRow)
            .values(**{"user_id": user, "mode": NotifyMode.EACH.value, "updated_at": at, **values})
            .on_conflict_do_update(index_elements=["user_id"], set_={"updated_at": at, **values})
        )
        with self._sessions.write() as session:
            session.connection().execute(statement)
