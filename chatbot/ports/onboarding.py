"""Onboarding journeys, stored."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Protocol

from chatbot.ids import UserId
from chatbot.onboarding import Newcomer, Reminder, StepRecord, Template

ANONYMOUS = "anonymous:"
"""How the ids of anonymised journeys start (see :meth:`OnboardingRepository.anonymise`)."""


class OnboardingRepository(Protocol):
    def save_template(
        self, template: Template, *, actor: UserId, at: datetime
    ) -> tuple[Template, bool]:
        """Store ``template`` as the next version of its (name, language), unless it equals the
        latest version; returns the stored template and whether a new version was created."""
        ...

    def template(self, name: str, language: str, version: int | None = None) -> Template | None:
        """One version (the latest when ``version`` is None)."""
        ...

    def templates(self) -> list[Template]:
        """The latest version of every (name, language), sorted."""
        ...

    def enrol(self, newcomer: Newcomer) -> Newcomer:
        """Start ``newcomer`` afresh. An earlier journey of the same user that is finished
        (completed or left) is kept with its ticks (see :meth:`past_journeys`); one still in
        progress is replaced and its ticks forgotten."""
        ...

    def past_journeys(self, user_id: UserId) -> list[Newcomer]:
        """The earlier, finished journeys kept when ``user_id`` started another, oldest first;
        each under its own id (pass it to :meth:`history`)."""
        ...

    def reminders(self, user_id: UserId) -> dict[int, Reminder]:
        """Where the reminders of the journey's overdue steps stand, by step."""
        ...

    def claim_reminder(self, user_id: UserId, step: int, *, level: int, on: date) -> bool:
        """Record that reminder ``level`` of ``step`` goes out ``on`` that day (and end its
        snooze), only if ``level - 1`` was the last one: True for exactly one caller."""
        ...

    def snooze(self, user_id: UserId, step: int, *, until: date) -> None:
        """Hold the next reminder of ``step`` back until ``until``."""
        ...

    def get(self, user_id: UserId) -> Newcomer | None: ...

    def in_progress(self, user_id: UserId) -> bool:
        """Whether ``user_id`` is a newcomer still following a checklist. Asked on every lookup,
        so it may be answered from memory (another process's enrolment shows within seconds)."""
        ...

    def newcomers(self) -> list[Newcomer]:
        """Everyone enrolled who has not left (completed ones included), oldest first."""
        ...

    def tick(self, user_id: UserId, step: int, *, at: datetime, by: UserId | None = None) -> bool:
        """Mark a step done (by ``by``; None when it ticked itself) and record the activity;
        False if it was already done or waived."""
        ...

    def untick(self, user_id: UserId, step: int) -> bool:
        """Take back a tick the newcomer made, by hand or by a message they posted (not a
        waiver, nor someone else's tick); False if there was none."""
        ...

    def waive(self, user_id: UserId, step: int, *, at: datetime, by: UserId, reason: str) -> bool:
        """Mark a step waived by coordinator ``by`` with ``reason``; it counts as done. False if
        it was already done or waived."""
        ...

    def history(self, user_id: UserId) -> list[StepRecord]:
        """Every step ticked or waived in the user's journey, oldest first (then by step)."""
        ...

    def update(self, user_id: UserId, changes: Mapping[str, object]) -> Newcomer:
        """Change fields named in :data:`NEWCOMER_FIELDS`; raises
        :class:`~chatbot.errors.NotFound` for an unknown newcomer."""
        ...

    def anonymise(self, *, finished_before: datetime) -> int:
        """Replace the names and ids of every journey completed or left before
        ``finished_before`` (an :data:`ANONYMOUS` id), keeping its figures; returns how many.
        Each journey is anonymised once, even by two processes at the same time."""
        ...
