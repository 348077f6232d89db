"""Onboarding storage, on SQLite and PostgreSQL: versions, newcomers, ticks, nudges once."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from app.wiring import App, build_app
from chatbot.errors import NotFound
from chatbot.ids import UserId
from chatbot.onboarding import Day, Newcomer, Step, StepLink, Template
from chatbot.services import Services
from chatbot.settings import Settings
from commands.onboarding.journey import enrol, find_template
from storage import Storage
from tests.harness import FakeClock, RecordingMessenger, no_env
from tests.storage.samples import ANA, AT, BOB

CHECKLIST = Template(
    name="volunteer",
    language="fr",
    title="Premiers pas",
    days=(
        Day(
            title="Bienvenue",
            steps=(
                Step(
                    title="Lire la charte",
                    explanation="Dix minutes.",
                    links=(StepLink("Charte", "https://example.org/charte"),),
                ),
                Step(title="Faire une recherche", trigger="lookup"),
            ),
        ),
        Day(title="Pratique", steps=(Step(title="Signaler une anomalie", trigger="report"),)),
    ),
)


def newcomer(user: UserId = BOB, **changes: Any) -> Newcomer:
    base = Newcomer(
        user_id=user,
        user_name="Bob",
        template="volunteer",
        language="fr",
        version=1,
        enrolled_by=ANA,
        started_at=AT,
        day_started_on=date(2024, 3, 1),
        last_activity_at=AT,
    )
    return replace(base, **changes)


def test_templates_are_versioned_and_unchanged_files_add_nothing(store: Storage) -> None:
    first, created = store.onboarding.save_template(CHECKLIST, actor=ANA, at=AT)
    assert (first.version, created) == (1, True)
    assert first == replace(CHECKLIST, version=1)
    again, created = store.onboarding.save_template(CHECKLIST, actor=ANA, at=AT)
    assert (again.version, created) == (1, False)
    changed = replace(CHECKLIST, title="Premiers pas, édition 2")
    assert store.onboarding.save_template(changed, actor=ANA, at=AT)[0].version == 2
    english = replace(CHECKLIST, language="en", title="First steps")
    store.onboarding.save_template(english, actor=ANA, at=AT)

    assert store.onboarding.template("volunteer", "fr", 1) == first
    latest = store.onboarding.template("volunteer", "fr")
    assert latest is not None and latest.title == "Premiers pas, édition 2"
    assert store.onboarding.template("volunteer", "de") is None
    assert [(t.language, t.version) for t in store.onboarding.templates()] == [
        ("en", 1),
        ("fr", 2),
    ]


def test_newcomers_round_trip_with_their_ticks(store: Storage) -> None:
    repo = store.onboarding
    saved = repo.enrol(newcomer(timezone="Europe/Brussels"))
    assert saved == newcomer(timezone="Europe/Brussels")
    assert repo.tick(BOB, 2, at=AT + timedelta(hours=3)) is True
    assert repo.tick(BOB, 2, at=AT + timedelta(hours=4)) is False
    bob = repo.get(BOB)
    assert bob is not None
    assert bob.done == {2}
    assert bob.last_activity_at == AT + timedelta(hours=3)
    assert bob.last_activity_at.tzinfo == UTC

    moved = repo.update(BOB, {"day": 2, "day_started_on": date(2024, 3, 4), "mentor": ANA})
    assert (moved.day, moved.day_started_on, moved.mentor, moved.done) == (
        2,
        date(2024, 3, 4),
        ANA,
        {2},
    )
    with pytest.raises(ValueError):
        repo.update(BOB, {"template": "other"})
    with pytest.raises(NotFound):
        repo.update(UserId("slack:UNOBODY"), {"paused": True})
    with pytest.raises(NotFound):
        repo.tick(UserId("slack:UNOBODY"), 1, at=AT)


def test_enrolling_again_starts_afresh_and_leavers_are_not_listed(store: Storage) -> None:
    repo = store.onboarding
    repo.enrol(newcomer())
    repo.enrol(newcomer(ANA, user_name="Ana", started_at=AT + timedelta(minutes=1)))
    repo.tick(BOB, 1, at=AT)
    assert [n.user_id for n in repo.newcomers()] == [BOB, ANA]

    restarted = repo.enrol(newcomer(version=2, started_at=AT + timedelta(days=5)))
    assert (restarted.version, restarted.done) == (2, frozenset())
    repo.update(ANA, {"left_at": AT + timedelta(days=1)})
    assert [n.user_id for n in repo.newcomers()] == [BOB]
    gone = repo.get(ANA)
    assert gone is not None and gone.left_at == AT + timedelta(days=1)


def test_two_bots_on_one_database_send_each_nudge_once(database_url: str, tmp_path: Path) -> None:
    clock = FakeClock(datetime(2026, 11, 23, 8, 0, tzinfo=UTC))  # Monday 09:00 in Paris
    messenger = RecordingMessenger()
    loop = asyncio.new_event_loop()
    apps = [_app(database_url, tmp_path / name, clock, messenger) for name in ("a", "b")]
    try:
        first = apps[0].services
        template = _enrol(first, clock.now())
        assert template.version == 1
        clock.advance(days=1, minutes=30)
        for app in apps * 2:
            job = next(j for j in app.bot.registry.jobs if j.name == "onboarding-nudges")
            loop.run_until_complete(job.run(app.services))
        for app in apps:
            loop.run_until_complete(app.sender.flush())
        texts = [text for who, text in messenger.sent if who == "slack:U05NEWBIE"]
        assert len(texts) == 2  # the welcome, then one morning message
        assert texts[1].startswith("Good morning")
    finally:
        for app in apps:
            app.storage.close()
        loop.close()


def _app(url: str, data_dir: Path, clock: FakeClock, messenger: RecordingMessenger) -> App:
    settings = no_env(
        Settings,
        database_url=url,
        bot_data_dir=data_dir,
        bot_language="en",
        bot_demo_data=False,
    )
    app = build_app(settings, clock=clock)
    app.router.register("slack", messenger)
    return app


def _enrol(services: Services, at: datetime) -> Template:
    template = find_template(services, "volunteer")
    assert template is not None
    enrol(
        services,
        UserId("slack:U05NEWBIE"),
        user_name="Inès",
        template=template,
        by=ANA,
        at=at,
    )
    return template
