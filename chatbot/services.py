"""Everything a command may use, handed to it through its context."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar

from chatbot.anomalies import AnomalyRepository
from chatbot.events import EventBus
from chatbot.ids import UserId
from chatbot.messenger import MessengerRouter
from chatbot.onboarding import OnboardingRepository
from chatbot.ports import (
    Clock,
    DirectoryRepository,
    Messenger,
    MissedSearchRepository,
    OpenQuestionRepository,
    OutboxRepository,
    People,
    RoleRepository,
    SuggestionRepository,
    ThesaurusRepository,
)
from chatbot.reply import Reply
from chatbot.roles import Role
from chatbot.settings import Settings

T = TypeVar("T")


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


@dataclass(kw_only=True)
class Services:
    settings: Settings
    clock: Clock
    messenger: Messenger
    directory: DirectoryRepository
    suggestions: SuggestionRepository
    missed_searches: MissedSearchRepository
    thesaurus: ThesaurusRepository
    roles: RoleRepository
    outbox: OutboxRepository
    open_questions: OpenQuestionRepository
    """What the bot asked and waits an answer for (see chatbot.prompts)."""
    anomalies: AnomalyRepository
    onboarding: OnboardingRepository
    bus: EventBus = field(default_factory=EventBus)
    people: People = field(default_factory=MessengerRouter)
    """Display names; the default, with no adapter registered, names everyone by their id."""
    wake_outbox: Callable[[], None] = lambda: None
    first_started_at: datetime | None = None
    """When this database first served a bot: schedules catch up nothing older."""
    _states: dict[type, Any] = field(default_factory=dict)

    def send_once(
        self,
        recipient: str,
        reply: Reply,
        *,
        to_user: bool,
        key: str,
        after: timedelta | None = None,
    ) -> bool:
        """Owe ``reply`` to ``recipient`` unless a message with ``key`` was ever owed (False
        then): a digest period or a morning nudge goes out once, across restarts and
        processes. Delivery happens through the outbox, retried until the platform confirms;
        ``after``: not sooner than that from now (a rate limit)."""
        now = self.clock.now()
        stored = self.outbox.enqueue(
            recipient=recipient,
            to_user=to_user,
            reply=reply.to_json(),
            at=now,
            key=key,
            not_before=now + after if after else None,
        )
        if stored:
            self.wake_outbox()
        return stored

    async def publish(self, event: object) -> None:
        """Tell the capabilities listening for ``event``'s type; never raises."""
        await self.bus.publish(self, event)

    def role_of(self, user_id: UserId) -> Role:
        """An admin's choice first, then configuration, then volunteer."""
        stored = self.roles.get(user_id)
        if stored is not None:
            return stored
        if user_id in self.settings.bot_admins:
            return Role.ADMIN
        if user_id in self.settings.bot_coordinators:
            return Role.COORDINATOR
        return Role.VOLUNTEER

    def state(self, kind: type[T]) -> T:
        """One instance of ``kind`` per bot: where a capability keeps its caches."""
        if kind not in self._states:
            self._states[kind] = kind()
        state: T = self._states[kind]
        return state
