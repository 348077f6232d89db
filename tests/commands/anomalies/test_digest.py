"""The coordinators' digest: its content, and each period sent once, never lost."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from app.wiring import build_app
from chatbot.ids import ConversationId, UserId
from chatbot.reply import Block, Reply, Text
from chatbot.services import Services
from chatbot.settings import Settings
from commands.anomalies import DIGEST_SECTIONS, DigestPeriod
from commands.anomalies.digest import build_digest, last_period
from storage import open_storage
from tests.commands.anomalies.support import supported_by
from tests.harness import (
    ANA_SLACK,
    BOB_MATRIX,
    COORDINATOR,
    Chat,
    FakeClock,
    no_env,
    run_job,
    say_as,
    sent_to,
)

FRIDAY = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)
MONDAY_DIGEST = datetime(2026, 11, 23, 7, 30, tzinfo=UTC)  # 08:30 in Paris
TARGETS = ["slack:C0COORD", "matrix:!coord:example.org"]


IN_SERVICE_SINCE = "2026-11-01T00:00:00+00:00"
"""These bots have been running for weeks: a fresh install would catch up nothing older."""


def configured(chat: Chat, **settings: Any) -> Chat:
    chat.settings = Settings(**{**chat.settings.model_dump(), **settings})
    chat.app.storage.state.set("first_started_at", IN_SERVICE_SINCE)
    chat.restart()
    return chat


@pytest.fixture
def quiet_chat(tmp_path: Path) -> Iterator[Chat]:
    """A bot with an empty directory, posting digests to two coordinators' rooms."""
    chat = configured(Chat(tmp_path, demo=False), digest_targets=TARGETS)
    yield chat
    chat.close()


def a_busy_week(chat: Chat) -> None:
    chat.clock.current = datetime(2026, 11, 10, 9, 0, tzinfo=UTC)
    chat.say("report Vitre fêlée à l'accueil #site")  # 1: old, still open
    chat.say("report Plus de papier à l'imprimante #materiel")  # 2: old, resolved on Friday
    chat.clock.current = FRIDAY
    chat.say("resolve 2 ramette livrée", user=COORDINATOR)
    say_as(chat, ANA_SLACK, "report Le lien du formulaire RSA est cassé #info-erronee")  # 3
    supported_by(chat, 3, BOB_MATRIX)
    chat.clock.advance(days=1)
    chat.say("report Fuite d'eau dans les toilettes !urgent #site")  # 4
    chat.say("lookup boulangerie solidaire")
    chat.say("lookup boulangerie solidaire", user="other")
    chat.clock.current = MONDAY_DIGEST.replace(minute=35)


def test_the_digest_sums_up_the_period(chat: Chat) -> None:
    configured(chat, digest_targets=TARGETS)
    a_busy_week(chat)
    chat.outbox.sent.clear()
    run_job(chat, "digest")
    chat.deliver()
    digest = sent_to(chat, "slack:C0COORD")[0]
    assert sent_to(chat, "matrix:!coord:example.org") == [digest]
    expected_start = """Digest of Monday, November 23, 2026
Since 20 Nov 2026 08:30.
2 new reports
1 urgent · Site or premises 1 · Wrong information 1
- #4 · Site or premises · URGENT · 1 day · Fuite d'eau dans les toilettes
- #3 · Wrong information · 2 days · +1 · Le lien du formulaire RSA est cassé
New reports by category: Site or premises 1, Wrong information 1
1 resolved
- #2 · Plus de papier à l'imprimante → ramette livrée
Response times
- Resolved in 10 days (median), last 4 periods: no figure
3 reports still open, oldest first
- #1 · Site or premises · 12 days · Vitre fêlée à l'accueil
- #3 · Wrong information · 2 days · +1 · Le lien du formulaire RSA est cassé
- #4 · Site or premises · URGENT · 1 day · Fuite d'eau dans les toilettes
Waiting for a long time: 1 report
- #1 · Site or premises · untouched for 12 days · Vitre fêlée à l'accueil
No status change, assignment or comment for 7 days or more.
Most +1'd
- #3 · Wrong information · 2 days · +1 · Le lien du formulaire RSA est cassé
Directory searches that found nothing
- «boulangerie solidaire» ×2
"""
    assert digest.startswith(expected_start)
    assert digest.endswith(
        """9 directory entries to verify
- Centre communal d'action sociale (CCAS) · never verified
- CPAS de Charleroi · never verified
- Urssaf Travailleurs indépendants · never verified
- VDAB · Oct 21, 2025
- Préfecture du Nord · Nov 4, 2025
Type stale for the full list."""
    )


