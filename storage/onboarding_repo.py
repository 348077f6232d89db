"""Onboarding templates (versioned), newcomers and their ticks (see :mod:`chatbot.onboarding`)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import datetime

from sqlalchemy import Engine, delete, func, or_, update
from sqlmodel import Session, col, select
from sqlmodel.sql.expression import SelectOfScalar

from chatbot.errors import NotFound
from chatbot.ids import UserId
from chatbot.onboarding import (
    NEWCOMER_FIELDS,
    Newcomer,
    StepRecord,
    Template,
    days_from_json,
)
from storage.misc_repos import _insert
from storage.onboarding_reminders import OnboardingReminders, archive_journey, forget_reminders
from storage.onboarding_retention import anonymise_finished
from storage.sessions import FreshCache, Sessions
from storage.tables import NewcomerRow, OnboardingTemplateRow, OnboardingTickRow, table_of

IN_PROGRESS_FRESHNESS_SECONDS = 5.0


class SqlOnboarding(OnboardingReminders):
    def __init__(self, engine: Engine) -> None:
        self._sessions = Sessions(engine)
        self._in_progress = FreshCache(
            self._sessions, seconds=IN_PROGRESS_FRESHNESS_SECONDS, load=self._load_in_progress
        )

    # Templates

    def save_template(
        self, template: Template, *, actor: UserId, at: datetime
    ) -> tuple[Template, bool]:
        days = json.dumps(template.days_json(), ensure_ascii=False, sort_keys=True)
        with self._sessions.write() as session:
            latest = session.exec(
                _versions(template.name, template.language)
                .order_by(col(OnboardingTemplateRow.version).desc())
                .limit(1)
            ).first()
            if (
                latest is not None
                and latest.days == days
                and latest.title == template.title
                and latest.part_of == template.part_of
            ):
                return _template(latest), False
            row = OnboardingTemplateRow(
                name=template.name,
                language=template.language,
                version=(latest.version if latest else 0) + 1,
                title=template.title,
                days=days,
                loaded_by=actor,
                loaded_at=at,
                part_of=template.part_of,
            )
            session.add(row)
            session.flush()
            return _template(row), True

    def template(self, name: str, language: str, version: int | None = None) -> Template | None:
        query = _versions(name, language)
        if version is not None:
            query = query.where(col(OnboardingTemplateRow.version) == version)
        query = query.order_by(col(OnboardingTemplateRow.version).desc()).limit(1)
        with self._sessions.read() as session:
            row = session.exec(query).first()
            return None if row is None else _template(row)

    def templates(self) -> list[Template]:
        latest = (
            select(
                col(OnboardingTemplateRow.name),
                col(OnboardingTemplateRow.language),
                func.max(col(OnboardingTemplateRow.version)).label("version"),
            )
            .group_by(col(OnboardingTemplateRow.name), col(OnboardingTemplateRow.language))
            .subquery()
        )
        query = (
            select(OnboardingTemplateRow)
            .join(
                latest,
                (col(OnboardingTemplateRow.name) == latest.c.name)
                & (col(OnboardingTemplateRow.language) == latest.c.language)
                & (col(OnboardingTemplateRow.version) == latest.c.version),
            )
            .order_by(col(OnboardingTemplateRow.name), col(OnboardingTemplateRow.language))
        )
        with self._sessions.read() as session:
            return [_template(row) for row in session.exec(query)]

    # Newcomers

    def enrol(self, newcomer: Newcomer) -> Newcomer:
        with self._sessions.write() as session:
            existing = session.get(NewcomerRow, newcomer.user_id)
            if existing is not None and (existing.completed_at or existing.left_at):
                archive_journey(session, existing)
                session.expunge(existing)
            else:
                session.connection().execute(
                    delete(table_of(OnboardingTickRow)).where(
                        col(OnboardingTickRow.user_id) == newcomer.user_id
                    )
                )
                forget_reminders(session, newcomer.user_id)
                if existing is not None:
                    session.delete(existing)
                    session.flush()
            session.add(_row(newcomer))
            for step in sorted(newcomer.done):
                session.add(
                    OnboardingTickRow(user_id=newcomer.user_id, step=step, at=newcomer.started_at)
                )
        return self._get_or_fail(newcomer.user_id)

    def past_journeys(self, user_id: UserId) -> list[Newcomer]:
        query = (
            select(NewcomerRow)
            .where(col(NewcomerRow.archived_of) == user_id)
            .order_by(col(NewcomerRow.started_at))
        )
        with self._sessions.read() as session:
            rows = list(session.exec(query))
            ticks = _ticks(session, [r.user_id for r in rows])
            return [_newcomer(row, ticks) for row in rows]

    def get(self, user_id: UserId) -> Newcomer | None:
        with self._sessions.read() as session:
            row = session.get(NewcomerRow, user_id)
            return None if row is None else _newcomer(row, _ticks(session, [user_id]))

    def in_progress(self, user_id: UserId) -> bool:
        return user_id in self._in_progress.get()

    def _load_in_progress(self) -> frozenset[str]:
        query = (
            select(NewcomerRow.user_id)
            .where(col(NewcomerRow.left_at).is_(None))
            .where(col(NewcomerRow.completed_at).is_(None))
        )
        with self._sessions.read() as session:
            return frozenset(session.exec(query))

    def newcomers(self) -> list[Newcomer]:
        query = (
            select(NewcomerRow)
            .where(col(NewcomerRow.left_at).is_(None))
            .where(col(NewcomerRow.archived_of).is_(None))
            .order_by(col(NewcomerRow.started_at), col(NewcomerRow.user_id))
        )
        with self._sessions.read() as session:
            rows = list(session.exec(query))
            ticks = _ticks(session, [r.user_id for r in rows])
            return [_newcomer(row, ticks) for row in rows]

    def tick(self, user_id: UserId, step: int, *, at: datetime, by: UserId | None = None) -> bool:
        return self._mark(user_id, step, at=at, by=by, waived_reason=None)

    def untick(self, user_id: UserId, step: int) -> bool:
        statement = (
            delete(table_of(OnboardingTickRow))
            .where(col(OnboardingTickRow.user_id) == user_id)
            .where(col(OnboardingTickRow.step) == step)
            .where(or_(col(OnboardingTickRow.by) == user_id, col(OnboardingTickRow.by).is_(None)))
            .where(col(OnboardingTickRow.waived_reason).is_(None))
        )
        with self._sessions.write() as session:
            return bool(session.connection().execute(statement).rowcount)

    def waive(self, user_id: UserId, step: int, *, at: datetime, by: UserId, reason: str) -> bool:
        return self._mark(user_id, step, at=at, by=by, waived_reason=reason)

    def history(self, user_id: UserId) -> list[StepRecord]:
        query = (
            select(OnboardingTickRow)
            .where(col(OnboardingTickRow.user_id) == user_id)
            .order_by(col(OnboardingTickRow.at), col(OnboardingTickRow.step))
        )
        with self._sessions.read() as session:
            return [
                StepRecord(
                    step=row.step,
                    at=row.at,
                    by=UserId(row.by) if row.by else None,
                    waived_reason=row.waived_reason,
                )
                for row in session.exec(query)
            ]

    def _mark(
        self,
        user_id: UserId,
        step: int,
        *,
        at: datetime,
        by: UserId | None,
        waived_reason: str | None,
    ) -> bool:
        statement = (
            _insert(self._sessions.engine, OnboardingTickRow)
            .values(user_id=user_id, step=step, at=at, by=by, waived_reason=waived_reason)
            .on_conflict_do_nothing(index_elements=["user_id", "step"])
            .returning(table_of(OnboardingTickRow).c.step)
        )
        with self._sessions.write() as session:
            if session.get(NewcomerRow, user_id) is None:
                raise NotFound("newcomer", user_id)
            added = session.connection().execute(statement).first() is not None
            if added:
                session.connection().execute(
                    update(table_of(NewcomerRow))
                    .where(col(NewcomerRow.user_id) == user_id)
                    .values(last_activity_at=at)
                )
            return added

    def update(self, user_id: UserId, changes: Mapping[str, object]) -> Newcomer:
        unknown = set(changes) - NEWCOMER_FIELDS
        if unknown:
            raise ValueError(f"cannot change {sorted(unknown)}")
        with self._sessions.write() as session:
            result = session.connection().execute(
                update(table_of(NewcomerRow))
                .where(col(NewcomerRow.user_id) == user_id)
                .values(**changes)
            )
            if result.rowcount != 1:
                raise NotFound("newcomer", user_id)
        return self._get_or_fail(user_id)

    def anonymise(self, *, finished_before: datetime) -> int:
        return anonymise_finished(self._sessions, finished_before=finished_before)

    def _get_or_fail(self, user_id: UserId) -> Newcomer:
        newcomer = self.get(user_id)
        if newcomer is None:
            raise NotFound("newcomer", user_id)
        return newcomer


def _versions(name: str, language: str) -> SelectOfScalar[OnboardingTemplateRow]:
    return (
        select(OnboardingTemplateRow)
        .where(col(OnboardingTemplateRow.name) == name)
        .where(col(OnboardingTemplateRow.language) == language)
    )


def _template(row: OnboardingTemplateRow) -> Template:
    return Template(
        name=row.name,
        language=row.language,
        title=row.title,
        days=days_from_json(json.loads(row.days)),
        version=row.version,
        part_of=row.part_of,
    )


def _ticks(session: Session, user_ids: list[str]) -> dict[str, dict[int, bool]]:
    """Each user's ticked steps, each with whether it was waived."""
    ticks: dict[str, dict[int, bool]] = {u: {} for u in user_ids}
    if not user_ids:
        return ticks
    query = select(OnboardingTickRow).where(col(OnboardingTickRow.user_id).in_(user_ids))
    for tick in session.exec(query):
        ticks[tick.user_id][tick.step] = tick.waived_reason is not None
    return ticks


