"""The schema: migrations match the models, run twice safely, and the engine is set up right."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from chatbot.directory import Entry
from storage import open_storage, upgrade
from storage.engine import make_engine, normalize_url
from storage.migrate import alembic_config, current_revision, head_revision, upgrade_engine
from storage.tables import metadata
from tests.storage.samples import ANA, AT


def test_migrations_create_exactly_the_models(database_url: str) -> None:
    upgrade(database_url)
    engine = make_engine(database_url)
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            assert compare_metadata(context, metadata) == []
        assert current_revision(engine) == head_revision()
    finally:
        engine.dispose()


def test_the_migrations_have_a_single_head() -> None:
    """Two migrations revising the same one leave two heads: the next one must merge them."""
    heads = ScriptDirectory.from_config(alembic_config()).get_heads()
    assert len(heads) == 1, f"several heads {sorted(heads)}: add a migration merging them"
    assert head_revision() == frozenset(heads)


def test_entries_the_demo_seeding_wrote_are_marked_demo_by_the_migration(
    database_url: str,
) -> None:
    engine = make_engine(database_url)
    try:
        upgrade_engine(engine, "0004")  # 0003 and 0005 not yet applied: no demo column
        with engine.begin() as connection:
            for entry_id, name in [(1, "CAF"), (2, "CPAM"), (3, "Mairie")]:
                connection.exec_driver_sql(
                    "INSERT INTO entry (id, name, name_key, aliases, theme, phones, email, url,"
                    " address, hours, notes, visibility)"
                    f" VALUES ({entry_id}, '{name}', '{name.lower()}', '', '', '', '', '', '',"
                    " '', '', 'public')"
                )
            for entry_id, kind, actor in [
                (1, "created", "system:demo"),
                (2, "created", "system:demo"),
                (2, "updated", "console:ana"),  # a person changed it: real data now
                (3, "created", "system:cli"),
            ]:
                connection.exec_driver_sql(
                    "INSERT INTO entry_change (entry_id, entry_name, kind, actor, at, field,"
                    f" old, new) VALUES ({entry_id}, 'x', '{kind}', '{actor}',"
                    " '2024-03-01 09:30:00+00:00', '', '', '')"
                )
        upgrade_engine(engine)
    finally:
        engine.dispose()

    storage = open_storage(database_url)
    try:
        assert [(e.name, e.demo) for e in storage.directory.all()] == [
            ("CAF", True),
            ("CPAM", False),
            ("Mairie", False),
        ]
    finally:
        storage.close()


def test_opening_twice_keeps_the_data(database_url: str) -> None:
    first = open_storage(database_url)
    first.directory.add(Entry(name="CPAM"), actor=ANA, at=AT)
    first.close()

    again = open_storage(database_url)
    upgrade(database_url)
    try:
        assert [e.name for e in again.directory.all()] == ["CPAM"]
    finally:
        again.close()


def test_two_processes_starting_at_once_both_get_the_schema(database_url: str) -> None:
    with ThreadPoolExecutor(max_workers=2) as pool:
        storages = list(pool.map(open_storage, [database_url, database_url]))
    try:
        storages[0].directory.add(Entry(name="CPAM"), actor=ANA, at=AT)
        assert storages[1].directory.get_by_name("cpam") is not None
    finally:
        for storage in storages:
            storage.close()


def test_sqlite_file_gets_its_folder_wal_and_foreign_keys(tmp_path: Path) -> None:
    path = tmp_path / "nested" / "folder" / "bot.db"
    storage = open_storage(f"sqlite:///{path}")
    try:
        with storage.engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert (connection.exec_driver_sql("PRAGMA busy_timeout").scalar() or 0) > 0
    finally:
        storage.close()
    assert path.exists()


def test_in_memory_sqlite_works_for_quick_trials() -> None:
    storage = open_storage("sqlite://")
    try:
        storage.directory.add(Entry(name="CPAM"), actor=ANA, at=AT)
        assert storage.directory.get_by_name("cpam") is not None
    finally:
        storage.close()


def test_postgresql_urls_use_psycopg_3() -> None:
    assert normalize_url("postgresql://u@h/db").drivername == "postgresql+psycopg"
    assert normalize_url("postgres://u@h/db").drivername == "postgresql+psycopg"
    assert normalize_url("postgresql+psycopg://u@h/db").drivername == "postgresql+psycopg"
    assert normalize_url("sqlite:///x.db").drivername == "sqlite"
