"""Everything a command may use, handed to it through its context."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

from chatbot.attachments import NoAttachments
from chatbot.events import EventBus
from chatbot.messenger import MessengerRouter
from chatbot.outbox import OutboxMessenger
from chatbot.ports import (
    AnomalyRepository,
    AttachmentRepository,
    Clock,
    DirectoryRepository,
    MissedSearchRepository,
    OnboardingRepository,
    OpenQuestionRepository,
    OutboxRepository,
    People,
    PreferenceRepository,
    StateStore,
    SuggestionRepository,
    ThesaurusRepository,
)
from chatbot.preferences import MemoryPreferences
from chatbot.roles import RolePolicy
from chatbot.settings import Settings
from chatbot.web import WebSignIn


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


class MemoryState:
    """A :class:`~chatbot.ports.StateStore` that forgets at exit (no database)."""

    def __init__(self) -> None:
        self._values: dict[str, str] = {}

    def get(self, key: str) -> str | None:
        return self._values.get(key)

    def set(self, key: str, value: str) -> None:
        self._values[key] = value


@dataclass(kw_only=True)
class Services:
    settings: Settings
    clock: Clock
    messenger: OutboxMessenger
    """How a command speaks to someone other than the person it answers."""
    directory: DirectoryRepository
    suggestions: SuggestionRepository
    missed_searches: MissedSearchRepository
    thesaurus: ThesaurusRepository
    roles: RolePolicy
    outbox: OutboxRepository
    open_questions: OpenQuestionRepository
    """What the bot asked and waits an answer for (see chatbot.prompts)."""
    anomalies: AnomalyRepository
    onboarding: OnboardingRepository
    bus: EventBus = field(default_factory=EventBus)
    people: People = field(default_factory=MessengerRouter)
    """Display names; the default, with no adapter registered, names everyone by their id."""
    first_started_at: datetime | None = None
    """When this database first served a bot: schedules catch up nothing older."""
    attachments: AttachmentRepository = field(default_factory=NoAttachments)
    """Files attached to reports (references); the default keeps none."""
    preferences: PreferenceRepository = field(default_factory=MemoryPreferences)
    """How each person wants to be told (quiet hours, each event or a daily summary)."""
    web: WebSignIn | None = None
    """Sign-in links and sessions of the web cockpit (None: no database to keep them)."""
    state: StateStore = field(default_factory=MemoryState)
    """Small named values kept across restarts (when the latest ``digest send`` ended)."""

    async def publish(self, event: object) -> None:
        """Tell the capabilities listening for ``event``'s type; never raises."""
        await self.bus.publish(self, event)
