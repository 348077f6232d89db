"""Two bot instances on one PostgreSQL, Slack HTTP mode behind a load balancer that sends each
request to either: every answer, digest, welcome and onboarding nudge happens once.

Two full apps (database, bot, outbox sender, Slack adapter on its own loopback port) share one
fresh PostgreSQL schema and the fake Slack Web API; requests alternate between them."""

from __future__ import annotations

import asyncio
import json
import os
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy.exc import OperationalError

from app.wiring import App, build_app
from storage.engine import make_engine, normalize_url
from tests.adapters.slack.conftest import Running, start_adapter
from tests.adapters.slack.slack_fake import (
    FakeSlack,
    interactive_body,
    load,
    signed_headers,
)
from tests.adapters.slack.test_slack_http import click, slash
from tests.harness import FakeClock, bot_settings

DIGEST_CHANNEL = "C0DIGEST"
WELCOME_CHANNEL = "C0WELCOME"  # where member_joined_channel.json joins
NEWCOMER_DM = "D05NEWBIE"  # the fake's DM with U05NEWBIE


@pytest.fixture
def shared_database() -> Iterator[str]:
    """A fresh PostgreSQL schema for this test only, dropped afterwards."""
    base = os.environ.get("TEST_DATABASE_URL")
    if not base:
        pytest.skip(
            "two instances need one PostgreSQL: set TEST_DATABASE_URL "
            "(e.g. postgresql://postgres@127.0.0.1:5432/test)"
        )
    schema = f"test_{uuid.uuid4().hex[:16]}"
    admin = make_engine(base)
    try:
        with admin.begin() as connection:
            connection.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
    except OperationalError as error:
        admin.dispose()
        where = normalize_url(base).render_as_string(hide_password=True)
        reason = str(error.orig).strip().splitlines()[0]
        pytest.skip(f"two instances need one PostgreSQL: {where} is unreachable ({reason})")
    url = normalize_url(base).update_query_dict({"options": f"-c search_path={schema}"})
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.begin() as connection:
            connection.exec_driver_sql(f'DROP SCHEMA "{schema}" CASCADE')
        admin.dispose()


@dataclass
class Instance:
    app: App
    slack: Running


@pytest.fixture
async def fake() -> AsyncIterator[FakeSlack]:
    server = FakeSlack()
    await server.start()
    yield server
    await server.stop()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(datetime(2026, 11, 23, 9, 0, 30, tzinfo=UTC))


@pytest.fixture
async def instances(
    shared_database: str, fake: FakeSlack, tmp_path: Path, clock: FakeClock
) -> AsyncIterator[tuple[Instance, Instance]]:
    started: list[Instance] = []
    try:
        for name in ("a", "b"):
            settings = bot_settings(
                tmp_path / name,
                database_url=shared_database,
                digest_cron="* * * * *",
                digest_targets=[f"slack:{DIGEST_CHANNEL}"],
                onboarding_welcome_channels=[f"slack:{WELCOME_CHANNEL}"],
            )
            app = build_app(settings, clock=clock)
            slack = await start_adapter(
                fake,
                bot=app.bot,
                events=app.storage.events,
                router=app.router,
                answers=app.storage.shared_answers,
            )
            started.append(Instance(app, slack))
        yield started[0], started[1]
    finally:
        for instance in started:
            await instance.slack.stop()
            instance.app.storage.close()


async def settle(*instances: Instance) -> None:
    """Let both processes finish the work they accepted and deliver what they owe."""
    for instance in instances:
        handlers = instance.slack.adapter._handlers
        assert handlers is not None
        await handlers.background.drain()
    await asyncio.gather(*(i.app.sender.flush() for i in instances))


async def test_two_instances_answer_every_request_once(
    instances: tuple[Instance, Instance], fake: FakeSlack
) -> None:
    a, b = instances
    assert a.slack.adapter.port != b.slack.adapter.port

    await a.slack.post_form(slash(fake, "caf"))  # a lookup, to the first
    [lookup] = await fake.wait_for("response_url")
    assert "3230" in lookup.args["text"]

    await b.slack.post_form(slash(fake, "Le site de la CAF est en panne", command="/report"))
    await fake.wait_for("response_url", 2)  # a report, to the second
    [report] = a.app.storage.anomalies.open_reports()  # saved once, seen by both
    assert report.text == "Le site de la CAF est en panne"

    body = json.dumps(load("message_im.json"))  # one event, delivered to both as Slack retries
    retry = {"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"}
    first, again = await asyncio.gather(
        a.slack.post_json(body), b.slack.post_json(body, headers=signed_headers(body) | retry)
    )
    assert (first[0], again[0]) == (200, 200)
    await fake.wait_for("chat.postMessage")
    await settle(a, b)
    [card] = [p for p in fake.called("chat.postMessage") if p.args["channel"] == "D024BE91L"]

    await b.slack.post_form(interactive_body(click(fake, "verify 1")))  # a button, the second
    await fake.wait_for("response_url", 3)
    await settle(a, b)

    answers = fake.called("response_url")
    assert len(answers) == 3, [c.args.get("text") for c in answers]
    assert (
        len([p for p in fake.called("chat.postMessage") if p.args["channel"] == "D024BE91L"]) == 1
    )
    assert card.args["text"]


async def test_two_schedulers_send_one_digest_per_period(
    instances: tuple[Instance, Instance], fake: FakeSlack, clock: FakeClock
) -> None:
    a, b = instances
    clock.advance(minutes=2)  # a period ended since both started
    jobs = [next(job for job in i.app.bot.registry.jobs if job.name == "digest") for i in (a, b)]
    await asyncio.gather(jobs[0].run(a.app.services), jobs[1].run(b.app.services))
    await jobs[1].run(b.app.services)  # and again, as a restart catching up would
    await settle(a, b)
    await settle(b, a)

    digests = fake.posted(DIGEST_CHANNEL)
    assert len(digests) == 1, [d.args.get("text") for d in digests]


async def test_a_newcomer_is_welcomed_once_and_nudged_once_a_morning(
    instances: tuple[Instance, Instance], fake: FakeSlack, clock: FakeClock
) -> None:
    a, b = instances
    joined = json.dumps(load("member_joined_channel.json"))  # to the first, its retry the second
    retry = {"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"}
    await asyncio.gather(
        a.slack.post_json(joined), b.slack.post_json(joined, headers=signed_headers(joined) | retry)
    )
    await settle(a, b)
    [welcome] = fake.posted(NEWCOMER_DM)
    assert welcome.args["text"].startswith("Welcome")

    clock.advance(days=1)  # the next morning, both schedulers run the nudges, one twice
    jobs = [
        next(job for job in i.app.bot.registry.jobs if job.name == "onboarding-nudges")
        for i in (a, b)
    ]
    await asyncio.gather(jobs[0].run(a.app.services), jobs[1].run(b.app.services))
    await jobs[0].run(a.app.services)
    await settle(a, b)
    await settle(b, a)

    texts = [p.args["text"] for p in fake.posted(NEWCOMER_DM)]
    assert len(texts) == 2, texts
    assert texts[1].startswith("Good morning")
