"""``chatbot db backup FILE`` and ``chatbot db restore FILE``.

SQLite: an online copy with :meth:`sqlite3.Connection.backup` (the bot may keep running), and a
restore into an empty database only. PostgreSQL: the ``pg_dump`` / ``pg_restore`` lines to use,
built from ``DATABASE_URL`` without its password. The Matrix session and encryption keys live
beside the database in ``BOT_DATA_DIR``, not in it: both commands name them as files to keep.
"""

from __future__ import annotations

import os
import shlex
import sqlite3
from contextlib import closing
from pathlib import Path
from typing import TextIO

from alembic.script import ScriptDirectory
from sqlalchemy import inspect
from sqlalchemy.engine import URL

from adapters.matrix.session import SESSION_FILE, STORE_DIR
from chatbot.i18n import _, ngettext
from storage.engine import make_engine, normalize_url
from storage.migrate import alembic_config, upgrade

KEEP = (SESSION_FILE, STORE_DIR)
"""What to keep beside a backup, in ``BOT_DATA_DIR``: the Matrix session (its device) and its
encryption keys; lost, the bot becomes a new device that cannot read earlier encrypted rooms."""


def backup(url: str, target: Path, *, data_dir: Path, out: TextIO, err: TextIO) -> int:
    """Copy the database at ``url`` to ``target`` (SQLite), or print the ``pg_dump`` line."""
    parsed = normalize_url(url)
    if parsed.get_backend_name() == "postgresql":
        print(
            _("PostgreSQL: back up with pg_dump (the password from PGPASSWORD or ~/.pgpass):"),
            file=out,
        )
        print("  " + pg_command("pg_dump", parsed, "--format=custom", f"--file={target}"), file=out)
        _name_files_to_keep(data_dir, out)
        return 0
    source = _sqlite_path(parsed)
    if source is None or not source.exists():
        print(_("No database file to back up at {url}.").format(url=url), file=err)
        return 1
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    with closing(sqlite3.connect(source)) as db, closing(sqlite3.connect(partial)) as copy:
        db.backup(copy)
    os.replace(partial, target)
    print(_("Database copied to {file}.").format(file=target), file=out)
    _name_files_to_keep(data_dir, out)
    return 0


def restore(url: str, source: Path, *, data_dir: Path, out: TextIO, err: TextIO) -> int:
    """Restore the backup ``source`` into the empty database at ``url`` (SQLite), or print the
    ``pg_restore`` line once the PostgreSQL database is found empty. Refuses a non-empty one."""
    parsed = normalize_url(url)
    if parsed.get_backend_name() != "postgresql" and not source.is_file():
        print(_("No backup file at {file}.").format(file=source), file=err)
        return 1
    tables = _tables(url)
    if tables:
        print(
            ngettext(
                "The database at {url} is not empty ({count} table): restore into an empty one "
                "(a new DATABASE_URL, or move the database file aside).",
                "The database at {url} is not empty ({count} tables): restore into an empty one "
                "(a new DATABASE_URL, or move the database file aside).",
                len(tables),
            ).format(url=_shown(parsed), count=len(tables)),
            file=err,
        )
        return 1
    if parsed.get_backend_name() == "postgresql":
        print(
            _("PostgreSQL: the database is empty; restore with pg_restore, then upgrade:"),
            file=out,
        )
        print("  " + pg_command("pg_restore", parsed, "--no-owner", str(source)), file=out)
        print("  chatbot db upgrade", file=out)
        _name_files_to_keep(data_dir, out)
        return 0
    target = _sqlite_path(parsed)
    if target is None:
        print(_("Cannot restore into an in-memory database."), file=err)
        return 1
    problem = _backup_problem(source)
    if problem:
        print(problem, file=err)
        return 1
    target.parent.mkdir(parents=True, exist_ok=True)
    with closing(_read_only(source)) as backup_db, closing(sqlite3.connect(target)) as db:
        backup_db.backup(db)
    upgrade(url)  # a backup made by an older version: brought to this one's schema
    print(_("Database restored from {file}.").format(file=source), file=out)
    _name_files_to_keep(data_dir, out)
    return 0


def pg_command(program: str, url: URL, *args: str) -> str:
    """``pg_dump --host=… --dbname=… ARGS``: every part of ``url`` but its password."""
    parts = [program]
    for option, value in (
        ("--host", url.host),
        ("--port", url.port),
        ("--username", url.username),
        ("--dbname", url.database),
    ):
        if value:
            parts.append(f"{option}={value}")
    return shlex.join([*parts, *args])


def _backup_problem(source: Path) -> str:
    """Why ``source`` is no backup this version can restore, or ``""``."""
    try:
        with closing(_read_only(source)) as db:
            rows = db.execute("SELECT version_num FROM alembic_version").fetchall()
    except sqlite3.DatabaseError:
        return _("{file} is not a backup of the bot's database.").format(file=source)
    known = {
        script.revision for script in ScriptDirectory.from_config(alembic_config()).walk_revisions()
    }
    unknown = sorted(row[0] for row in rows if row[0] not in known)
    if not rows or unknown:
        return _(
            "{file} is at an unknown migration level ({level}): made by a newer version of the "
            "bot? Restore it with that version."
        ).format(file=source, level=", ".join(unknown) or "-")
    return ""


def _tables(url: str) -> list[str]:
    parsed = normalize_url(url)
    if parsed.get_backend_name() != "postgresql":
        path = _sqlite_path(parsed)
        if path is None or not path.exists():
            return []
    engine = make_engine(url)
    try:
        return inspect(engine).get_table_names()
    finally:
        engine.dispose()


def _sqlite_path(url: URL) -> Path | None:
    database = url.database or ""
    if database in ("", ":memory:") or database.startswith("file::memory:"):
        return None
    return Path(database)


def _read_only(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)


def _shown(url: URL) -> str:
    return url.render_as_string(hide_password=True)


def _name_files_to_keep(data_dir: Path, out: TextIO) -> None:
    print(
        _("Keep these too, copied while the bot is stopped (Matrix session and encryption keys):"),
        file=out,
    )
    for name in KEEP:
        path = data_dir / name
        state = "" if path.exists() else " " + _("(absent: Matrix not used yet)")
        print(f"  {path}{state}", file=out)
