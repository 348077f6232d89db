"""The digest's figures: response-time medians, the chart and the "nothing new" line."""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PIL import Image as PilImage

from chatbot.reply import Image, Reply, reply_from_json
from commands.anomalies import DIGEST_SECTIONS, DigestPeriod
from commands.anomalies.digest import build_digest
from commands.anomalies.digest_figures import duration, earlier_start
from tests.commands.anomalies.test_digest import TARGETS, configured
from tests.harness import COORDINATOR, Chat, run_job, sent_to

MONDAY = DigestPeriod(  # Friday 08:30 to Monday 08:30, Paris time
    datetime(2026, 11, 20, 7, 30, tzinfo=UTC), datetime(2026, 11, 23, 7, 30, tzinfo=UTC)
)
DIGEST_TIME = datetime(2026, 11, 23, 7, 35, tzinfo=UTC)


@pytest.fixture
def quiet_chat(tmp_path: Path) -> Iterator[Chat]:
    chat = configured(Chat(tmp_path, demo=False), digest_targets=TARGETS)
    yield chat
    chat.close()


def at(chat: Chat, day: int, hour: int) -> None:
    chat.clock.current = datetime(2026, 11, day, hour, 0, tzinfo=UTC)


def a_measured_fortnight(chat: Chat) -> None:
    """The week before: acknowledged in 5 h, resolved in 2 days. This period: 2 h and 24 h."""
    at(chat, 17, 9)
    chat.say("report Vitre fêlée à l'accueil #site")  # 1
    at(chat, 17, 14)
    chat.say("ack 1", user=COORDINATOR)
    at(chat, 19, 9)
    chat.say("resolve 1 vitre changée", user=COORDINATOR)
    at(chat, 20, 10)
    chat.say("report Plus de papier à l'imprimante #materiel")  # 2
    chat.say("report Le wifi ne marche plus #materiel")  # 3
    chat.say("report Le lien RSA est cassé #info-erronee")  # 4
    at(chat, 20, 12)
    chat.say("ack 2", user=COORDINATOR)
    at(chat, 21, 10)
    chat.say("resolve 2 ramette livrée", user=COORDINATOR)
    chat.clock.current = DIGEST_TIME


def test_the_digest_gives_the_medians_of_the_period_and_of_the_four_before(
    quiet_chat: Chat,
) -> None:
    a_measured_fortnight(quiet_chat)
    run_job(quiet_chat, "digest")
    quiet_chat.deliver()
    digest = sent_to(quiet_chat, "slack:C0COORD")[0]
    assert (
        "Response times\n"
        "- Acknowledged in 2 h (median), last 4 periods: 5 h\n"
        "- Resolved in 24 h (median), last 4 periods: 2 days\n"
    ) in digest
    assert "New reports by category: Equipment 2, Wrong information 1\n" in digest


def test_the_chart_is_a_small_png_with_its_figures_in_text(quiet_chat: Chat) -> None:
    a_measured_fortnight(quiet_chat)
    reply = build_digest(quiet_chat.app.services, MONDAY, DIGEST_SECTIONS)
    (image,) = [b for b in reply.blocks if isinstance(b, Image)]
    picture = PilImage.open(io.BytesIO(image.png))
    assert (picture.format, picture.size) == ("PNG", (600, 300))
    assert image.alt == "New reports by category: Equipment 2, Wrong information 1"
    assert image.alt in reply.plain_text()
    assert reply_from_json(reply.to_json()) == Reply(reply.blocks, ephemeral=False)


def test_preview_shows_the_figures_and_the_chart_as_text(quiet_chat: Chat) -> None:
    a_measured_fortnight(quiet_chat)
    quiet_chat.clock.current = datetime(2026, 11, 20, 18, 0, tzinfo=UTC)  # Friday evening
    preview = quiet_chat.say("digest", user=COORDINATOR)
    assert "  - Acknowledged in 2 h (median), last 4 periods: 5 h" in preview
    assert "  [New reports by category: Equipment 2, Wrong information 1]" in preview


def test_a_quiet_period_is_one_line_and_can_stay_silent(quiet_chat: Chat) -> None:
    a_measured_fortnight(quiet_chat)
    quiet_chat.say("resolve 3 ok", user=COORDINATOR)
    quiet_chat.say("resolve 4 ok", user=COORDINATOR)
    quiet_chat.clock.current = datetime(2026, 11, 24, 7, 35, tzinfo=UTC)  # Tuesday
    quiet_chat.outbox.sent.clear()
    run_job(quiet_chat, "digest")  # Monday's resolutions: not empty
    quiet_chat.deliver()
    assert "2 resolved" in sent_to(quiet_chat, "slack:C0COORD")[0]
    quiet_chat.clock.current = datetime(2026, 11, 25, 7, 35, tzinfo=UTC)  # Wednesday: nothing
    run_job(quiet_chat, "digest")
    quiet_chat.deliver()
    assert sent_to(quiet_chat, "slack:C0COORD")[1:] == [
        "Digest of Wednesday, November 25, 2026: nothing new since 24 Nov 2026 08:30."
    ]
    configured(quiet_chat, digest_targets=TARGETS, digest_when_empty="silent")
    quiet_chat.clock.current = datetime(2026, 11, 26, 7, 35, tzinfo=UTC)  # Thursday: nothing
    run_job(quiet_chat, "digest")
    quiet_chat.deliver()
    assert len(sent_to(quiet_chat, "slack:C0COORD")) == 2
    assert "no digest will be sent" in quiet_chat.say("digest", user=COORDINATOR)
    assert quiet_chat.say("digest send", user=COORDINATOR) == (
        "Nothing new since 26 Nov 2026 08:30: no digest sent."
    )
    assert len(sent_to(quiet_chat, "slack:C0COORD")) == 2


def test_the_four_earlier_periods_follow_the_schedule(quiet_chat: Chat) -> None:
    services = quiet_chat.app.services
    # Monday's period follows Thursday, Wednesday, Tuesday and Monday's digests.
    assert earlier_start(services, MONDAY) == datetime(2026, 11, 16, 7, 30, tzinfo=UTC)
    odd = DigestPeriod(datetime(2026, 11, 20, 9, 0, tzinfo=UTC), MONDAY.end)
    assert earlier_start(services, odd) == datetime(2026, 11, 17, 7, 30, tzinfo=UTC)


@pytest.mark.parametrize(
    ("seconds", "shown"),
    [
        (10, "1 min"),
        (59 * 60, "59 min"),
        (5 * 3600, "5 h"),
        (47 * 3600, "47 h"),
        (3 * 86400, "3 days"),
    ],
)
def test_durations_read_naturally(seconds: float, shown: str) -> None:
    assert duration(seconds) == shown
