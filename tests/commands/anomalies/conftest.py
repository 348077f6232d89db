"""Fixtures for the anomaly tests: the storage backends' ``database_url`` (SQLite, and
PostgreSQL when TEST_DATABASE_URL is set)."""

from tests.storage.conftest import database_url

__all__ = ["database_url"]
