"""Two real ``chatbot run`` processes on one PostgreSQL, Slack over HTTP, each on its own port
behind a "load balancer" (this test) that sends each request to either: every answer, the
digest, the welcome and the morning nudge reach Slack once.

The processes talk to the fake Slack Web API of ``tests/adapters/slack/``; the database is a
fresh schema of ``TEST_DATABASE_URL`` (skipped without one). It was in service before: a
coordinator enrolled a newcomer two days ago, so the nudge and the digest are both due when the
processes start, and both processes' schedulers run them at start."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
from collections import Counter
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import aiohttp
import pytest

from app.wiring import build_app
from chatbot.ids import ConversationId, UserId
from chatbot.messages import Incoming
from storage import open_storage
from tests.adapters.slack.slack_fake import (
    BOT_TOKEN,
    SIGNING_SECRET,
    FakeSlack,
    interactive_body,
    load,
    signed_headers,
)
from tests.adapters.slack.test_slack_http import click, slash
from tests.app.test_health import free_port
from tests.app.test_two_instances import shared_database
from tests.harness import FakeClock, bot_settings

__all__ = ["shared_database"]  # the fixture, imported for this module's tests

ROOT = Path(__file__).resolve().parents[2]
DIGEST_CHANNEL = "C0DIGEST"
NEWCOMER, NEWCOMER_DM = "U05NEWBIE", "D05NEWBIE"  # the fake opens D<id> for U<id>
ASKER_DM = "D024BE91L"  # where message_im.json is said
ADMIN = "UADMIN"
ZONE = "Europe/Paris"
START_TIMEOUT = 60.0
SETTINGS_PREFIXES = ("SLACK_", "MATRIX_", "BOT_", "DIGEST_", "DATABASE_", "ONBOARDING_", "LOG_")


@dataclass
class Process:
    name: str
    popen: subprocess.Popen[bytes]
    slack_port: int
    health_port: int
    log: Path

    @property
    def events_url(self) -> str:
        return f"http://127.0.0.1:{self.slack_port}/slack/events"

    def log_text(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")


@pytest.fixture
async def fake() -> AsyncIterator[FakeSlack]:
    server = FakeSlack()
    await server.start()
    yield server
    await server.stop()


def daily_cron_far_from_now() -> str:
    """A daily digest whose time is 12 hours away: its latest period ended before this test
    and the next does not end during it."""
    hour = (datetime.now(ZoneInfo(ZONE)).hour + 12) % 24
    return f"0 {hour} * * *"


@pytest.fixture
async def in_service(shared_database: str, tmp_path: Path) -> str:
    """The shared database of a bot in service for two days, with a newcomer enrolled then
    (their welcome still waiting in the outbox)."""
    started = datetime.now(UTC) - timedelta(days=2)
    settings = bot_settings(
        tmp_path / "before",
        database_url=shared_database,
        bot_admins=[UserId(f"slack:{ADMIN}")],
        bot_timezone=ZONE,
    )
    app = build_app(settings, clock=FakeClock(started), seed_demo=True)
    try:
        reply = await app.bot.handle(
            Incoming(
                text=f"onboarding start slack:{NEWCOMER}",
                sender_id=UserId(f"slack:{ADMIN}"),
                sender_name="Admin",
                conversation_id=ConversationId(f"slack:D0{ADMIN}"),
                platform="slack",
                private=True,
            )
        )
        assert app.services.onboarding.get(UserId(f"slack:{NEWCOMER}")), reply.plain_text()
    finally:
        app.core.close()
        app.storage.close()
    return shared_database


def environment(
    database_url: str, fake: FakeSlack, data_dir: Path, *, slack_port: int, health_port: int
) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(SETTINGS_PREFIXES)}
    return env | {
        "PYTHONPATH": str(ROOT),
        "DATABASE_URL": database_url,
        "BOT_DATA_DIR": str(data_dir),
        "BOT_LANGUAGE": "en",
        "BOT_TIMEZONE": ZONE,
        "BOT_ADMINS": f"slack:{ADMIN}",
        "BOT_HEALTH_PORT": str(health_port),
        "SLACK_BOT_TOKEN": BOT_TOKEN,
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_PORT": str(slack_port),
        "SLACK_API_URL": fake.api_url,
        "DIGEST_CRON": daily_cron_far_from_now(),
        "DIGEST_TARGETS": f"slack:{DIGEST_CHANNEL}",
        "ONBOARDING_NUDGE_TIME": "00:00",  # the newcomer's morning has come, whatever the hour
        "ONBOARDING_WEEKENDS": "true",
        "LOG_LEVEL": "INFO",
    }


@pytest.fixture
async def processes(
    in_service: str, fake: FakeSlack, tmp_path: Path
) -> AsyncIterator[tuple[Process, Process]]:
    started: list[Process] = []
    try:
        for name in ("a", "b"):
            (tmp_path / name).mkdir()
            slack_port, health_port = free_port(), free_port()
            log = tmp_path / f"{name}.log"
            with log.open("wb") as output:
                popen = subprocess.Popen(
                    [sys.executable, "-m", "app", "run"],
                    cwd=tmp_path / name,  # no .env
                    env=environment(
                        in_service,
                        fake,
                        tmp_path / name,
                        slack_port=slack_port,
                        health_port=health_port,
                    ),
                    stdin=subprocess.DEVNULL,
                    stdout=output,
                    stderr=subprocess.STDOUT,
                )
            started.append(Process(name, popen, slack_port, health_port, log))
        await asyncio.gather(*(ready(p) for p in started))
        yield started[0], started[1]
    finally:
        for process in started:
            if process.popen.poll() is None:
                process.popen.kill()
                process.popen.wait()


async def ready(process: Process) -> None:
    """Until its ``/readyz`` says the database answers and Slack is served."""
    url = f"http://127.0.0.1:{process.health_port}/readyz"
    async with asyncio.timeout(START_TIMEOUT), aiohttp.ClientSession() as http:
        while True:
            assert process.popen.poll() is None, process.log_text()
            try:
                async with http.get(url) as response:
                    if response.status == 200:
                        return
            except aiohttp.ClientError:
                pass
            await asyncio.sleep(0.1)


async def post(process: Process, body: str, *, json_body: bool, retry: int = 0) -> tuple[int, str]:
    """Send ``body`` the way Slack does, signed; ``retry``: Slack's retry number."""
    content_type = "application/json" if json_body else "application/x-www-form-urlencoded"
    headers = {"Content-Type": content_type, **signed_headers(body)}
    if retry:
        headers |= {"X-Slack-Retry-Num": str(retry), "X-Slack-Retry-Reason": "http_timeout"}
    async with (
        aiohttp.ClientSession() as http,
        http.post(process.events_url, data=body.encode(), headers=headers) as response,
    ):
        return response.status, await response.text()


