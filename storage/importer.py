"""Import many entries at once (CSV import), with Core statements: 100k rows in seconds.

The import is worked out first, outside the write transaction (:func:`plan_import`), then
written in one short one (:func:`apply_import`): on SQLite the write lock is held only that
long, so chat commands writing meanwhile wait a moment instead of failing "database is locked".
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Row, bindparam, delete, insert, not_, select, update
from sqlalchemy import column as sql_column
from sqlalchemy import table as sql_table
from sqlmodel import Session

from chatbot.directory import ChangeKind, Entry, ImportResult, Referent, SuggestionStatus
from chatbot.errors import NameTaken
from chatbot.ids import UserId
from chatbot.referents import changes_between
from storage.entry_rows import (
    FieldChange,
    bump_revision,
    change_table,
    change_values,
    clean_name,
    column_values,
    diff,
    entry_from_row,
    name_key,
    new_row_values,
    record_changes,
)
from storage.referent_rows import (
    delete_referents,
    insert_referents,
    load_referents,
    referent_values,
    same_referents,
)
from storage.tables import RevisionRow, SuggestionRow, entry_table, table_of

_CHUNK = 500
suggestion_table = table_of(SuggestionRow)
revision_table = table_of(RevisionRow)
_untyped_history = sql_table(
    change_table.name, *(sql_column(c.name) for c in change_table.c if c.name != "id")
)


class StaleImport(Exception):
    """The directory changed between preparing an import and applying it: prepare it again."""


@dataclass(frozen=True)
class _Update:
    entry_id: int
    name: str
    values: dict[str, Any]
    changes: list[FieldChange]
    referents: tuple[Referent, ...] | None = None
    """The entry's new referents, when they change."""
    verified: bool = False
    """The file says the entry was checked more recently than the directory knew."""


@dataclass(frozen=True)
class ImportPlan:
    """What an import will write, worked out from the directory at ``revision`` (None: in
    the write transaction, its rows locked, so nothing to check)."""

    revision: int | None
    replace_demo: bool
    created: list[dict[str, Any]]
    updates: list[_Update]
    unchanged: int
    referents: dict[str, tuple[Referent, ...]] = field(default_factory=dict)
    """The referents of created entries, by name key."""
    last_edited_by: dict[tuple[int, str], str] = field(default_factory=dict)
    """Who last changed each (entry id, field) the import changes, as its history says."""


def plan_import(session: Session, entries: Sequence[Entry], *, lock: bool = False) -> ImportPlan:
    """Work out an import (create or update by name) without writing: the slow part, done
    outside the write transaction so that chat commands writing meanwhile do not wait.

    Only editable fields are compared; existing entries keep their verification unless the
    file's is later (someone checked at the source and wrote the date in the sheet). Real
    entries imported into a directory holding only demo entries replace them. Raises
    ValueError (a nameless entry) or NameTaken (a name twice in the batch). ``lock``: lock the
    rows read (PostgreSQL), when planning inside the write transaction.
    """
    revision = read_revision(session)  # first: a write committed after it makes the plan stale
    replace_demo = any(not entry.demo for entry in entries) and holds_only_demo(session)
    existing = _rows_by_key(session, _keys(entries), lock=lock)
    if replace_demo:  # removed before the import writes: same names are created again
        existing = {key: row for key, row in existing.items() if not row.demo}
    own_referents = load_referents(session, [row.id for row in existing.values()])
    seen: set[str] = set()
    created: list[dict[str, Any]] = []
    new_referents: dict[str, tuple[Referent, ...]] = {}
    updates: list[_Update] = []
    unchanged = 0
    for entry in entries:
        key = name_key(entry.name)
        if key in seen:
            raise NameTaken(entry.name)
        seen.add(key)
        row = existing.get(key)
        if row is None:
            created.append(new_row_values(entry))
            if entry.referents:
                new_referents[key] = entry.referents
            continue
        changed = diff(entry_from_row(row), entry)
        old_referents = own_referents.get(row.id, ())
        referents = None if same_referents(old_referents, entry.referents) else entry.referents
        verified = _checked_since(row.last_verified_at, entry.last_verified_at)
        if not changed and referents is None and not verified:
            unchanged += 1
            continue
        values = column_values(entry, [field for field, _old, _new in changed])
        if verified:  # checked at the source, as the spreadsheet records it
            values |= {"last_verified_at": entry.last_verified_at, "last_verified_by": None}
        if referents is not None:
            changed += changes_between(old_referents, referents)
        name = clean_name(entry.name)
        updates.append(_Update(row.id, name, values, changed, referents, verified))
    planned_at = None if lock else revision
    editors = _last_editors(session, updates)
    return ImportPlan(planned_at, replace_demo, created, updates, unchanged, new_referents, editors)