def _row(newcomer: Newcomer) -> NewcomerRow:
    return NewcomerRow(
        user_id=newcomer.user_id,
        user_name=newcomer.user_name,
        template=newcomer.template,
        language=newcomer.language,
        version=newcomer.version,
        enrolled_by=newcomer.enrolled_by,
        started_at=newcomer.started_at,
        day=newcomer.day,
        day_started_on=newcomer.day_started_on,
        last_activity_at=newcomer.last_activity_at,
        paused=newcomer.paused,
        timezone=newcomer.timezone,
        mentor=newcomer.mentor,
        completed_at=newcomer.completed_at,
        left_at=newcomer.left_at,
    )


def _newcomer(row: NewcomerRow, ticks: Mapping[str, dict[int, bool]]) -> Newcomer:
    steps = ticks.get(row.user_id, {})
    return Newcomer(
        user_id=UserId(row.user_id),
        user_name=row.user_name,
        template=row.template,
        language=row.language,
        version=row.version,
        enrolled_by=UserId(row.enrolled_by),
        started_at=row.started_at,
        day=row.day,
        day_started_on=row.day_started_on,
        last_activity_at=row.last_activity_at,
        done=frozenset(steps),
        waived=frozenset(step for step, waived in steps.items() if waived),
        paused=row.paused,
        timezone=row.timezone,
        mentor=UserId(row.mentor) if row.mentor else None,
        completed_at=row.completed_at,
        left_at=row.left_at,
    )