async def stop(process: Process) -> str:
    """SIGTERM, as systemd stops it: it answers what it accepted, delivers, exits 0."""
    process.popen.send_signal(signal.SIGTERM)
    code = await asyncio.to_thread(process.popen.wait, 60)
    text = process.log_text()
    assert code == 0, text
    return text


async def test_two_processes_answer_digest_and_nudge_once(
    processes: tuple[Process, Process], fake: FakeSlack, in_service: str
) -> None:
    a, b = processes
    await post(a, slash(fake, "caf"), json_body=False)
    await post(b, slash(fake, "Le site de la CAF est en panne", command="/report"), json_body=False)
    await fake.wait_for("response_url", 2, timeout=30)
    dm = json.dumps(load("message_im.json"))  # one event, reaching both as Slack retries it
    statuses = await asyncio.gather(
        post(a, dm, json_body=True), post(b, dm, json_body=True, retry=1)
    )
    assert [status for status, _ in statuses] == [200, 200]
    await post(b, interactive_body(click(fake, "verify 1")), json_body=False)
    await post(a, slash(fake, "cpam"), json_body=False)
    await fake.wait_for("response_url", 4, timeout=30)

    async with asyncio.timeout(30):  # what both owe at start: the welcome, nudge and digest
        while not (fake.posted(DIGEST_CHANNEL) and len(fake.posted(NEWCOMER_DM)) >= 2):
            await asyncio.sleep(0.05)
        while not fake.posted(ASKER_DM):
            await asyncio.sleep(0.05)
    logs = [await stop(a), await stop(b)]  # all work done, all delivered: nothing more comes

    answers = [c.args.get("text", "") for c in fake.called("response_url")]
    assert len(answers) == 4, answers
    assert len([text for text in answers if "3230" in text]) == 1  # the CAF, from the first
    assert len([text for text in answers if "3646" in text]) == 1  # the CPAM, the first again
    assert len([text for text in answers if "Report #1 is saved" in text]) == 1  # the second
    assert len(fake.posted(ASKER_DM)) == 1  # the DM both processes received
    assert len(fake.posted(DIGEST_CHANNEL)) == 1
    to_newcomer = [c.args["text"] for c in fake.posted(NEWCOMER_DM)]
    assert [text.split(",")[0] for text in to_newcomer] == ["Welcome", "Good morning"]
    posts = Counter(
        (c.args.get("channel"), c.args.get("text"), json.dumps(c.args.get("blocks")))
        for c in fake.called("chat.postMessage")
    )
    assert [post for post, times in posts.items() if times > 1] == []
    storage = open_storage(in_service)
    try:
        assert storage.outbox.pending_count() == 0
        [report] = storage.anomalies.open_reports()
        assert report.text == "Le site de la CAF est en panne"
    finally:
        storage.close()
    for text in logs:
        assert "Traceback" not in text, text
