"""Entries' referents in their own table: read with their entries, written in the same
transaction (the caller's session; nothing here commits)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import Any

from sqlalchemy import delete, insert, select
from sqlmodel import Session

from chatbot.directory import Entry, Referent
from chatbot.referents import changes_between, clean_name
from storage.tables import ReferentRow, table_of

referent_table = table_of(ReferentRow)
_CHUNK = 500


def load_referents(
    session: Session, entry_ids: Iterable[int] | None = None
) -> dict[int, tuple[Referent, ...]]:
    """Entry id -> its referents in order; of every entry when ``entry_ids`` is None."""
    columns = referent_table.c
    order = (columns.entry_id, columns.position, columns.id)
    queries = []
    if entry_ids is None:
        queries.append(select(referent_table).order_by(*order))
    else:
        wanted = list(dict.fromkeys(entry_ids))
        for start in range(0, len(wanted), _CHUNK):
            chunk = wanted[start : start + _CHUNK]
            queries.append(
                select(referent_table).where(columns.entry_id.in_(chunk)).order_by(*order)
            )
    found: dict[int, list[Referent]] = {}
    connection = session.connection()
    for query in queries:
        for row in connection.execute(query):
            found.setdefault(row.entry_id, []).append(
                Referent(
                    name=row.name,
                    function=row.function,
                    phone=row.phone,
                    email=row.email,
                    public=bool(row.public),
                )
            )
    return {entry_id: tuple(referents) for entry_id, referents in found.items()}


def with_referents(session: Session, entries: Sequence[Entry]) -> list[Entry]:
    """``entries`` (read without them) with their referents, in one or a few queries."""
    if not entries:
        return []
    ids = None if len(entries) > _CHUNK else [e.id for e in entries if e.id is not None]
    found = load_referents(session, ids)
    if not found:
        return list(entries)
    return [replace(e, referents=found[e.id]) if e.id in found else e for e in entries]


def with_own_referents(session: Session, entry: Entry) -> Entry:
    return with_referents(session, [entry])[0]


def referent_values(entry_id: int, referents: Sequence[Referent]) -> list[dict[str, Any]]:
    return [
        {
            "entry_id": entry_id,
            "position": position,
            "name": clean_name(r.name),
            "function": r.function.strip(),
            "phone": r.phone.strip(),
            "email": r.email.strip(),
            "public": r.public,
        }
        for position, r in enumerate(referents)
    ]


def insert_referents(session: Session, rows: list[dict[str, Any]]) -> None:
    if rows:
        session.connection().execute(insert(referent_table), rows)


def delete_referents(session: Session, entry_ids: Sequence[int]) -> None:
    for start in range(0, len(entry_ids), _CHUNK):
        chunk = list(entry_ids[start : start + _CHUNK])
        session.connection().execute(
            delete(referent_table).where(referent_table.c.entry_id.in_(chunk))
        )


def replace_referents(
    session: Session, entry_id: int, old: tuple[Referent, ...], new: tuple[Referent, ...]
) -> list[tuple[str, str, str]]:
    """Store ``new`` as the entry's referents (they were ``old``); the history lines
    (field, old, new) of what changed. Nothing is written when nothing changed."""
    if tuple(referent_values(0, old)) == tuple(referent_values(0, new)):
        return []
    delete_referents(session, [entry_id])
    insert_referents(session, referent_values(entry_id, new))
    return changes_between(old, new)


def same_referents(old: tuple[Referent, ...], new: tuple[Referent, ...]) -> bool:
    """Whether storing ``new`` over ``old`` would change nothing."""
    return referent_values(0, old) == referent_values(0, new)
