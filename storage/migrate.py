"""Run the Alembic migrations from code: at startup and for ``chatbot db upgrade``."""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine

from storage.engine import WRITE, make_engine

log = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
_PG_MIGRATION_LOCK = 0x63686174  # any constant: serialises concurrent starts on PostgreSQL
_PG_STARTUP_LOCK = _PG_MIGRATION_LOCK + 1  # another one: held around the migration's own lock


def alembic_config(connection: Connection | None = None, *, url: str = "") -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    if url:
        config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    config.attributes["connection"] = connection
    return config


def head_revision() -> frozenset[str]:
    """The latest revisions (one per branch: capabilities may add parallel branches)."""
    return frozenset(ScriptDirectory.from_config(alembic_config()).get_heads())


def current_revision(engine: Engine) -> frozenset[str]:
    with engine.connect() as connection:
        return frozenset(MigrationContext.configure(connection).get_current_heads())


def upgrade_engine(engine: Engine, revision: str = "heads") -> None:
    """Bring the schema to ``revision`` in one transaction (a no-op when already there).

    Two processes starting at once are serialised: an advisory lock on PostgreSQL, the
    ``BEGIN IMMEDIATE`` write lock on SQLite.
    """
    with engine.execution_options(**WRITE).begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_PG_MIGRATION_LOCK})")
        command.upgrade(alembic_config(connection), revision)
    log.debug("database schema at %s", revision)


@contextmanager
def startup_lock(engine: Engine) -> Iterator[None]:
    """Held while a starting bot migrates, records its first start and seeds the demo
    directory, so bots starting together on a new database take turns (else both seed).

    PostgreSQL: a session advisory lock on a connection of its own (released if the process
    dies). SQLite file: an exclusive lock on ``<database>.lock`` beside it (not the database's
    own write lock: the seeding writes on other connections while this is held).
    """
    if engine.dialect.name == "postgresql":
        with engine.connect() as connection:
            connection.exec_driver_sql(f"SELECT pg_advisory_lock({_PG_STARTUP_LOCK})")
            connection.commit()  # hold the lock, not an idle transaction
            try:
                yield
            finally:
                connection.exec_driver_sql(f"SELECT pg_advisory_unlock({_PG_STARTUP_LOCK})")
                connection.commit()
        return
    database = engine.url.database or ""
    in_memory = database in ("", ":memory:") or database.startswith("file::memory:")
    if engine.dialect.name != "sqlite" or in_memory:
        yield  # an in-memory database is this engine's alone
        return
    with open(f"{database}.lock", "a+b") as lock_file:
        _lock_exclusively(lock_file.fileno())
        yield  # closing the file releases the lock


def _lock_exclusively(fd: int) -> None:
    if sys.platform == "win32":
        import msvcrt

        msvcrt.locking(fd, msvcrt.LK_LOCK, 1)  # retries for 10 s, then raises
    else:
        import fcntl

        fcntl.flock(fd, fcntl.LOCK_EX)


def upgrade(url: str) -> None:
    """Migrate the database at ``url`` to the latest schema (``chatbot db upgrade``)."""
    engine = make_engine(url)
    try:
        upgrade_engine(engine)
    finally:
        engine.dispose()
