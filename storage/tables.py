"""The database tables (SQLModel). Rows map to the core's records in the repositories.

Phones and aliases are kept as one text column each, in the ``" | "``-separated form of
:func:`chatbot.directory.field_as_text`, so loading the whole directory is one query.
History rows keep ``entry_id`` and ``entry_name`` without a foreign key: they outlive the entry.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Index, String, Table, Text, false
from sqlmodel import Field, SQLModel

from storage.types import UTCDateTime


class EntryRow(SQLModel, table=True):
    __tablename__ = "entry"
    __table_args__ = (
        Index("ux_entry_name_key", "name_key", unique=True),
        # Never reuse the id of a removed entry: its history still points at it.
        {"sqlite_autoincrement": True},
    )

    id: int | None = Field(default=None, primary_key=True)
    name: str
    name_key: str
    """``name`` stripped and case-folded: what makes two names the same entry."""
    aliases: str = Field(default="", sa_type=Text)
    theme: str = ""
    phones: str = Field(default="", sa_type=Text)
    email: str = ""
    url: str = Field(default="", sa_type=Text)
    address: str = Field(default="", sa_type=Text)
    hours: str = Field(default="", sa_type=Text)
    notes: str = Field(default="", sa_type=Text)
    visibility: str = Field(default="public", sa_type=String(16))
    last_verified_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    last_verified_by: str | None = None
    demo: bool = Field(default=False, sa_column_kwargs={"server_default": false()})
    """Seeded by the demo directory (see ``chatbot.directory.Entry.demo``)."""
    # Who verifies, flags, per-field checks and lookups (migration 0014, chatbot.directory.Entry).
    verifier: str | None = None
    verify_every_days: int | None = None
    last_verified_by_name: str = Field(default="", sa_column_kwargs={"server_default": ""})
    flag: str = Field(default="", sa_type=Text, sa_column_kwargs={"server_default": ""})
    flagged_by: str | None = None
    flagged_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    phones_verified_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    hours_verified_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    lookups: int = Field(default=0, sa_column_kwargs={"server_default": "0"})
    """Counted without a revision bump: a lookup never rebuilds the search index."""


class ChangeRow(SQLModel, table=True):
    __tablename__ = "entry_change"
    __table_args__ = (Index("ix_entry_change_entry_id", "entry_id"),)

    id: int | None = Field(default=None, primary_key=True)
    entry_id: int
    entry_name: str
    kind: str = Field(sa_type=String(16))
    actor: str
    at: datetime = Field(sa_type=UTCDateTime)
    field: str = ""
    old: str = Field(default="", sa_type=Text)
    new: str = Field(default="", sa_type=Text)
    suggested_by: str = Field(default="", sa_column_kwargs={"server_default": ""})
    """Who suggested the change a coordinator (``actor``) approved; "" when made directly."""


class RevisionRow(SQLModel, table=True):
    """One row counting directory writes (see ``DirectoryRepository.revision``)."""

    __tablename__ = "directory_revision"

    id: int = Field(default=1, primary_key=True)
    value: int = 0


class SuggestionRow(SQLModel, table=True):
    __tablename__ = "suggestion"
    __table_args__ = (
        Index("ix_suggestion_entry_id", "entry_id"),
        Index("ix_suggestion_status", "status"),
    )

    id: int | None = Field(default=None, primary_key=True)
    entry_id: int
    entry_name: str
    """The entry's name when suggested; shown if the entry was removed since."""
    field: str
    value: str = Field(sa_type=Text)
    suggested_by: str
    suggested_by_name: str = ""
    created_at: datetime = Field(sa_type=UTCDateTime)
    status: str = Field(default="pending", sa_type=String(16))
    decided_by: str | None = None
    decided_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    reason: str = Field(default="", sa_type=Text)