def test_a_quiet_period_still_gets_a_short_nothing_new(quiet_chat: Chat) -> None:
    run_job(quiet_chat, "digest")
    quiet_chat.deliver()
    assert sent_to(quiet_chat, "slack:C0COORD") == [
        "Digest of Monday, November 23, 2026: nothing new since 20 Nov 2026 08:30."
    ]


def test_each_period_goes_out_once_across_restarts(quiet_chat: Chat) -> None:
    run_job(quiet_chat, "digest")
    run_job(quiet_chat, "digest")
    quiet_chat.restart()
    run_job(quiet_chat, "digest")  # the start-up run
    quiet_chat.deliver()
    assert len(sent_to(quiet_chat, "slack:C0COORD")) == 1
    quiet_chat.clock.advance(days=1)  # Tuesday: a new period
    run_job(quiet_chat, "digest")
    quiet_chat.deliver()
    assert [text.split(":")[0] for text in sent_to(quiet_chat, "slack:C0COORD")] == [
        "Digest of Monday, November 23, 2026",
        "Digest of Tuesday, November 24, 2026",
    ]


def test_a_digest_missed_while_down_is_sent_at_start_up(quiet_chat: Chat) -> None:
    """Down from Sunday to Tuesday 10:00: the start-up run sends Tuesday's digest, once."""
    quiet_chat.clock.current = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
    quiet_chat.restart()
    run_job(quiet_chat, "digest")
    quiet_chat.deliver()
    assert sent_to(quiet_chat, "matrix:!coord:example.org") == [
        "Digest of Tuesday, November 24, 2026: nothing new since 23 Nov 2026 08:30."
    ]


class FlakySlack:
    """Slack's side of the router, down for its first ``failures`` sends."""

    def __init__(self, failures: int) -> None:
        self.failures = failures
        self.delivered: list[tuple[str, str]] = []

    async def send_to_user(self, user_id: UserId, reply: Reply, *, key: str | None = None) -> None:
        await self.send_to_conversation(ConversationId(user_id), reply)

    async def send_to_conversation(
        self, conversation_id: ConversationId, reply: Reply, *, key: str | None = None
    ) -> None:
        if self.failures:
            self.failures -= 1
            raise ConnectionError("slack unavailable")
        self.delivered.append((conversation_id, reply.plain_text()))


def test_a_failed_send_is_retried_until_slack_confirms(quiet_chat: Chat) -> None:
    slack = FlakySlack(failures=2)
    quiet_chat.app.router.register("slack", slack)
    run_job(quiet_chat, "digest")
    assert quiet_chat.deliver() == 1  # Matrix got it; Slack failed
    assert quiet_chat.deliver() == 0  # not due again before its retry time
    quiet_chat.clock.advance(seconds=5)
    assert quiet_chat.deliver() == 0  # failed again
    run_job(quiet_chat, "digest")  # the next scheduled run does not add a second copy
    quiet_chat.clock.advance(seconds=10)
    assert quiet_chat.deliver() == 1
    quiet_chat.clock.advance(hours=1)
    assert quiet_chat.deliver() == 0
    assert [who for who, _text in slack.delivered] == ["slack:C0COORD"]
    assert quiet_chat.app.storage.outbox.pending_count() == 0


def test_notifications_to_reporters_survive_an_outage_too(chat: Chat) -> None:
    slack = FlakySlack(failures=1)
    chat.app.router.register("slack", slack)
    say_as(chat, ANA_SLACK, "report Chaise cassée en salle 2")
    chat.say("ack 1", user=COORDINATOR)  # delivery fails once
    assert slack.delivered == []
    chat.clock.advance(seconds=5)
    chat.deliver()
    assert [who for who, _text in slack.delivered] == [ANA_SLACK]


