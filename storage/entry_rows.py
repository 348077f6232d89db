"""Map directory rows to records, and the write steps shared by the directory and suggestions.

The helpers here work inside a session the caller opened; they never commit.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import datetime
from typing import Any

from sqlalchemy import insert, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from chatbot.directory import (
    EDITABLE_FIELDS,
    Change,
    ChangeKind,
    Entry,
    Phone,
    Visibility,
    field_as_text,
    field_from_text,
)
from chatbot.errors import EntryNotFound, NameTaken
from chatbot.flags import clears_flag
from chatbot.ids import UserId
from chatbot.referents import REFERENT
from storage.referent_rows import load_referents, replace_referents, with_own_referents
from storage.tables import ChangeRow, EntryRow, RevisionRow, table_of

_TEXT_FIELDS = ("aliases", "phones", "visibility")
change_table = table_of(ChangeRow)

FieldChange = tuple[str, str, str]
"""(field, old text, new text)"""


def clean_name(name: str) -> str:
    return " ".join(name.split())


def name_key(name: str) -> str:
    """What makes two names the same entry: case and repeated spaces don't count."""
    key = clean_name(name).casefold()
    if not key:
        raise ValueError("an entry needs a name")
    return key


def entry_from_row(row: Any) -> Entry:
    """Build an :class:`Entry` from an ``EntryRow`` or a Core row with the same columns."""
    return Entry(
        id=row.id,
        name=row.name,
        aliases=_aliases(row.aliases),
        theme=row.theme,
        phones=_phones(row.phones),
        email=row.email,
        url=row.url,
        address=row.address,
        hours=row.hours,
        notes=row.notes,
        visibility=Visibility(row.visibility),
        last_verified_at=row.last_verified_at,
        last_verified_by=UserId(row.last_verified_by) if row.last_verified_by else None,
        demo=bool(row.demo),
        verifier=UserId(row.verifier) if row.verifier else None,
        verify_every_days=row.verify_every_days,
        last_verified_by_name=row.last_verified_by_name or "",
        flag=row.flag or "",
        flagged_by=UserId(row.flagged_by) if row.flagged_by else None,
        flagged_at=row.flagged_at,
        phones_verified_at=row.phones_verified_at,
        hours_verified_at=row.hours_verified_at,
        lookups=row.lookups or 0,
    )


def _aliases(text: str) -> tuple[str, ...]:
    return tuple(a.strip() for a in text.split("|") if a.strip()) if text else ()


def _phones(text: str) -> tuple[Phone, ...]:
    return tuple(Phone.parse(p) for p in text.split("|") if p.strip()) if text else ()


def column_values(entry: Entry, fields: Iterable[str] = EDITABLE_FIELDS) -> dict[str, Any]:
    """The stored (text) form of ``fields`` of ``entry``, by column name."""
    values: dict[str, Any] = {}
    for field in fields:
        if field == "name":
            values["name"] = clean_name(entry.name)
            values["name_key"] = name_key(entry.name)
        else:
            values[field] = field_as_text(entry, field)
    return values


def new_row_values(entry: Entry) -> dict[str, Any]:
    values = column_values(entry)
    values["last_verified_at"] = entry.last_verified_at
    values["last_verified_by"] = entry.last_verified_by
    values["demo"] = entry.demo
    values["verifier"] = entry.verifier
    values["verify_every_days"] = entry.verify_every_days
    return values


def diff(old: Entry, new: Entry) -> list[FieldChange]:
    """The editable fields whose stored text differs between ``old`` and ``new``."""
    new = replace(new, name=clean_name(new.name))
    changes = []
    for field in EDITABLE_FIELDS:
        before, after = field_as_text(old, field), field_as_text(new, field)
        if before != after:
            changes.append((field, before, after))
    return changes


def normalize(field: str, value: object) -> object:
    """Coerce a value given for ``field`` to the record's type (text is accepted for all)."""
    if field not in EDITABLE_FIELDS:
        raise ValueError(f"not an editable field: {field!r}")
    if field == "name":
        return clean_name(str(value))
    if isinstance(value, str):
        return field_from_text(field, value) if field in _TEXT_FIELDS else value.strip()
    match field:
        case "aliases":
            return tuple(str(a).strip() for a in value)  # type: ignore[attr-defined]
        case "phones":
            return tuple(
                p if isinstance(p, Phone) else Phone.parse(str(p))
                for p in value  # type: ignore[attr-defined]
            )
        case "visibility":
            return Visibility(str(value))
    return "" if value is None else str(value)