class MissedSearchRow(SQLModel, table=True):
    __tablename__ = "missed_search"
    __table_args__ = (
        Index("ix_missed_search_at", "at"),
        Index("ix_missed_search_user_at", "user_id", "at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    query: str
    """The query folded (lower case, no accents) and with single spaces, to group by."""
    user_id: str
    at: datetime = Field(sa_type=UTCDateTime)
    followed_up: bool = False
    """A successful lookup followed it (and may have taught an alias)."""


class ThesaurusVersionRow(SQLModel, table=True):
    """One version of the programme's own synonyms; the highest id is the current one."""

    __tablename__ = "thesaurus_version"
    __table_args__ = ({"sqlite_autoincrement": True},)

    id: int | None = Field(default=None, primary_key=True)
    text: str = Field(sa_type=Text)
    actor: str
    at: datetime = Field(sa_type=UTCDateTime)
    note: str = Field(default="", sa_type=Text)


class RoleRow(SQLModel, table=True):
    __tablename__ = "role_override"

    user_id: str = Field(primary_key=True)
    role: str = Field(sa_type=String(16))
    set_by: str
    set_at: datetime = Field(sa_type=UTCDateTime)


class EventRow(SQLModel, table=True):
    __tablename__ = "handled_event"

    key: str = Field(primary_key=True)
    at: datetime = Field(sa_type=UTCDateTime)


class StateRow(SQLModel, table=True):
    __tablename__ = "kv_state"

    key: str = Field(primary_key=True)
    value: str = Field(sa_type=Text)


class UndecryptedEventRow(SQLModel, table=True):
    """A Matrix event waiting for its room key (see adapters.matrix.undecrypted)."""

    __tablename__ = "undecrypted_event"
    __table_args__ = (
        Index("ix_undecrypted_event_session_id", "session_id"),
        Index("ix_undecrypted_event_sent_at", "sent_at"),
    )

    event_id: str = Field(primary_key=True)
    room_id: str
    session_id: str
    payload: str = Field(sa_type=Text)
    sent_at: datetime = Field(sa_type=UTCDateTime)


class OpenQuestionRow(SQLModel, table=True):
    """A question the bot waits an answer for (see chatbot.prompts): one per user and
    conversation, removed when answered, cancelled, or replaced; expired ones are swept."""

    __tablename__ = "open_question"
    __table_args__ = (Index("ix_open_question_expires_at", "expires_at"),)

    user_id: str = Field(primary_key=True)
    conversation_id: str = Field(primary_key=True)
    command_line: str = Field(sa_type=Text)
    rest_of_line: bool
    asked_at: datetime = Field(sa_type=UTCDateTime)
    expires_at: datetime = Field(sa_type=UTCDateTime)


class SharedAnswerRow(SQLModel, table=True):
    """An answer a click may publish as it is (Slack's "Share in channel"); expired ones are
    swept."""

    __tablename__ = "shared_answer"
    __table_args__ = (Index("ix_shared_answer_expires_at", "expires_at"),)

    id: str = Field(primary_key=True, sa_type=String(64))
    reply: str = Field(sa_type=Text)
    expires_at: datetime = Field(sa_type=UTCDateTime)


class OutboxRow(SQLModel, table=True):
    """A message owed to someone, kept until a platform confirmed it (see chatbot.outbox)."""

    __tablename__ = "outbox"
    __table_args__ = (
        Index("ux_outbox_key", "key", unique=True),
        Index("ix_outbox_due", "sent_at", "next_attempt_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    key: str | None = None
    """Unique when set: a digest period or a nudge is enqueued once, whoever tries."""
    recipient: str
    to_user: bool
    payload: str = Field(sa_type=Text)
    created_at: datetime = Field(sa_type=UTCDateTime)
    next_attempt_at: datetime = Field(sa_type=UTCDateTime)
    attempts: int = 0
    sent_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    lease_holder: str | None = None
    lease_until: datetime | None = Field(default=None, sa_type=UTCDateTime)
    last_error: str = Field(default="", sa_type=Text)
    dead_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    """Set when delivery stopped for good (a dead letter); ``last_error`` says why."""
    thread: str | None = Field(default=None, sa_type=String(64))
    """The thread it belongs to (``anomaly:12``): posted in it, or the thread's root if none."""
    card: bool = False
    """With ``thread``: replaces the thread's root message (the report's card) in place."""


class OnboardingTemplateRow(SQLModel, table=True):
    """One version of an onboarding checklist; its days and steps as JSON."""

    __tablename__ = "onboarding_template"
    __table_args__ = (
        Index("ux_onboarding_template_version", "name", "language", "version", unique=True),
    )

    id: int | None = Field(default=None, primary_key=True)
    name: str
    language: str = Field(sa_type=String(16))
    version: int
    title: str
    days: str = Field(sa_type=Text)
    loaded_by: str
    loaded_at: datetime = Field(sa_type=UTCDateTime)
    part_of: str | None = None
    """A role or site part: the general template it completes (migration 0017)."""


class NewcomerRow(SQLModel, table=True):
    """A newcomer's walk through one template version (one row per user)."""

    __tablename__ = "onboarding_newcomer"

    user_id: str = Field(primary_key=True)
    user_name: str = ""
    template: str
    language: str = Field(sa_type=String(16))
    version: int
    enrolled_by: str
    started_at: datetime = Field(sa_type=UTCDateTime)
    day: int = 1
    day_started_on: date
    last_activity_at: datetime = Field(sa_type=UTCDateTime)
    paused: bool = False
    timezone: str | None = None
    mentor: str | None = None
    completed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    left_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    archived_of: str | None = Field(default=None, index=True)
    """Set on an earlier, finished journey of that person, kept when they started another one
    (its ``user_id`` is then ``<person>~<start>``; migration 0017)."""


class OnboardingReminderRow(SQLModel, table=True):
    """The reminders of one overdue step of a journey: the last level sent (0: its owner) and
    a snooze; the guarded update of ``level`` sends each one once across processes."""

    __tablename__ = "onboarding_reminder"

    user_id: str = Field(primary_key=True)
    step: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    level: int = -1
    sent_on: date | None = None
    snoozed_until: date | None = None


class OnboardingTickRow(SQLModel, table=True):
    """A step a newcomer has done, or a coordinator waived (``waived_reason`` set); the key makes
    ticking twice harmless."""

    __tablename__ = "onboarding_tick"

    user_id: str = Field(primary_key=True)
    step: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    at: datetime = Field(sa_type=UTCDateTime)
    by: str | None = None
    """Who ticked or waived it; None when it ticked itself (or before migration 0016)."""
    waived_reason: str | None = Field(default=None, sa_type=Text)


class AnomalyRow(SQLModel, table=True):
    """An anomaly report (see chatbot.anomalies); indexed for digests bounded by a period."""

    __tablename__ = "anomaly"
    __table_args__ = (
        Index("ix_anomaly_created_at", "created_at"),
        Index("ix_anomaly_closed_at", "closed_at"),
        Index("ix_anomaly_status_created_at", "status", "created_at"),
        Index("ix_anomaly_status_plus_ones", "status", "plus_ones"),
    )

    id: int | None = Field(default=None, primary_key=True)
    text: str = Field(sa_type=Text)
    category: str = Field(sa_type=String(64))
    severity: str = Field(default="normal", sa_type=String(16))
    link: str = Field(default="", sa_type=Text)
    reporter: str
    reporter_name: str = ""
    platform: str = Field(sa_type=String(32))
    conversation_id: str
    permalink: str | None = Field(default=None, sa_type=Text)
    created_at: datetime = Field(sa_type=UTCDateTime)
    status: str = Field(default="new", sa_type=String(16))
    updated_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    closed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    assignee: str | None = None
    note: str = Field(default="", sa_type=Text)
    merged_into: int | None = None
    redacted: bool = False
    plus_ones: int = 0
    """How many supporters (rows of ``anomaly_supporter``): sorts "most +1'd" by index."""
    escalation_level: int = 0
    """0, then 1 once re-sent to coordinators unacknowledged, 2 once sent to admins."""
    escalated_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class AnomalySupporterRow(SQLModel, table=True):
    """A +1: the primary key makes supporting twice harmless."""

    __tablename__ = "anomaly_supporter"
    __table_args__ = (Index("ix_anomaly_supporter_user_id", "user_id"),)

    anomaly_id: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    user_id: str = Field(primary_key=True)
    at: datetime = Field(sa_type=UTCDateTime)


class AnomalyChangeRow(SQLModel, table=True):
    __tablename__ = "anomaly_change"
    __table_args__ = (Index("ix_anomaly_change_anomaly_id", "anomaly_id"),)

    id: int | None = Field(default=None, primary_key=True)
    anomaly_id: int
    kind: str = Field(sa_type=String(16))
    actor: str
    at: datetime = Field(sa_type=UTCDateTime)
    text: str = Field(default="", sa_type=Text)


class NotificationPreferenceRow(SQLModel, table=True):
    """How one person wants to be told (``quiet`` and ``notifications`` commands)."""

    __tablename__ = "notification_preference"
    __table_args__ = (Index("ix_notification_preference_mode", "mode"),)

    user_id: str = Field(primary_key=True)
    quiet_hours: str | None = Field(default=None, sa_type=String(16))
    """``20:00-08:00``, ``""`` for none; None: ``BOT_QUIET_HOURS``."""
    mode: str = Field(default="each", sa_type=String(16))
    """``each`` event as it happens, or a ``daily`` summary."""
    updated_at: datetime = Field(sa_type=UTCDateTime)


class ReportThreadRow(SQLModel, table=True):
    """Where a thread (``anomaly:12``) hangs for one recipient: the platform's reference of its
    root message (see chatbot.ports.threads)."""

    __tablename__ = "report_thread"

    thread: str = Field(primary_key=True, sa_type=String(64))
    recipient: str = Field(primary_key=True)
    ref: str = Field(sa_type=Text)
    message_id: int
    """The outbox message that posted the root."""
    card_message_id: int | None = None
    """The newest outbox card shown on the root."""
    at: datetime = Field(sa_type=UTCDateTime)


class WebLinkRow(SQLModel, table=True):
    """A one-time sign-in link to the web cockpit: the SHA-256 of its token, never the token."""

    __tablename__ = "web_link"

    token_hash: str = Field(primary_key=True, sa_type=String(64))
    user_id: str
    created_at: datetime = Field(sa_type=UTCDateTime)
    expires_at: datetime = Field(sa_type=UTCDateTime)
    used_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class WebSessionRow(SQLModel, table=True):
    """A signed-in browser: the SHA-256 of its cookie, whose identity it acts for (the role is
    looked up on every request, never kept here), its form (CSRF) token and the key signing
    its forms' commands (shared by every process, unlike a key in memory)."""

    __tablename__ = "web_session"

    session_hash: str = Field(primary_key=True, sa_type=String(64))
    user_id: str
    csrf: str = Field(sa_type=String(64))
    form_key: str = Field(sa_type=String(64))
    language: str = Field(default="", sa_type=String(16))
    created_at: datetime = Field(sa_type=UTCDateTime)
    expires_at: datetime = Field(sa_type=UTCDateTime)


metadata = SQLModel.metadata


def table_of(model: type[SQLModel]) -> Table:
    """The Core table of a model, for statements that bypass the ORM."""
    return metadata.tables[str(model.__tablename__)]


entry_table = table_of(EntryRow)


class AnomalyAttachmentRow(SQLModel, table=True):
    """A file attached to a report: a reference (Slack permalink, Matrix ``mxc://`` URI), never
    the content. Unique per platform file: a retried event attaches nothing twice."""

    __tablename__ = "anomaly_attachment"
    __table_args__ = (
        Index("ux_anomaly_attachment_file", "platform", "file_id", unique=True),
        Index("ix_anomaly_attachment_anomaly_id", "anomaly_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    anomaly_id: int
    platform: str = Field(sa_type=String(32))
    file_id: str = Field(sa_type=String(512))
    name: str = Field(default="", sa_type=Text)
    mime_type: str = Field(default="", sa_type=String(255))
    size: int = 0
    url: str = Field(default="", sa_type=Text)
    decryption: str = Field(default="", sa_type=Text)
    """A Matrix encrypted file's key, iv and hashes (JSON); empty otherwise."""
    attached_by: str
    attached_at: datetime = Field(sa_type=UTCDateTime)


class ReferentRow(SQLModel, table=True):
    """A named contact of an entry (``chatbot.directory.Referent``), in the entry's order;
    removed with the entry (its history lines stay)."""

    __tablename__ = "entry_referent"
    __table_args__ = (Index("ix_entry_referent_entry_id", "entry_id"),)

    id: int | None = Field(default=None, primary_key=True)
    entry_id: int = Field(foreign_key="entry.id", ondelete="CASCADE")
    position: int = 0
    name: str = Field(sa_type=Text)
    function: str = Field(default="", sa_type=Text)
    phone: str = Field(default="", sa_type=Text)
    email: str = Field(default="", sa_type=Text)
    public: bool = Field(default=False, sa_column_kwargs={"server_default": false()})
