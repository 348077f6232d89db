"""One ``store`` fixture for every backend: SQLite always, PostgreSQL when a URL is given.

Each PostgreSQL test gets its own schema (``search_path`` set in the URL), dropped afterwards,
so tests stay independent in any order and repeated runs start clean.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest

from storage import Storage, open_storage
from storage.engine import make_engine, normalize_url

PG_SKIP_REASON = (
    "PostgreSQL contract tests skipped: set TEST_DATABASE_URL "
    "(e.g. postgresql://postgres@127.0.0.1:5432/test)"
)


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path_factory.mktemp('db') / 'data' / 'chatbot.db'}"
        return
    base = os.environ.get("TEST_DATABASE_URL")
    if not base:
        pytest.skip(PG_SKIP_REASON)
    schema = f"test_{uuid.uuid4().hex[:16]}"
    admin = make_engine(base)
    with admin.begin() as connection:
        connection.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
    # A session time zone other than UTC proves datetimes come back converted to UTC.
    options = f"-c search_path={schema} -c timezone=Europe/Paris"
    url = normalize_url(base).update_query_dict({"options": options})
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.begin() as connection:
            connection.exec_driver_sql(f'DROP SCHEMA "{schema}" CASCADE')
        admin.dispose()


@pytest.fixture
def store(database_url: str) -> Iterator[Storage]:
    storage = open_storage(database_url)
    try:
        yield storage
    finally:
        storage.close()
