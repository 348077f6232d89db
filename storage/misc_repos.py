"""Small repositories: missed searches, role overrides, handled events, adapter state."""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from sqlalchemy import Engine, func, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, SQLModel, col, select

from chatbot.directory import ADD_ALIAS, MissedSearch, SuggestionStatus
from chatbot.ids import UserId
from chatbot.parsing import fold
from chatbot.roles import Role
from storage.sessions import FreshCache, Sessions
from storage.tables import (
    EntryRow,
    EventRow,
    MissedSearchRow,
    RoleRow,
    StateRow,
    SuggestionRow,
    table_of,
)

log = logging.getLogger(__name__)


def _insert(engine: Engine, model: type[SQLModel]) -> Any:
    """A Core INSERT with ``on_conflict_do_*`` for the engine's dialect (SQLite or PostgreSQL)."""
    dialect = postgresql if engine.dialect.name == "postgresql" else sqlite
    return dialect.insert(table_of(model))


def query_key(query: str) -> str:
    """How missed queries are grouped: folded (no case, no accents), single spaces."""
    return " ".join(fold(query).split())


class SqlMissedSearches:
    def __init__(self, engine: Engine) -> None:
        self._sessions = Sessions(engine)

    def record(self, query: str, *, user_id: UserId, at: datetime) -> None:
        key = query_key(query)
        if not key:
            return
        with self._sessions.write() as session:
            session.add(MissedSearchRow(query=key, user_id=user_id, at=at))

    def take_recent(self, user_id: UserId, *, since: datetime) -> str | None:
        mine = (col(MissedSearchRow.user_id) == user_id) & ~col(MissedSearchRow.followed_up)
        with self._sessions.write() as session:
            latest = session.exec(
                select(MissedSearchRow)
                .where(mine, col(MissedSearchRow.at) >= since)
                .order_by(col(MissedSearchRow.at).desc(), col(MissedSearchRow.id).desc())
            ).first()
            if latest is None:
                return None
            session.execute(update(table_of(MissedSearchRow)).where(mine).values(followed_up=True))
            return latest.query

    def top(self, *, since: datetime, limit: int) -> list[MissedSearch]:
        """The most frequent misses, leaving out the queries a coordinator settled: added as
        an alias (so they now find the entry) or whose alias proposal was ignored."""
        count = func.count().label("count")
        last_at = func.max(col(MissedSearchRow.at)).label("last_at")
        with self._sessions.read() as session:
            query = (
                select(col(MissedSearchRow.query), count, last_at)
                .where(col(MissedSearchRow.at) >= since)
                .where(col(MissedSearchRow.query).not_in(settled_queries(session)))
                .group_by(col(MissedSearchRow.query))
                .order_by(count.desc(), last_at.desc(), col(MissedSearchRow.query))
                .limit(limit)
            )
            return [
                MissedSearch(query=query, count=n, last_at=last)
                for query, n, last in session.exec(query)
            ]


def settled_queries(session: Session) -> list[str]:
    """The keys (:func:`query_key`) of every entry's aliases and of every alias proposal a
    coordinator approved or ignored: no longer searches that "found nothing"."""
    decided = select(col(SuggestionRow.value)).where(
        col(SuggestionRow.field) == ADD_ALIAS,
        col(SuggestionRow.status) != SuggestionStatus.PENDING.value,
    )
    keys = {query_key(value) for value in session.exec(decided)}
    for aliases in session.exec(select(col(EntryRow.aliases))):
        keys.update(query_key(alias) for alias in (aliases or "").split("|") if alias.strip())
    keys.discard("")
    return sorted(keys)


ROLES_FRESHNESS_SECONDS = 5.0
"""How late a role given in another bot process takes effect here."""


class SqlRoles:
    """Role overrides, read on every message: kept in memory, refreshed after writes and every
    few seconds."""

    def __init__(self, engine: Engine) -> None:
        self._sessions = Sessions(engine)
        self._cache = FreshCache(self._sessions, seconds=ROLES_FRESHNESS_SECONDS, load=self._load)

    def get(self, user_id: UserId) -> Role | None:
        return self._cache.get().get(user_id)

    def set(self, user_id: UserId, role: Role, *, actor: UserId, at: datetime) -> None:
        values = {"role": role.name.lower(), "set_by": actor, "set_at": at}
        statement = (
            _insert(self._sessions.engine, RoleRow)
            .values(user_id=user_id, **values)
            .on_conflict_do_update(index_elements=["user_id"], set_=values)
        )
        with self._sessions.write() as session:
            session.connection().execute(statement)
        log.info("role of %s set to %s by %s", user_id, role.name.lower(), actor)

    def all(self) -> dict[UserId, Role]:
        return dict(self._cache.get())

    def _load(self) -> dict[UserId, Role]:
        with self._sessions.read() as session:
            rows = session.exec(select(RoleRow)).all()
            return {UserId(row.user_id): role for row in rows if (role := _role(row)) is not None}


def _role(row: RoleRow) -> Role | None:
    try:
        return Role[row.role.upper()]
    except KeyError:
        log.warning("ignoring unknown stored role %r for %s", row.role, row.user_id)
        return None


class SqlEventLog:
    """Handled platform events; the primary key makes ``first_time`` atomic across processes."""

    def __init__(self, engine: Engine) -> None:
        self._sessions = Sessions(engine)

    def first_time(self, key: str, *, at: datetime) -> bool:
        statement = (
            _insert(self._sessions.engine, EventRow)
            .values(key=key, at=at)
            .on_conflict_do_nothing(index_elements=["key"])
            .returning(table_of(EventRow).c.key)
        )
        with self._sessions.write() as session:
            return session.connection().execute(statement).first() is not None


class SqlStateStore:
    def __init__(self, engine: Engine) -> None:
        self._sessions = Sessions(engine)

    def get(self, key: str) -> str | None:
        with self._sessions.read() as session:
            row = session.get(StateRow, key)
            return None if row is None else row.value

    def set(self, key: str, value: str) -> None:
        statement = (
            _insert(self._sessions.engine, StateRow)
            .values(key=key, value=value)
            .on_conflict_do_update(index_elements=["key"], set_={"value": value})
        )
        with self._sessions.write() as session:
            session.connection().execute(statement)
