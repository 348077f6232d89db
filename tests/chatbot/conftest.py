"""Fixtures for the core's tests: the storage backends' ``database_url`` (SQLite, and
PostgreSQL when TEST_DATABASE_URL is set), for the outbox shared by several bot processes."""

from tests.storage.conftest import database_url

__all__ = ["database_url"]
