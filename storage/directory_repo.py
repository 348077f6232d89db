"""The directory of contact entries, with its history (implements DirectoryRepository)."""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from chatbot.directory import Change, ChangeKind, Entry, ImportResult
from chatbot.errors import NameTaken
from chatbot.ids import UserId
from storage import stewardship
from storage.entry_rows import (
    apply_changes,
    bump_revision,
    change_from_row,
    check_name_free,
    clean_name,
    entry_from_row,
    is_duplicate_name,
    load_row,
    name_key,
    new_row_values,
    record_change,
)
from storage.importer import StaleImport, apply_import, holds_any, holds_only_demo, plan_import
from storage.referent_rows import delete_referents, with_own_referents, with_referents
from storage.sessions import FreshCache, Sessions
from storage.tables import ChangeRow, EntryRow, RevisionRow, entry_table

log = logging.getLogger(__name__)


REVISION_FRESHNESS_SECONDS = 1.0
"""How late a lookup may notice another bot process's directory change."""
IMPORT_ATTEMPTS = 3
"""Imports worked out outside the write lock before one is worked out holding it."""


class SqlDirectory:
    def __init__(self, engine: Engine) -> None:
        self._sessions = Sessions(engine)
        self._revision = FreshCache(
            self._sessions, seconds=REVISION_FRESHNESS_SECONDS, load=self._read_revision
        )

    def all(self) -> list[Entry]:
        # One Core query, no ORM identity map: this loads the whole directory at startup.
        query = sa.select(entry_table).order_by(entry_table.c.name_key, entry_table.c.id)
        with self._sessions.read() as session:
            return with_referents(session, [entry_from_row(row) for row in session.execute(query)])

    def get(self, entry_id: int) -> Entry | None:
        with self._sessions.read() as session:
            row = session.get(EntryRow, entry_id)
            return None if row is None else with_own_referents(session, entry_from_row(row))

    def get_by_name(self, name: str) -> Entry | None:
        key = clean_name(name).casefold()
        if not key:
            return None
        with self._sessions.read() as session:
            row = session.exec(select(EntryRow).where(col(EntryRow.name_key) == key)).first()
            return None if row is None else with_own_referents(session, entry_from_row(row))

    def revision(self) -> int:
        return self._revision.get()

    def _read_revision(self) -> int:
        with self._sessions.read() as session:
            value = session.exec(select(RevisionRow.value).where(col(RevisionRow.id) == 1)).first()
            return value or 0

    def add(self, entry: Entry, *, actor: UserId, at: datetime) -> Entry:
        with self._writing() as session:
            row = EntryRow(**new_row_values(entry))
            check_name_free(session, row.name)
            session.add(row)
            session.flush()
            record_change(session, row, ChangeKind.CREATED, actor=actor, at=at)
            assert row.id is not None
            if entry.referents:
                apply_changes(session, row, {"referents": entry.referents}, actor=actor, at=at)
            bump_revision(session)
            return with_own_referents(session, entry_from_row(row))

    def update(
        self, entry_id: int, changes: dict[str, object], *, actor: UserId, at: datetime
    ) -> Entry:
        with self._writing() as session:
            row = load_row(session, entry_id)
            return apply_changes(session, row, changes, actor=actor, at=at)

    def remove(self, entry_id: int, *, actor: UserId, at: datetime) -> Entry:
        with self._sessions.write() as session:
            row = load_row(session, entry_id)
            entry = with_own_referents(session, entry_from_row(row))
            record_change(session, row, ChangeKind.REMOVED, actor=actor, at=at)
            delete_referents(session, [entry_id])
            session.delete(row)
            bump_revision(session)
            return entry

    def verify(
        self, entry_id: int, *, actor: UserId, at: datetime, field: str = "", actor_name: str = ""
    ) -> Entry:
        with self._sessions.write() as session:
            entry = stewardship.verify(
                session, entry_id, actor=actor, at=at, field=field, actor_name=actor_name
            )
            return with_own_referents(session, entry)

    def assign(
        self,
        entry_id: int,
        *,
        verifier: UserId | None,
        every_days: int | None,
        actor: UserId,
        at: datetime,
    ) -> Entry:
        with self._sessions.write() as session:
            return stewardship.assign(
                session, entry_id, verifier=verifier, every_days=every_days, actor=actor, at=at
            )

    def flag(self, entry_id: int, note: str, *, actor: UserId, at: datetime) -> Entry:
        with self._sessions.write() as session:
            entry = stewardship.flag(session, entry_id, note, actor=actor, at=at)
            return with_own_referents(session, entry)

    def count_lookup(self, entry_id: int) -> None:
        with self._sessions.write() as session:
            stewardship.count_lookup(session, entry_id)

    def release_verifier(self, verifier: UserId, *, actor: UserId, at: datetime) -> list[Entry]:
        with self._sessions.write() as session:
            return stewardship.release_verifier(session, verifier, actor=actor, at=at)

    def history(self, entry_id: int) -> list[Change]:
        query = (
            select(ChangeRow).where(col(ChangeRow.entry_id) == entry_id).order_by(col(ChangeRow.id))
        )
        with self._sessions.read() as session:
            return [change_from_row(row) for row in session.exec(query)]

    def removed_named(self, name: str) -> Change | None:
        key = clean_name(name).casefold()  # name_key refuses an empty name; this finds none
        query = (
            select(ChangeRow)
            .where(col(ChangeRow.kind) == ChangeKind.REMOVED.value)
            .order_by(col(ChangeRow.id).desc())
        )
        with self._sessions.read() as session:
            for row in session.exec(query):  # removals are few: compared as names are
                if name_key(row.entry_name) == key:
                    return change_from_row(row)
        return None

    def holds_demo(self) -> bool:
        with self._sessions.read() as session:
            return holds_any(session, demo=True)

    def holds_only_demo(self) -> bool:
        with self._sessions.read() as session:
            return holds_only_demo(session)

    def import_entries(
        self, entries: Sequence[Entry], *, actor: UserId, at: datetime
    ) -> ImportResult:
        """Create or update by name, all or nothing (see :mod:`storage.importer`): worked out
        from a read, then written in one short transaction; again if the directory changed
        in between, and after a few such tries worked out under the write lock."""
        for _attempt in range(IMPORT_ATTEMPTS):
            with self._sessions.read() as session:
                plan = plan_import(session, entries)
            try:
                with self._writing() as session:
                    result = apply_import(session, plan, actor=actor, at=at)
                break
            except (StaleImport, NameTaken):  # a name taken meanwhile: the plan is stale too
                log.info("the directory changed while an import was prepared: again")
        else:
            with self._writing() as session:
                locked_plan = plan_import(session, entries, lock=True)
                result = apply_import(session, locked_plan, actor=actor, at=at)
        log.info(
            "import: %d created, %d updated, %d unchanged, %d demo entries replaced",
            result.created,
            result.updated,
            result.unchanged,
            result.replaced_demo,
        )
        return result

    @contextmanager
    def _writing(self) -> Iterator[Session]:
        """A write session where a name taken by a concurrent writer becomes NameTaken."""
        try:
            with self._sessions.write() as session:
                yield session
        except IntegrityError as error:
            if is_duplicate_name(error):
                raise NameTaken("") from error  # which name: the database does not say
            raise
