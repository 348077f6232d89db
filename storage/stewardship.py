"""Who verifies each entry, flags and lookups: the write steps behind ``SqlDirectory``'s
``verify``, ``assign``, ``flag``, ``count_lookup`` and ``release_verifier``.

Each works inside a session the caller opened (one transaction); none commits. A lookup is
counted with one UPDATE and no revision bump: it never rebuilds a search index.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import update
from sqlmodel import Session, col, select

from chatbot.directory import ChangeKind, Entry
from chatbot.flags import clears_flag
from chatbot.ids import UserId
from storage.entry_rows import (
    bump_revision,
    change_values,
    clear_flag,
    entry_from_row,
    load_row,
    record_changes,
)
from storage.tables import EntryRow, entry_table

FIELD_CHECKS = {"phones": "phones_verified_at", "hours": "hours_verified_at"}
"""The fields that may be verified alone, and the column keeping when."""


def verify(
    session: Session,
    entry_id: int,
    *,
    actor: UserId,
    at: datetime,
    field: str = "",
    actor_name: str = "",
) -> Entry:
    """The whole entry checked (clears its flag), or only ``field`` (phones, hours)."""
    row = load_row(session, entry_id)
    if field:
        setattr(row, FIELD_CHECKS[field], at)
        if clears_flag(entry_from_row(row), [field]):
            clear_flag(row)
    else:
        row.last_verified_at = at
        row.last_verified_by = actor
        row.last_verified_by_name = actor_name
        clear_flag(row)
    assert row.id is not None
    record_changes(
        session, [change_values(row.id, row.name, ChangeKind.VERIFIED, actor, at, field)]
    )
    bump_revision(session)
    session.flush()
    return entry_from_row(row)


def assign(
    session: Session,
    entry_id: int,
    *,
    verifier: UserId | None,
    every_days: int | None,
    actor: UserId,
    at: datetime,
) -> Entry:
    """Set the entry's verifier and own interval (None: the default), with history."""
    row = load_row(session, entry_id)
    assert row.id is not None
    lines = []
    if row.verifier != verifier:
        old = row.verifier or ""
        lines.append(
            change_values(
                row.id, row.name, ChangeKind.UPDATED, actor, at, "verifier", old, verifier or ""
            )
        )
        row.verifier = verifier
    if row.verify_every_days != every_days:
        old_days = str(row.verify_every_days or "")
        new_days = str(every_days or "")
        lines.append(
            change_values(
                row.id, row.name, ChangeKind.UPDATED, actor, at, "interval", old_days, new_days
            )
        )
        row.verify_every_days = every_days
    if lines:
        record_changes(session, lines)
        bump_revision(session)
        session.flush()
    return entry_from_row(row)


def flag(session: Session, entry_id: int, note: str, *, actor: UserId, at: datetime) -> Entry:
    """Mark the entry as reported possibly outdated (the latest report's words are kept)."""
    row = load_row(session, entry_id)
    assert row.id is not None
    row.flag = note.strip()
    row.flagged_by = actor
    row.flagged_at = at
    record_changes(
        session,
        [change_values(row.id, row.name, ChangeKind.FLAGGED, actor, at, new=row.flag)],
    )
    bump_revision(session)
    session.flush()
    return entry_from_row(row)


def count_lookup(session: Session, entry_id: int) -> None:
    statement = (
        update(entry_table)
        .where(entry_table.c.id == entry_id)
        .values(lookups=entry_table.c.lookups + 1)
    )
    session.connection().execute(statement)


def release_verifier(
    session: Session, verifier: UserId, *, actor: UserId, at: datetime
) -> list[Entry]:
    """The entries ``verifier`` checked, given back to the coordinators (their verifier
    cleared, a history line each); by name. Rows are locked: two processes doing it at once
    record it once."""
    query = (
        select(EntryRow)
        .where(col(EntryRow.verifier) == verifier)
        .order_by(col(EntryRow.name_key))
        .with_for_update()
    )
    rows = list(session.exec(query))
    lines = []
    for row in rows:
        assert row.id is not None
        lines.append(
            change_values(row.id, row.name, ChangeKind.UPDATED, actor, at, "verifier", verifier, "")
        )
        row.verifier = None
    if rows:
        record_changes(session, lines)
        bump_revision(session)
        session.flush()
    return [entry_from_row(row) for row in rows]
