"""The core's ports: what commands need from the outside world, as Protocols, all here.

``storage/`` implements the repositories, adapters implement :class:`Messenger` and
:class:`People`, tests swap in fakes. Every write method commits before it returns, in one
transaction: what a command acknowledges to a user is already saved.
"""

from chatbot.ports.anomalies import AnomalyRepository
from chatbot.ports.attachments import AttachmentRepository
from chatbot.ports.conversation import OpenQuestion, OpenQuestionRepository, RoleRepository
from chatbot.ports.directory import (
    DirectoryRepository,
    MissedSearchRepository,
    SuggestionRepository,
    ThesaurusRepository,
)
from chatbot.ports.onboarding import OnboardingRepository
from chatbot.ports.outbox import DeadLetter, OutboxMessage, OutboxRepository
from chatbot.ports.platform import (
    Clock,
    EventLog,
    Messenger,
    People,
    SharedAnswers,
    StateStore,
    UndecryptedEvent,
    UndecryptedEvents,
)
from chatbot.ports.preferences import PreferenceRepository, QuietSchedule
from chatbot.ports.threads import ThreadedMessenger, ThreadRepository, ThreadRoot
from chatbot.ports.web import WebSession, WebSessionRepository

__all__ = [
    "AnomalyRepository",
    "AttachmentRepository",
    "Clock",
    "DeadLetter",
    "DirectoryRepository",
    "EventLog",
    "Messenger",
    "MissedSearchRepository",
    "OnboardingRepository",
    "OpenQuestion",
    "OpenQuestionRepository",
    "OutboxMessage",
    "OutboxRepository",
    "People",
    "PreferenceRepository",
    "QuietSchedule",
    "RoleRepository",
    "SharedAnswers",
    "StateStore",
    "SuggestionRepository",
    "ThesaurusRepository",
    "ThreadRepository",
    "ThreadRoot",
    "ThreadedMessenger",
    "UndecryptedEvent",
    "UndecryptedEvents",
    "WebSession",
    "WebSessionRepository",
]
