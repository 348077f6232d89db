"""Retention: finished journeys (completed or left) past their time lose whatever names a person.

The journey's row and its ticks keep their figures (checklist, version, dates, which step when)
under a random ``anonymous:`` id; the newcomer's id and name, who enrolled them, their buddy,
their time zone, who ticked each step and why one was waived are gone. Each journey is changed
by one guarded update (still there under its old id, still finished before the cutoff), so two
processes running the daily job at once anonymise it once."""

from __future__ import annotations

import secrets
from datetime import datetime

from sqlalchemy import ColumnElement, case, or_, update
from sqlmodel import col, select

from chatbot.ports.onboarding import ANONYMOUS
from storage.onboarding_reminders import forget_reminders
from storage.sessions import Sessions
from storage.tables import NewcomerRow, OnboardingTickRow, table_of


def anonymise_finished(sessions: Sessions, *, finished_before: datetime) -> int:
    """Anonymise every journey completed or left before ``finished_before``; returns how many."""
    query = (
        select(NewcomerRow.user_id)
        .where(~col(NewcomerRow.user_id).startswith(ANONYMOUS))
        .where(_finished_before(finished_before))
    )
    with sessions.read() as session:
        user_ids = list(session.exec(query))
    count = 0
    for user_id in user_ids:
        new_id = ANONYMOUS + secrets.token_hex(8)
        with sessions.write() as session:
            connection = session.connection()
            changed = connection.execute(
                update(table_of(NewcomerRow))
                .where(col(NewcomerRow.user_id) == user_id)
                .where(_finished_before(finished_before))
                .values(
                    user_id=new_id,
                    user_name="",
                    enrolled_by=ANONYMOUS,
                    mentor=None,
                    timezone=None,
                    archived_of=None,
                )
            )
            if changed.rowcount != 1:
                continue  # another process did it, or the person was enrolled afresh
            connection.execute(
                update(table_of(OnboardingTickRow))
                .where(col(OnboardingTickRow.user_id) == user_id)
                .values(
                    user_id=new_id,
                    by=None,
                    waived_reason=case(
                        (col(OnboardingTickRow.waived_reason).is_not(None), ""), else_=None
                    ),
                )
            )
            forget_reminders(session, user_id)
            count += 1
    return count


def _finished_before(cutoff: datetime) -> ColumnElement[bool]:
    return or_(col(NewcomerRow.completed_at) < cutoff, col(NewcomerRow.left_at) < cutoff)
