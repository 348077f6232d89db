"""Persistence: SQLModel tables and the repositories implementing :mod:`chatbot.ports`.

``open_storage(url)`` opens SQLite (``sqlite:///path``) or PostgreSQL (``postgresql://...``,
driven by psycopg 3) and brings the schema up to date with the Alembic migrations.
"""

from __future__ import annotations

import logging
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import Engine

from chatbot import ports
from chatbot.ports import AnomalyRepository, OnboardingRepository
from storage.anomalies_repo import SqlAnomalies
from storage.answers_repo import SqlSharedAnswers
from storage.attachments_repo import SqlAttachments
from storage.directory_repo import SqlDirectory
from storage.engine import make_engine
from storage.migrate import current_revision, head_revision, startup_lock, upgrade, upgrade_engine
from storage.misc_repos import SqlEventLog, SqlMissedSearches, SqlRoles, SqlStateStore
from storage.onboarding_repo import SqlOnboarding
from storage.outbox_repo import SqlOutbox
from storage.preferences_repo import SqlPreferences
from storage.questions_repo import SqlOpenQuestions
from storage.suggestions_repo import SqlSuggestions
from storage.thesaurus_repo import SqlThesaurus
from storage.threads_repo import SqlThreads
from storage.undecrypted_repo import SqlUndecryptedEvents
from storage.web_repo import SqlWebSessions

log = logging.getLogger(__name__)


@dataclass(kw_only=True)
class Storage:
    engine: Engine
    directory: SqlDirectory
    suggestions: SqlSuggestions
    missed_searches: SqlMissedSearches
    thesaurus: SqlThesaurus
    roles: SqlRoles
    events: SqlEventLog
    state: SqlStateStore
    outbox: SqlOutbox
    open_questions: SqlOpenQuestions
    anomalies: SqlAnomalies
    onboarding: SqlOnboarding
    shared_answers: SqlSharedAnswers
    undecrypted: SqlUndecryptedEvents
    attachments: SqlAttachments
    threads: SqlThreads
    preferences: SqlPreferences
    web_sessions: SqlWebSessions

    def startup_lock(self) -> AbstractContextManager[None]:
        """Held by one starting bot at a time on this database (see :func:`startup_lock`)."""
        return startup_lock(self.engine)

    def close(self) -> None:
        self.engine.dispose()


def open_storage(url: str, *, migrate: bool = True) -> Storage:
    """Open the database at ``url``; with ``migrate``, upgrade its schema first."""
    engine = make_engine(url)
    try:
        if migrate:
            upgrade_engine(engine)
        elif current_revision(engine) != head_revision():
            log.warning("database schema is not up to date: run `chatbot db upgrade`")
    except Exception:
        engine.dispose()
        raise
    return Storage(
        engine=engine,
        directory=SqlDirectory(engine),
        suggestions=SqlSuggestions(engine),
        missed_searches=SqlMissedSearches(engine),
        thesaurus=SqlThesaurus(engine),
        roles=SqlRoles(engine),
        events=SqlEventLog(engine),
        state=SqlStateStore(engine),
        outbox=SqlOutbox(engine),
        open_questions=SqlOpenQuestions(engine),
        anomalies=SqlAnomalies(engine),
        onboarding=SqlOnboarding(engine),
        shared_answers=SqlSharedAnswers(engine),
        undecrypted=SqlUndecryptedEvents(engine),
        attachments=SqlAttachments(engine),
        threads=SqlThreads(engine),
        preferences=SqlPreferences(engine),
        web_sessions=SqlWebSessions(engine),
    )


if TYPE_CHECKING:  # mypy checks that the repositories implement the core's ports

    def _implements_ports(storage: Storage) -> None:
        _directory: ports.DirectoryRepository = storage.directory
        _suggestions: ports.SuggestionRepository = storage.suggestions
        _missed: ports.MissedSearchRepository = storage.missed_searches
        _thesaurus: ports.ThesaurusRepository = storage.thesaurus
        _roles: ports.RoleRepository = storage.roles
        _events: ports.EventLog = storage.events
        _state: ports.StateStore = storage.state
        _outbox: ports.OutboxRepository = storage.outbox
        _questions: ports.OpenQuestionRepository = storage.open_questions
        _anomalies: AnomalyRepository = storage.anomalies
        _onboarding: OnboardingRepository = storage.onboarding
        _shared: ports.SharedAnswers = storage.shared_answers
        _undecrypted: ports.UndecryptedEvents = storage.undecrypted
        _attachments: ports.AttachmentRepository = storage.attachments
        _threads: ports.ThreadRepository = storage.threads
        _preferences: ports.PreferenceRepository = storage.preferences
        _web: ports.WebSessionRepository = storage.web_sessions


__all__ = ["Storage", "open_storage", "upgrade"]