def apply_import(
    session: Session, plan: ImportPlan, *, actor: UserId, at: datetime
) -> ImportResult:
    """Write ``plan`` in the caller's (write) transaction, in a few batched statements.

    Raises StaleImport when another write changed the directory since ``plan`` was made:
    checked first, and again at the end on the revision row, locked then (PostgreSQL), after
    the entry rows, in the order every directory writer takes them.
    """
    if plan.revision is not None and read_revision(session) != plan.revision:
        raise StaleImport
    replaced = remove_demo_entries(session, actor=actor, at=at) if plan.replace_demo else 0
    history = _apply_updates(session, plan.updates, actor=actor, at=at)
    if plan.created:
        # No RETURNING: psycopg's pipelined executemany is several times faster without it.
        connection = session.connection()
        connection.execute(insert(entry_table), plan.created)
        created = list(_ids_and_names(session, [v["name_key"] for v in plan.created]))
        history += [
            change_values(entry_id, name, ChangeKind.CREATED, actor, at)
            for entry_id, name in created
        ]
        insert_referents(
            session,
            [
                row
                for entry_id, name in created
                for row in referent_values(entry_id, plan.referents.get(name_key(name), ()))
            ],
        )
    _record_history(session, history, at=at)
    if plan.revision is not None and read_revision(session, lock=True) != plan.revision:
        raise StaleImport
    if plan.created or plan.updates or replaced:
        bump_revision(session)
    return ImportResult(
        created=len(plan.created),
        updated=len(plan.updates),
        unchanged=plan.unchanged,
        replaced_demo=replaced,
        undone_edits=tuple(
            (u.name, changed)
            for u in plan.updates
            for changed, _old, _new in u.changes
            if plan.last_edited_by.get((u.entry_id, changed), actor) != actor
        ),
    )


def _last_editors(session: Session, updates: Sequence[_Update]) -> dict[tuple[int, str], str]:
    """Who last changed each field ``updates`` change: an import undoing an edit made in the
    chat since the file was exported says so (see ``ImportResult.undone_edits``)."""
    wanted = {(u.entry_id, changed) for u in updates for changed, _old, _new in u.changes}
    ids = list(dict.fromkeys(entry_id for entry_id, _field in wanted))
    fields = sorted({changed for _entry_id, changed in wanted})
    columns = change_table.c
    editors: dict[tuple[int, str], str] = {}
    for start in range(0, len(ids), _CHUNK):
        query = (
            select(columns.entry_id, columns.field, columns.actor)
            .where(columns.entry_id.in_(ids[start : start + _CHUNK]))
            .where(columns.kind == ChangeKind.UPDATED.value)
            .where(columns.field.in_(fields))
            .order_by(columns.id)
        )
        for row in session.connection().execute(query):
            if (row.entry_id, row.field) in wanted:
                editors[row.entry_id, row.field] = row.actor
    return editors


def _apply_updates(
    session: Session, updates: list[_Update], *, actor: UserId, at: datetime
) -> list[dict[str, Any]]:
    """One executemany per set of changed columns; the history lines to record."""
    groups: dict[tuple[str, ...], list[_Update]] = {}
    for change in updates:
        groups.setdefault(tuple(change.values), []).append(change)
    changed_referents = [u for u in updates if u.referents is not None]
    delete_referents(session, [u.entry_id for u in changed_referents])
    insert_referents(
        session,
        [row for u in changed_referents for row in referent_values(u.entry_id, u.referents or ())],
    )
    for columns, group in groups.items():
        if not columns:  # only its referents changed
            continue
        statement = (
            update(entry_table)
            .where(entry_table.c.id == bindparam("row_id"))
            .values({column: bindparam(f"new_{column}") for column in columns})
        )
        rows = [
            {"row_id": u.entry_id} | {f"new_{c}": v for c, v in u.values.items()} for u in group
        ]
        session.connection().execute(statement, rows)
    return [
        change_values(u.entry_id, u.name, ChangeKind.UPDATED, actor, at, *change)
        for u in updates
        for change in u.changes
    ] + [
        change_values(u.entry_id, u.name, ChangeKind.VERIFIED, actor, at)
        for u in updates
        if u.verified
    ]


