"""Attachments of anomaly reports (implements chatbot.ports.AttachmentRepository).

One row per platform file (``platform``, ``file_id`` unique): a retried event, or the same file
sent again, attaches nothing twice. Attaching locks the report's row, so a redaction (which
deletes its attachments in its own transaction) and an attachment cannot interleave.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import Engine, delete, func
from sqlmodel import Session, col, select

from chatbot.attachments import Attachment, StoredAttachment
from chatbot.commands import MAX_NUMBER
from chatbot.errors import NotFound
from chatbot.ids import ConversationId, UserId
from storage.misc_repos import _insert
from storage.sessions import Sessions
from storage.tables import AnomalyAttachmentRow, AnomalyRow, table_of

_BATCH = 500


class SqlAttachments:
    def __init__(self, engine: Engine) -> None:
        self._sessions = Sessions(engine)

    def attach(
        self,
        anomaly_id: int,
        attachments: Sequence[Attachment],
        *,
        platform: str,
        by: UserId,
        at: datetime,
    ) -> list[StoredAttachment]:
        if not 0 < anomaly_id <= MAX_NUMBER:
            raise NotFound("report", anomaly_id)
        with self._sessions.write() as session:
            report = session.get(AnomalyRow, anomaly_id, with_for_update=True)
            if report is None:
                raise NotFound("report", anomaly_id)
            if report.redacted:
                return []
            added = []
            for attachment in dict((a.file_id, a) for a in attachments).values():
                statement = (
                    _insert(self._sessions.engine, AnomalyAttachmentRow)
                    .values(
                        anomaly_id=anomaly_id,
                        platform=platform,
                        file_id=attachment.file_id,
                        name=attachment.name,
                        mime_type=attachment.mime_type,
                        size=attachment.size,
                        url=attachment.url,
                        decryption=attachment.decryption,
                        attached_by=by,
                        attached_at=at,
                    )
                    .on_conflict_do_nothing(index_elements=["platform", "file_id"])
                    .returning(table_of(AnomalyAttachmentRow).c.id)
                )
                new_id = session.connection().execute(statement).scalar()
                if new_id is not None:
                    added.append(
                        StoredAttachment(
                            id=new_id,
                            anomaly_id=anomaly_id,
                            platform=platform,
                            attachment=attachment,
                            attached_by=by,
                            attached_at=at,
                        )
                    )
            return added

    def of(self, anomaly_id: int) -> list[StoredAttachment]:
        query = (
            select(AnomalyAttachmentRow)
            .where(col(AnomalyAttachmentRow.anomaly_id) == anomaly_id)
            .order_by(col(AnomalyAttachmentRow.attached_at), col(AnomalyAttachmentRow.id))
        )
        with self._sessions.read() as session:
            return [_record(row) for row in session.exec(query)]

    def counts(self, anomaly_ids: Sequence[int]) -> dict[int, int]:
        ids = list(dict.fromkeys(anomaly_ids))
        found: dict[int, int] = {}
        with self._sessions.read() as session:
            for start in range(0, len(ids), _BATCH):
                query = (
                    select(col(AnomalyAttachmentRow.anomaly_id), func.count())
                    .where(col(AnomalyAttachmentRow.anomaly_id).in_(ids[start : start + _BATCH]))
                    .group_by(col(AnomalyAttachmentRow.anomaly_id))
                )
                found.update({anomaly_id: count for anomaly_id, count in session.exec(query)})
        return found

    def latest_report(
        self, reporter: UserId, conversation_id: ConversationId, *, since: datetime
    ) -> int | None:
        query = (
            select(col(AnomalyRow.id))
            .where(col(AnomalyRow.created_at) >= since)  # a minute of reports: the index
            .where(col(AnomalyRow.reporter) == reporter)
            .where(col(AnomalyRow.conversation_id) == conversation_id)
            .where(col(AnomalyRow.redacted).is_(False))
            .order_by(col(AnomalyRow.created_at).desc(), col(AnomalyRow.id).desc())
            .limit(1)
        )
        with self._sessions.read() as session:
            return session.exec(query).first()


def delete_attachments(session: Session, anomaly_id: int) -> None:
    """Remove a report's attachments inside the caller's transaction (a redaction)."""
    session.connection().execute(
        delete(table_of(AnomalyAttachmentRow)).where(
            col(AnomalyAttachmentRow.anomaly_id) == anomaly_id
        )
    )


def _record(row: AnomalyAttachmentRow) -> StoredAttachment:
    return StoredAttachment(
        id=row.id,
        anomaly_id=row.anomaly_id,
        platform=row.platform,
        attachment=Attachment(
            file_id=row.file_id,
            name=row.name,
            mime_type=row.mime_type,
            size=row.size,
            url=row.url,
            decryption=row.decryption,
        ),
        attached_by=UserId(row.attached_by),
        attached_at=row.attached_at,
    )