def load_row(session: Session, entry_id: int) -> EntryRow:
    """The entry's row, locked until the transaction ends (PostgreSQL)."""
    row = session.get(EntryRow, entry_id, with_for_update=True)
    if row is None:
        raise EntryNotFound(entry_id)
    return row


def check_name_free(session: Session, name: str, *, own_id: int | None = None) -> None:
    """Raises :class:`NameTaken` when another entry than ``own_id`` is called ``name``."""
    query = select(EntryRow.id).where(col(EntryRow.name_key) == name_key(name))
    other = session.exec(query).first()
    if other is not None and other != own_id:
        raise NameTaken(clean_name(name))


def apply_changes(
    session: Session,
    row: EntryRow,
    changes: dict[str, object],
    *,
    actor: UserId,
    at: datetime,
    suggested_by: str = "",
) -> Entry:
    """Write ``changes`` (field -> value) on ``row``: one history line per field whose text
    changes, and a revision bump if any did. ``"referents"`` (a tuple of Referent) replaces
    the entry's referents: a ``"referent"`` history line per one added, changed or removed.
    ``suggested_by``: whose suggestion ``actor`` approved, credited in the history."""
    changes = dict(changes)
    referents = changes.pop("referents", None)
    old = entry_from_row(row)
    new = old.with_changes({field: normalize(field, v) for field, v in changes.items()})
    changed = diff(old, new)
    if referents is not None:
        if not isinstance(referents, tuple):
            raise ValueError("referents: a tuple of Referent")
        assert row.id is not None
        own = load_referents(session, [row.id]).get(row.id, ())
        changed += replace_referents(session, row.id, own, referents)
    if not changed:
        return with_own_referents(session, old)
    fields = [field for field, _old, _new in changed if field != REFERENT]
    if "name" in fields:
        check_name_free(session, new.name, own_id=row.id)
    for column, value in column_values(new, fields).items():
        setattr(row, column, value)
    if clears_flag(old, fields):  # corrected: no longer "reported as possibly outdated"
        clear_flag(row)
    assert row.id is not None
    record_changes(
        session,
        [
            change_values(
                row.id, row.name, ChangeKind.UPDATED, actor, at, *c, suggested_by=suggested_by
            )
            for c in changed
        ],
    )
    bump_revision(session)
    session.flush()
    return with_own_referents(session, entry_from_row(row))


def clear_flag(row: EntryRow) -> None:
    row.flag = ""
    row.flagged_by = None
    row.flagged_at = None


def change_values(
    entry_id: int,
    entry_name: str,
    kind: ChangeKind,
    actor: UserId,
    at: datetime,
    field: str = "",
    old: str = "",
    new: str = "",
    *,
    suggested_by: str = "",
) -> dict[str, Any]:
    """One history line, by column name."""
    return {
        "entry_id": entry_id,
        "entry_name": entry_name,
        "kind": kind.value,
        "actor": actor,
        "at": at,
        "field": field,
        "old": old,
        "new": new,
        "suggested_by": suggested_by,
    }


def record_changes(session: Session, changes: list[dict[str, Any]]) -> None:
    if changes:
        session.connection().execute(insert(change_table), changes)


def record_change(
    session: Session, row: EntryRow, kind: ChangeKind, *, actor: UserId, at: datetime
) -> None:
    assert row.id is not None, "flush the entry before recording its history"
    record_changes(session, [change_values(row.id, row.name, kind, actor, at)])


def change_from_row(row: ChangeRow) -> Change:
    return Change(
        entry_id=row.entry_id,
        entry_name=row.entry_name,
        kind=ChangeKind(row.kind),
        actor=UserId(row.actor),
        at=row.at,
        field=row.field,
        old=row.old,
        new=row.new,
        suggested_by=row.suggested_by,
    )


def bump_revision(session: Session) -> None:
    """Count one more directory write, in the caller's transaction."""
    revision = table_of(RevisionRow)
    statement = update(revision).where(revision.c.id == 1).values(value=revision.c.value + 1)
    if session.connection().execute(statement).rowcount == 0:
        session.connection().execute(insert(revision).values(id=1, value=1))


def is_duplicate_name(error: IntegrityError) -> bool:
    """Whether ``error`` is the unique index on entry names (a race between two writers)."""
    return "name_key" in str(error.orig)