def _checked_since(known: datetime | None, in_file: datetime | None) -> bool:
    """Whether the file's verification date is later than the one stored."""
    if in_file is None:
        return False
    if known is None:
        return True
    as_stored = known if known.tzinfo else known.replace(tzinfo=in_file.tzinfo)
    return in_file > as_stored


def _record_history(session: Session, lines: list[dict[str, Any]], *, at: datetime) -> None:
    """Insert history lines sharing one ``at``, converted for the database once, not per line
    (that conversion was most of the time the write lock was held)."""
    if not lines:
        return
    connection = session.connection()
    at_type = change_table.c.at.type.dialect_impl(connection.dialect)
    convert = at_type.bind_processor(connection.dialect)
    stored_at = convert(at) if convert else at
    connection.execute(insert(_untyped_history), [line | {"at": stored_at} for line in lines])


def read_revision(session: Session, *, lock: bool = False) -> int:
    query = select(revision_table.c.value).where(revision_table.c.id == 1)
    value = session.connection().execute(query.with_for_update() if lock else query).scalar()
    return value or 0


def _ids_and_names(session: Session, keys: list[str]) -> Iterator[tuple[int, str]]:
    columns = entry_table.c
    for start in range(0, len(keys), _CHUNK):
        query = select(columns.id, columns.name).where(
            columns.name_key.in_(keys[start : start + _CHUNK])
        )
        for row in session.connection().execute(query):
            yield row.id, row.name


def _keys(entries: Sequence[Entry]) -> Iterator[str]:
    for entry in entries:
        key = clean_name(entry.name).casefold()
        if key:
            yield key


def _rows_by_key(session: Session, keys: Iterable[str], *, lock: bool) -> dict[str, Row[Any]]:
    """Existing rows for these name keys, in a few queries; ``lock``: FOR UPDATE."""
    wanted = list(dict.fromkeys(keys))
    found: dict[str, Row[Any]] = {}
    for start in range(0, len(wanted), _CHUNK):
        query = select(entry_table).where(
            entry_table.c.name_key.in_(wanted[start : start + _CHUNK])
        )
        query = query.with_for_update() if lock else query
        found.update((row.name_key, row) for row in session.connection().execute(query))
    return found


def holds_any(session: Session, *, demo: bool) -> bool:
    """Whether some entry is a demo entry (``demo``), or a real one (not ``demo``)."""
    condition = entry_table.c.demo if demo else not_(entry_table.c.demo)
    query = select(entry_table.c.id).where(condition).limit(1)
    return session.connection().execute(query).first() is not None


def holds_only_demo(session: Session) -> bool:
    return holds_any(session, demo=True) and not holds_any(session, demo=False)


def remove_demo_entries(session: Session, *, actor: UserId, at: datetime) -> int:
    """Delete every demo entry in the caller's transaction (which bumps the revision); how
    many there were.

    Each gets a "removed" history line (history outlives entries), and the suggestions still
    pending on them are deleted: they were about demo data, nobody can approve them any more,
    and a coordinator's list must not keep them. Decided suggestions stay, as records.
    """
    connection = session.connection()
    query = select(entry_table.c.id, entry_table.c.name).where(entry_table.c.demo)
    demo = connection.execute(query.with_for_update()).all()
    if not demo:
        return 0
    ids = [row.id for row in demo]
    delete_referents(session, ids)
    record_changes(
        session, [change_values(row.id, row.name, ChangeKind.REMOVED, actor, at) for row in demo]
    )
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        connection.execute(
            delete(suggestion_table).where(
                suggestion_table.c.entry_id.in_(chunk),
                suggestion_table.c.status == SuggestionStatus.PENDING.value,
            )
        )
        connection.execute(delete(entry_table).where(entry_table.c.id.in_(chunk)))
    return len(ids)
