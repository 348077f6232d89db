"""Create the SQLAlchemy engine for a database URL (SQLite by default, PostgreSQL by URL)."""

from __future__ import annotations

import logging
import sqlite3
import time
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.pool import StaticPool

from chatbot.offloop import WORKERS
from chatbot.private_files import private_file

log = logging.getLogger(__name__)

SQLITE_BUSY_TIMEOUT_SECONDS = 15.0
WRITE = {"storage_write": True}
"""Execution options for a connection that will write: SQLite then takes the write lock at
``BEGIN`` (``BEGIN IMMEDIATE``) instead of failing later when a reader upgrades to a writer."""


def normalize_url(url: str | URL) -> URL:
    """``postgresql://`` and ``postgres://`` use psycopg 3; other URLs are kept as given."""
    if isinstance(url, str) and url.startswith("postgres://"):
        url = "postgresql://" + url.removeprefix("postgres://")
    parsed = make_url(url)
    if parsed.drivername == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed


def make_engine(url: str | URL) -> Engine:
    parsed = normalize_url(url)
    if parsed.get_backend_name() == "sqlite":
        return _sqlite_engine(parsed)
    # A connection for each core worker thread (chatbot.offloop), beside the loop's own.
    return create_engine(parsed, pool_pre_ping=True, pool_size=WORKERS)


def _use_wal(cursor: Any) -> None:
    """Switch the file to WAL (it stays so). SQLite answers "locked" at once, without waiting,
    when another process holds the file while the mode changes: two bots starting together on a
    new database. So retry for a while."""
    deadline = time.monotonic() + SQLITE_BUSY_TIMEOUT_SECONDS
    while True:
        try:
            if cursor.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
                cursor.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def _sqlite_engine(url: URL) -> Engine:
    database = url.database or ""
    in_memory = database in ("", ":memory:") or database.startswith("file::memory:")
    kwargs: dict[str, Any] = {
        "connect_args": {"timeout": SQLITE_BUSY_TIMEOUT_SECONDS, "check_same_thread": False}
    }
    if in_memory:
        kwargs["poolclass"] = StaticPool  # one connection, or every connection is a new db
    else:
        kwargs["pool_size"] = WORKERS  # one per core worker thread (chatbot.offloop)
        private_file(Path(database))  # internal numbers, reports: SQLite's -wal/-shm follow
    engine = create_engine(url, **kwargs)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy's "begin" event below issue BEGIN, not the sqlite3 module (which
        # defers it and skips it for DDL).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute("PRAGMA foreign_keys = ON")
            cursor.execute(f"PRAGMA busy_timeout = {int(SQLITE_BUSY_TIMEOUT_SECONDS * 1000)}")
            if not in_memory:
                _use_wal(cursor)
                cursor.execute("PRAGMA synchronous = NORMAL")
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        immediate = connection.get_execution_options().get("storage_write", False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine
