"""Files sent with a report: a screenshot, a PDF. Only a reference is kept, never the content.

An adapter turns a platform's file into an :class:`Attachment` on :class:`~chatbot.messages.
Incoming` (a Slack file and its permalink, a Matrix ``mxc://`` URI and, for a file of an
encrypted room, what it takes to decrypt it); the core attaches it to the report it came with,
or to the sender's report made in that conversation within :data:`ATTACH_WINDOW`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from chatbot.ids import ConversationId, UserId

ATTACH_WINDOW = timedelta(minutes=1)
"""A file sent this long after a report, in the same conversation, by its reporter, joins it."""

ACCEPTED_TYPES = ("image/", "application/pdf")
"""MIME types (or their prefix) a report accepts."""


@dataclass(frozen=True, kw_only=True)
class Attachment:
    file_id: str
    """The platform's id of the file (a Slack file id, a Matrix ``mxc://`` URI): a file is
    attached once, however often its event is delivered."""
    name: str
    mime_type: str = ""
    size: int = 0
    """In bytes; 0 when the platform did not say."""
    url: str = ""
    """Where to open it: a Slack permalink (``https://``), a Matrix ``mxc://`` URI."""
    decryption: str = ""
    """For a file of an encrypted Matrix room: its ``file`` object (key, iv, hashes) as JSON,
    what a client needs to decrypt the content it downloads. Never the content itself."""

    @property
    def opens_in_browser(self) -> bool:
        return self.url.startswith("https://")

    @property
    def accepted_type(self) -> bool:
        mime = self.mime_type.lower()
        return any(mime.startswith(accepted) for accepted in ACCEPTED_TYPES)


@dataclass(frozen=True, kw_only=True)
class StoredAttachment:
    """An attachment of report ``anomaly_id``: who attached it, when, from which platform."""

    id: int | None = None
    anomaly_id: int
    platform: str
    attachment: Attachment
    attached_by: UserId
    attached_at: datetime


def size_text(size: int) -> str:
    """``2.4 MB``, ``310 KB``, ``800 B``; empty for an unknown size."""
    if size <= 0:
        return ""
    if size < 1024:
        return f"{size} B"
    if size < 1024 * 1024:
        return f"{round(size / 1024)} KB"
    return f"{size / (1024 * 1024):.1f} MB"


class NoAttachments:
    """A store that keeps nothing (bots built without a database, such as toy bots in tests):
    nothing is attached, every report has none."""

    def attach(
        self,
        anomaly_id: int,
        attachments: Sequence[Attachment],
        *,
        platform: str,
        by: UserId,
        at: datetime,
    ) -> list[StoredAttachment]:
        return []

    def of(self, anomaly_id: int) -> list[StoredAttachment]:
        return []

    def counts(self, anomaly_ids: Sequence[int]) -> dict[int, int]:
        return {}

    def latest_report(
        self, reporter: UserId, conversation_id: ConversationId, *, since: datetime
    ) -> int | None:
        return None


ATTACH_COMMAND = "attach"
"""The (hidden) command the core runs for a message that holds only files: it attaches them to
the sender's report made there within :data:`ATTACH_WINDOW` (see :meth:`chatbot.bot.Bot.handle`)."""
