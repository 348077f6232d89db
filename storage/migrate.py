"""Run the Alembic migrations from code: at startup and for ``chatbot db upgrade``."""

from __future__ import annotations

import logging
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


def upgrade(url: str) -> None:
    """Migrate the database at ``url`` to the latest schema (``chatbot db upgrade``)."""
    engine = make_engine(url)
    try:
        upgrade_engine(engine)
    finally:
        engine.dispose()
