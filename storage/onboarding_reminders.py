"""Onboarding reminders and earlier journeys (part of :class:`storage.onboarding_repo.
SqlOnboarding`): where each overdue step's reminders stand, claimed by a guarded update so
that two processes send each one once; finished journeys kept when someone starts afresh."""

from __future__ import annotations

from datetime import date

from sqlalchemy import delete, update
from sqlmodel import Session, col, select

from chatbot.ids import UserId
from chatbot.onboarding import Reminder
from storage.misc_repos import _insert
from storage.sessions import Sessions
from storage.tables import NewcomerRow, OnboardingReminderRow, OnboardingTickRow, table_of

ARCHIVE_SEPARATOR = "~"
"""An earlier journey's id: ``<person>~<its start>``."""


class OnboardingReminders:
    """Methods of :class:`~storage.onboarding_repo.SqlOnboarding`, which provides ``_sessions``."""

    _sessions: Sessions

    def reminders(self, user_id: UserId) -> dict[int, Reminder]:
        with self._sessions.read() as session:
            rows = session.exec(
                select(OnboardingReminderRow).where(col(OnboardingReminderRow.user_id) == user_id)
            )
            return {
                row.step: Reminder(
                    step=row.step,
                    level=row.level,
                    sent_on=row.sent_on,
                    snoozed_until=row.snoozed_until,
                )
                for row in rows
            }

    def claim_reminder(self, user_id: UserId, step: int, *, level: int, on: date) -> bool:
        table = table_of(OnboardingReminderRow)
        with self._sessions.write() as session:
            connection = session.connection()
            if level == 0:
                statement = (
                    _insert(self._sessions.engine, OnboardingReminderRow)
                    .values(user_id=user_id, step=step, level=0, sent_on=on, snoozed_until=None)
                    .on_conflict_do_nothing(index_elements=["user_id", "step"])
                    .returning(table.c.step)
                )
                if connection.execute(statement).first() is not None:
                    return True
            changed = connection.execute(
                update(table)
                .where(col(OnboardingReminderRow.user_id) == user_id)
                .where(col(OnboardingReminderRow.step) == step)
                .where(col(OnboardingReminderRow.level) == level - 1)
                .values(level=level, sent_on=on, snoozed_until=None)
            )
            return changed.rowcount == 1

    def snooze(self, user_id: UserId, step: int, *, until: date) -> None:
        table = table_of(OnboardingReminderRow)
        with self._sessions.write() as session:
            connection = session.connection()
            changed = connection.execute(
                update(table)
                .where(col(OnboardingReminderRow.user_id) == user_id)
                .where(col(OnboardingReminderRow.step) == step)
                .values(snoozed_until=until)
            )
            if changed.rowcount == 0:
                connection.execute(
                    _insert(self._sessions.engine, OnboardingReminderRow)
                    .values(user_id=user_id, step=step, level=-1, snoozed_until=until)
                    .on_conflict_do_update(
                        index_elements=["user_id", "step"], set_={"snoozed_until": until}
                    )
                )


def forget_reminders(session: Session, user_id: str) -> None:
    session.connection().execute(
        delete(table_of(OnboardingReminderRow)).where(col(OnboardingReminderRow.user_id) == user_id)
    )


def archive_journey(session: Session, row: NewcomerRow) -> None:
    """Keep ``row``'s finished journey and its ticks under ``<person>~<start>``, freeing the
    person's id for a new journey."""
    person = row.user_id
    new_id = f"{person}{ARCHIVE_SEPARATOR}{row.started_at.isoformat()}"
    connection = session.connection()
    connection.execute(
        update(table_of(NewcomerRow))
        .where(col(NewcomerRow.user_id) == person)
        .values(user_id=new_id, archived_of=person)
    )
    connection.execute(
        update(table_of(OnboardingTickRow))
        .where(col(OnboardingTickRow.user_id) == person)
        .values(user_id=new_id)
    )
    forget_reminders(session, person)
