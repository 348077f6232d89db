"""Files sent with a report, through the console harness: attached, shown, refused, redacted."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from chatbot.attachments import Attachment
from chatbot.reply import Link
from commands.anomalies import DIGEST_SECTIONS, DigestPeriod
from commands.anomalies.digest import build_digest
from tests.harness import ANA_SLACK, BOB_MATRIX, COORDINATOR, Chat, reply_to, say_as

SCREENSHOT = Attachment(
    file_id="F0SCREEN",
    name="porte.png",
    mime_type="image/png",
    size=480_000,
    url="https://example.slack.com/files/U0ANA/F0SCREEN/porte.png",
)
PHOTO = Attachment(
    file_id="mxc://example.org/PhOtO",
    name="photo.jpg",
    mime_type="image/jpeg",
    size=2_400_000,
    url="mxc://example.org/PhOtO",
)


def test_a_report_sent_with_files_keeps_them_on_its_card(chat: Chat) -> None:
    answer = say_as(
        chat, ANA_SLACK, "report La porte ne ferme plus #site", attachments=(SCREENSHOT,)
    )
    assert answer.startswith("Thank you! Report #1 is saved")
    assert "📎 Added to report #1." in answer
    [kept] = chat.app.storage.attachments.of(1)
    assert (kept.attachment, kept.attached_by, kept.platform) == (SCREENSHOT, ANA_SLACK, "slack")
    card = reply_to(chat, ANA_SLACK, "anomaly 1")
    links = [b for b in card.blocks if isinstance(b, Link)]
    assert ("📎 porte.png (469 KB)", SCREENSHOT.url) in [(b.label, b.url) for b in links]


def test_a_file_alone_within_a_minute_joins_the_senders_report(chat: Chat) -> None:
    say_as(chat, BOB_MATRIX, "report Imprimante en panne #materiel")
    chat.clock.advance(seconds=40)
    assert say_as(chat, BOB_MATRIX, "", attachments=(PHOTO,)) == "📎 Added to report #1."
    assert say_as(chat, BOB_MATRIX, "", attachments=(PHOTO,)) == "📎 Already added to report #1."
    card = chat.say("anomaly 1", user=COORDINATOR)
    assert "📎 photo.jpg (2.3 MB)" in card  # an mxc:// file: its name and size, no link


def test_a_file_after_a_minute_or_from_someone_else_is_not_attached(chat: Chat) -> None:
    say_as(chat, BOB_MATRIX, "report Imprimante en panne #materiel")
    chat.clock.advance(seconds=61)
    late = say_as(chat, BOB_MATRIX, "", attachments=(PHOTO,))
    assert late.startswith("To add a file to a report, send it within a minute of the report")
    assert "Images or PDF, up to 10 MB." in late
    chat.clock.advance(seconds=-30)
    assert say_as(chat, ANA_SLACK, "", attachments=(SCREENSHOT,)).startswith("To add a file")
    # In a shared room, a picture with no report of its sender just before is not for the bot.
    assert (
        say_as(chat, ANA_SLACK, "", conversation="slack:C0GENERAL", attachments=(SCREENSHOT,)) == ""
    )
    assert chat.app.storage.attachments.of(1) == []


def test_only_images_and_pdf_within_the_size_limit_are_accepted(chat: Chat) -> None:
    video = Attachment(file_id="F0VIDEO", name="film.mov", mime_type="video/quicktime", size=900)
    huge = Attachment(file_id="F0HUGE", name="scan.pdf", mime_type="application/pdf", size=11 << 20)
    answer = say_as(
        chat, ANA_SLACK, "report Panne du wifi #materiel", attachments=(video, huge, SCREENSHOT)
    )
    assert "📎 Added to report #1." in answer
    assert "«film.mov» was not added: only images and PDF files are accepted." in answer
    assert "«scan.pdf» was not added: it is larger than 10 MB." in answer
    assert [a.attachment.file_id for a in chat.app.storage.attachments.of(1)] == ["F0SCREEN"]


def test_the_digest_counts_each_reports_files(chat: Chat) -> None:
    start = chat.clock.now()
    say_as(chat, ANA_SLACK, "report La porte ne ferme plus #site", attachments=(SCREENSHOT,))
    say_as(chat, BOB_MATRIX, "report Imprimante en panne #materiel")
    chat.clock.advance(seconds=5)
    say_as(chat, BOB_MATRIX, "", attachments=(PHOTO,))
    other = Attachment(file_id="mxc://example.org/Two", name="b.png", mime_type="image/png")
    say_as(chat, BOB_MATRIX, "", attachments=(other,))
    chat.say("report Vitre fêlée #site")
    period = DigestPeriod(start, start + timedelta(hours=1))
    digest = build_digest(chat.app.services, period, DIGEST_SECTIONS).plain_text()

    def lines_of(n: int) -> list[str]:  # new reports, then still open: each says it
        found = [line for line in digest.splitlines() if line.startswith(f"- #{n} ·")]
        assert len(found) == 2
        return found

    assert all("📎 1 ·" in line for line in lines_of(1))
    assert all("📎 2 ·" in line for line in lines_of(2))
    assert all("📎" not in line for line in lines_of(3))


def test_redact_deletes_the_attachments(chat: Chat) -> None:
    say_as(chat, ANA_SLACK, "report Photo avec un nom #site", attachments=(SCREENSHOT,))
    assert chat.say("redact 1", user=COORDINATOR) == (
        "The text of report #1 is redacted; its record and history stay.\n"
        "  (Its attachment is removed.)"
    )
    assert chat.app.storage.attachments.of(1) == []
    assert "porte.png" not in chat.say("anomaly 1", user=COORDINATOR)
    chat.clock.advance(seconds=10)
    assert say_as(chat, ANA_SLACK, "", attachments=(PHOTO,)).startswith("To add a file")
    assert chat.app.storage.attachments.of(1) == []


def test_the_window_is_counted_from_the_report(chat: Chat) -> None:
    chat.clock.current = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
    say_as(chat, BOB_MATRIX, "report Imprimante en panne #materiel")
    chat.clock.advance(seconds=60)
    assert say_as(chat, BOB_MATRIX, "", attachments=(PHOTO,)) == "📎 Added to report #1."
    chat.clock.advance(seconds=1)
    second = Attachment(file_id="mxc://example.org/Later", name="b.png", mime_type="image/png")
    assert say_as(chat, BOB_MATRIX, "", attachments=(second,)).startswith("To add a file")
