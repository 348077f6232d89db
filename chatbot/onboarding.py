"""Onboarding checklists: templates of days and steps, and the newcomers walking through them.

A template is versioned: loading a changed file stores a new version, and each newcomer keeps
the version they started with. Steps are numbered across the whole template (1..N), so
``done 5`` means the same step whatever day it is. A role or site part (``Template.part_of``)
is joined to its general template at enrolment (:mod:`commands.onboarding.compose`); a day may
be due later than its place (``Day.offset``: day 7, day 30). A step may tick itself when its
``trigger`` happens (``lookup``: a successful lookup; ``report``: an anomaly report; ``join``:
joining the step's ``channel``; ``answer``: a first message in the step's ``channel``, by
default any welcome channel).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from chatbot.ids import UserId

TRIGGERS = ("lookup", "report", "join", "answer")
"""The actions a step can tick itself on: a successful lookup (``LookupSucceeded``), an anomaly
report (``AnomalyReported``), joining the step's channel (``MembershipChanged``), posting in
the step's channel or, without one, in a welcome channel (``MessagePosted``)."""

OWNERS = ("newcomer", "buddy", "coordinator")
"""Who does a step and ticks it: the newcomer (the default), their buddy (``Newcomer.mentor``)
or any coordinator. The owner gets the step by direct message on its day."""


@dataclass(frozen=True)
class StepLink:
    label: str
    url: str


@dataclass(frozen=True, kw_only=True)
class Step:
    title: str
    explanation: str = ""
    links: tuple[StepLink, ...] = ()
    trigger: str | None = None
    channel: str | None = None
    """With ``trigger == "join"``: the conversation id (``slack:C0123``) whose joining ticks it;
    with ``"answer"`` (optional): the one where posting ticks it (None: any welcome channel)."""
    owner: str = "newcomer"
    """One of :data:`OWNERS`."""
    id: str | None = None
    """A short name unique in the (composed) template (``charter``), for people and tests."""


@dataclass(frozen=True, kw_only=True)
class Day:
    title: str
    steps: tuple[Step, ...]
    offset: int | None = None
    """The day after the start it is due (``day: 7`` in the file; 1 is the start day); None:
    its position. It never starts before that day, and its steps are overdue after it."""


@dataclass(frozen=True)
class NumberedStep:
    number: int
    """1-based, across the whole template."""
    day: int
    """1-based day the step belongs to."""
    step: Step


@dataclass(frozen=True, kw_only=True)
class Template:
    name: str
    language: str
    title: str
    days: tuple[Day, ...]
    version: int = 0
    """0 until stored; then 1, 2, ... per (name, language)."""
    part_of: str | None = None
    """Set for a role or site part (``chat``, ``phone``): the general template it completes;
    a newcomer starts on the two composed (see :mod:`commands.onboarding.compose`)."""

    def offset(self, day: int) -> int:
        """The day after the start (1-based) that template day ``day`` is due."""
        return self.days[day - 1].offset or day

    def numbered(self) -> list[NumberedStep]:
        steps, number = [], 0
        for day_number, day in enumerate(self.days, start=1):
            for step in day.steps:
                number += 1
                steps.append(NumberedStep(number, day_number, step))
        return steps

    def steps_of_day(self, day: int) -> list[NumberedStep]:
        return [s for s in self.numbered() if s.day == day]

    @property
    def total_steps(self) -> int:
        return sum(len(day.steps) for day in self.days)

    def days_json(self) -> list[dict[str, Any]]:
        """The days as JSON-ready data (how storage keeps them, and what versions compare)."""
        return [
            {
                "title": day.title,
                # only when set, so the templates stored before it compare equal
                **({"day": day.offset} if day.offset else {}),
                "steps": [
                    {
                        "title": s.title,
                        "explanation": s.explanation,
                        "links": [{"label": link.label, "url": link.url} for link in s.links],
                        "trigger": s.trigger,
                        # only when set, so the templates stored before it compare equal
                        **({"channel": s.channel} if s.channel else {}),
                        **({"owner": s.owner} if s.owner != "newcomer" else {}),
                        **({"id": s.id} if s.id else {}),
                    }
                    for s in day.steps
                ],
            }
            for day in self.days
        ]


def days_from_json(data: list[dict[str, Any]]) -> tuple[Day, ...]:
    """The inverse of :meth:`Template.days_json`."""
    return tuple(
        Day(
            title=day["title"],
            steps=tuple(
                Step(
                    title=s["title"],
                    explanation=s.get("explanation") or "",
                    links=tuple(StepLink(li["label"], li["url"]) for li in s.get("links") or ()),
                    trigger=s.get("trigger"),
                    channel=s.get("channel"),
                    owner=s.get("owner") or "newcomer",
                    id=s.get("id"),
                )
                for s in day["steps"]
            ),
            offset=day.get("day"),
        )
        for day in data
    )


@dataclass(frozen=True, kw_only=True)
class Newcomer:
    user_id: UserId
    user_name: str
    template: str
    language: str
    version: int
    enrolled_by: UserId
    started_at: datetime
    day: int = 1
    """The day whose steps were last sent; moves on the morning after it is complete."""
    day_started_on: date
    """The newcomer's local date when ``day`` started."""
    last_activity_at: datetime
    """Enrolment, last tick or resume: what "stuck" is measured from."""
    done: frozenset[int] = field(default_factory=frozenset)
    """Steps ticked or waived."""
    waived: frozenset[int] = field(default_factory=frozenset)
    """The steps of ``done`` a coordinator waived."""
    paused: bool = False
    timezone: str | None = None
    mentor: UserId | None = None
    """The newcomer's buddy (the name the field and its column had before buddies)."""
    completed_at: datetime | None = None
    left_at: datetime | None = None

    @property
    def in_progress(self) -> bool:
        return self.left_at is None and self.completed_at is None

    def is_stuck(self, now: datetime, *, stuck_days: int) -> bool:
        """No progress for ``stuck_days`` while in progress and not paused."""
        return (
            self.in_progress
            and not self.paused
            and now - self.last_activity_at >= timedelta(days=stuck_days)
        )


@dataclass(frozen=True, kw_only=True)
class StepRecord:
    """One line of a journey's history: a step ticked (by its newcomer, someone else, or itself
    when ``by`` is None) or waived by a coordinator (``waived_reason`` set)."""

    step: int
    at: datetime
    by: UserId | None = None
    waived_reason: str | None = None


@dataclass(frozen=True, kw_only=True)
class Reminder:
    """Where the reminders of one overdue step stand: ``level`` is the last one sent (0: its
    owner, then the next people up), -1 before any; ``snoozed_until`` holds the next one back."""

    step: int
    level: int = -1
    sent_on: date | None = None
    snoozed_until: date | None = None


NEWCOMER_FIELDS = frozenset(
    {
        "user_name",
        "day",
        "day_started_on",
        "last_activity_at",
        "paused",
        "timezone",
        "mentor",
        "completed_at",
        "left_at",
    }
)
"""What :meth:`OnboardingRepository.update` may change."""
