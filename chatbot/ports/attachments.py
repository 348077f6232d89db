"""Attachments of anomaly reports, stored (references only, see :mod:`chatbot.attachments`)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Protocol

from chatbot.attachments import Attachment, StoredAttachment
from chatbot.ids import ConversationId, UserId


class AttachmentRepository(Protocol):
    """Writes commit before returning. A report's attachments are deleted when it is redacted
    (:meth:`chatbot.ports.AnomalyRepository.redact`, in the same transaction)."""

    def attach(
        self,
        anomaly_id: int,
        attachments: Sequence[Attachment],
        *,
        platform: str,
        by: UserId,
        at: datetime,
    ) -> list[StoredAttachment]:
        """Add ``attachments`` to the report; a file already attached (same platform and file
        id, to any report) is skipped: returns those added now. Raises
        :class:`~chatbot.errors.NotFound`; adds nothing to a redacted report."""
        ...

    def of(self, anomaly_id: int) -> list[StoredAttachment]:
        """The report's attachments, first attached first."""
        ...

    def counts(self, anomaly_ids: Sequence[int]) -> dict[int, int]:
        """How many attachments each of these reports has (those without are left out)."""
        ...

    def latest_report(
        self, reporter: UserId, conversation_id: ConversationId, *, since: datetime
    ) -> int | None:
        """The number of ``reporter``'s newest report made in ``conversation_id`` at or after
        ``since`` (redacted ones excluded), if any."""
        ...