def test_two_bot_processes_on_one_database_send_one_digest(
    database_url: str, tmp_path: Path
) -> None:
    settings = no_env(
        Settings,
        database_url=database_url,
        bot_data_dir=tmp_path,
        bot_language="en",
        bot_demo_data=False,
        digest_targets=TARGETS,
    )
    clock = FakeClock(datetime(2026, 11, 23, 9, 0, tzinfo=UTC))
    in_service = open_storage(database_url)
    in_service.state.set("first_started_at", IN_SERVICE_SINCE)
    in_service.close()
    first, second = build_app(settings, clock=clock), build_app(settings, clock=clock)
    [job] = [j for j in first.bot.registry.jobs if j.name == "digest"]

    async def both_start() -> None:
        await asyncio.gather(job.run(first.services), job.run(second.services))
        await asyncio.gather(job.run(first.services), job.run(second.services))

    try:
        asyncio.run(both_start())
        assert first.storage.outbox.pending_count() == len(TARGETS)
        recipients = sorted(
            m.recipient for m in second.storage.outbox.due(now=clock.now(), limit=9)
        )
        assert recipients == sorted(TARGETS)
    finally:
        first.storage.close()
        second.storage.close()


def test_preview_sends_nothing_and_send_posts_now(quiet_chat: Chat) -> None:
    quiet_chat.say("report Plus de tickets de bus")
    preview = quiet_chat.say("digest", user=COORDINATOR)
    assert preview.startswith("  (Preview: the next digest goes out on 24 Nov 2026 08:30.)")
    assert "== 1 new report ==" in preview and "Plus de tickets de bus" in preview
    assert quiet_chat.outbox.sent == []
    assert quiet_chat.say("digest send", user=COORDINATOR) == (
        "Digest sent to slack:C0COORD, matrix:!coord:example.org."
    )
    assert "Plus de tickets de bus" in sent_to(quiet_chat, "slack:C0COORD")[0]
    assert "is for coordinators only" in quiet_chat.say("digest preview")


def test_other_capabilities_add_sections_and_a_broken_one_is_only_noted(chat: Chat) -> None:
    def stuck_newcomers(services: Services, period: DigestPeriod) -> list[Block]:
        return [Text(f"Stuck newcomers since {period.start:%d/%m}: 2")]

    def broken(services: Services, period: DigestPeriod) -> list[Block]:
        raise RuntimeError("boom")

    period = DigestPeriod(FRIDAY, MONDAY_DIGEST)
    digest = build_digest(chat.app.services, period, (*DIGEST_SECTIONS, stuck_newcomers, broken))
    text = digest.plain_text()
    assert "Stuck newcomers since 20/11: 2" in text
    assert text.endswith("(One part of this digest could not be built; see the logs.)")


@pytest.mark.parametrize(
    ("now", "start", "end"),
    [
        # Monday 10:00 Paris: the weekend's period, Friday 08:30 -> Monday 08:30.
        ("2026-11-23T09:00", "2026-11-20T07:30", "2026-11-23T07:30"),
        # Monday 08:29 Paris: Monday's digest is not due yet.
        ("2026-11-23T07:29", "2026-11-19T07:30", "2026-11-20T07:30"),
        # Across the change to summer time (29 March 2026): 08:30 Paris is 06:30 UTC after it.
        ("2026-03-30T12:00", "2026-03-27T07:30", "2026-03-30T06:30"),
    ],
)
def test_a_period_runs_between_two_fire_times(now: str, start: str, end: str) -> None:
    def utc(text: str) -> datetime:
        return datetime.fromisoformat(text).replace(tzinfo=UTC)

    period = last_period("30 8 * * mon-fri", "Europe/Paris", utc(now))
    assert period == DigestPeriod(utc(start), utc(end))


def test_a_new_install_does_not_catch_up_on_digests_before_its_time(tmp_path: Path) -> None:
    """Installed on Monday at 10:00, after the 08:30 digest time: nothing to catch up."""
    chat = Chat(tmp_path, demo=False)
    try:
        chat.settings = Settings(**{**chat.settings.model_dump(), "digest_targets": TARGETS})
        chat.restart()
        run_job(chat, "digest")
        assert chat.deliver() == 0
        chat.clock.advance(days=1)  # Tuesday 10:00: the first digest of this bot's life
        run_job(chat, "digest")
        assert chat.deliver() == len(TARGETS)
    finally:
        chat.close()
