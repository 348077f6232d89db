"""The programme's own synonyms, one row per version (implements ThesaurusRepository)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Engine
from sqlmodel import col, select

from chatbot.directory import ThesaurusVersion
from chatbot.ids import UserId
from storage.entry_rows import bump_revision
from storage.sessions import Sessions
from storage.tables import ThesaurusVersionRow


class SqlThesaurus:
    def __init__(self, engine: Engine) -> None:
        self._sessions = Sessions(engine)

    def current(self) -> ThesaurusVersion | None:
        versions = self.history(limit=1)
        return versions[0] if versions else None

    def save(self, text: str, *, actor: UserId, at: datetime, note: str = "") -> ThesaurusVersion:
        with self._sessions.write() as session:
            row = ThesaurusVersionRow(text=text, actor=actor, at=at, note=note)
            session.add(row)
            # Search indexes rebuild when the directory's revision moves, in every process.
            bump_revision(session)
            session.flush()
            return _version(row)

    def history(self, *, limit: int) -> list[ThesaurusVersion]:
        query = select(ThesaurusVersionRow).order_by(col(ThesaurusVersionRow.id).desc())
        with self._sessions.read() as session:
            return [_version(row) for row in session.exec(query.limit(limit))]


def _version(row: ThesaurusVersionRow) -> ThesaurusVersion:
    return ThesaurusVersion(
        version=row.id or 0, text=row.text, actor=UserId(row.actor), at=row.at, note=row.note
    )
