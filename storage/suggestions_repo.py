"""Suggested edits waiting for a coordinator (implements SuggestionRepository)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Engine
from sqlmodel import Session, col, select

from chatbot.directory import (
    ADD_ALIAS,
    REFERENT,
    SUGGESTIBLE_FIELDS,
    Suggestion,
    SuggestionStatus,
    field_from_text,
    suggested_phones,
)
from chatbot.errors import AlreadyDecided, EntryNotFound, NameTaken, NotFound
from chatbot.ids import UserId
from chatbot.referents import with_suggestion
from storage.entry_rows import apply_changes, entry_from_row
from storage.referent_rows import load_referents
from storage.sessions import Sessions
from storage.tables import EntryRow, SuggestionRow


class SqlSuggestions:
    def __init__(self, engine: Engine) -> None:
        self._sessions = Sessions(engine)

    def create(self, suggestion: Suggestion) -> Suggestion:
        """Store a suggestion; raises EntryNotFound, or ValueError for a field that can't be
        edited."""
        if suggestion.field not in SUGGESTIBLE_FIELDS:
            raise ValueError(f"not an editable field: {suggestion.field!r}")
        with self._sessions.write() as session:
            entry = session.get(EntryRow, suggestion.entry_id)
            if entry is None:
                raise EntryNotFound(suggestion.entry_id)
            row = SuggestionRow(
                entry_id=suggestion.entry_id,
                entry_name=entry.name,
                field=suggestion.field,
                value=suggestion.value,
                suggested_by=suggestion.suggested_by,
                suggested_by_name=suggestion.suggested_by_name,
                created_at=suggestion.created_at,
                status=suggestion.status.value,
                decided_by=suggestion.decided_by,
                decided_at=suggestion.decided_at,
                reason=suggestion.reason,
            )
            session.add(row)
            session.flush()
            return _suggestion(row, entry.name)

    def get(self, suggestion_id: int) -> Suggestion | None:
        query = (
            select(SuggestionRow, EntryRow.name)
            .outerjoin(EntryRow, col(EntryRow.id) == col(SuggestionRow.entry_id))
            .where(col(SuggestionRow.id) == suggestion_id)
        )
        with self._sessions.read() as session:
            found = session.exec(query).first()
            return None if found is None else _suggestion(*found)

    def pending(self) -> list[Suggestion]:
        """Pending suggestions on entries that still exist, oldest first."""
        query = (
            select(SuggestionRow, EntryRow.name)
            .join(EntryRow, col(EntryRow.id) == col(SuggestionRow.entry_id))
            .where(col(SuggestionRow.status) == SuggestionStatus.PENDING.value)
            .order_by(col(SuggestionRow.created_at), col(SuggestionRow.id))
        )
        with self._sessions.read() as session:
            return [_suggestion(row, name) for row, name in session.exec(query)]

    def approve(self, suggestion_id: int, *, actor: UserId, at: datetime) -> Suggestion:
        """Apply the value to the entry (history by ``actor``, crediting the suggester) and mark
        the suggestion approved.

        Raises NotFound (no such suggestion, or its entry was removed), AlreadyDecided, NameTaken
        (a rename onto another entry's name) or ValueError (a value the field can't take);
        nothing is saved then.
        """
        with self._sessions.write() as session:
            row = _pending_row(session, suggestion_id)
            entry_row = session.get(EntryRow, row.entry_id, with_for_update=True)
            if entry_row is None:
                raise EntryNotFound(row.entry_id, name=row.entry_name, suggestion=suggestion_id)
            if row.field == ADD_ALIAS:
                aliases = entry_from_row(entry_row).aliases
                changes: dict[str, object] = {"aliases": (*aliases, row.value)}
            elif row.field == REFERENT:
                own = load_referents(session, [row.entry_id]).get(row.entry_id, ())
                changes = {"referents": with_suggestion(own, row.value)}
            elif row.field == "phones":
                current = entry_from_row(entry_row).phones
                changes = {"phones": suggested_phones(current, row.value)}
            else:
                changes = {row.field: field_from_text(row.field, row.value)}
            try:
                entry = apply_changes(
                    session, entry_row, changes, actor=actor, at=at, suggested_by=row.suggested_by
                )
            except NameTaken as taken:
                raise NameTaken(taken.name, suggestion=suggestion_id) from None
            _decide(row, SuggestionStatus.APPROVED, actor=actor, at=at)
            session.flush()
            return _suggestion(row, entry.name)

    def reject(self, suggestion_id: int, *, actor: UserId, at: datetime, reason: str) -> Suggestion:
        with self._sessions.write() as session:
            row = _pending_row(session, suggestion_id)
            _decide(row, SuggestionStatus.REJECTED, actor=actor, at=at, reason=reason)
            entry = session.get(EntryRow, row.entry_id)
            session.flush()
            return _suggestion(row, None if entry is None else entry.name)


def _pending_row(session: Session, suggestion_id: int) -> SuggestionRow:
    row = session.get(SuggestionRow, suggestion_id, with_for_update=True)
    if row is None:
        raise NotFound("suggestion", suggestion_id)
    if row.status != SuggestionStatus.PENDING.value:
        raise AlreadyDecided(suggestion_id, SuggestionStatus(row.status))
    return row


def _decide(
    row: SuggestionRow, status: SuggestionStatus, *, actor: UserId, at: datetime, reason: str = ""
) -> None:
    row.status = status.value
    row.decided_by = actor
    row.decided_at = at
    row.reason = reason


def _suggestion(row: SuggestionRow, entry_name: Any) -> Suggestion:
    """The record; ``entry_name`` is the entry's current name (None once it was removed)."""
    return Suggestion(
        id=row.id,
        entry_id=row.entry_id,
        entry_name=entry_name or row.entry_name,
        field=row.field,
        value=row.value,
        suggested_by=UserId(row.suggested_by),
        suggested_by_name=row.suggested_by_name,
        created_at=row.created_at,
        status=SuggestionStatus(row.status),
        decided_by=UserId(row.decided_by) if row.decided_by else None,
        decided_at=row.decided_at,
        reason=row.reason,
    )
