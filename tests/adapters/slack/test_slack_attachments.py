"""Files with a report on Slack, through signed requests to the real bot: the form's file field,
and a file shared in the DM within a minute of the report (and not after)."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from adapters.slack import convert
from adapters.slack.forms import submitted_files
from app.wiring import App, build_app
from chatbot.ids import UserId
from tests.adapters.slack.conftest import Running, start_adapter
from tests.adapters.slack.slack_fake import FakeSlack, interactive_body, load
from tests.adapters.slack.test_slack_http import event, slash
from tests.harness import FakeClock, bot_settings

USER = "U2147483697"  # who sends the recorded payloads
DM = "D024BE91L"


def slack_file(file_id: str, name: str, mimetype: str, size: int) -> dict[str, Any]:
    """A file object as Slack sends it in events and in a form's file field."""
    return {
        "id": file_id,
        "created": 1700000000,
        "name": name,
        "title": name,
        "mimetype": mimetype,
        "filetype": name.rsplit(".", 1)[-1],
        "user": USER,
        "size": size,
        "url_private": f"https://files.slack.com/files-pri/T0001-{file_id}/{name}",
        "permalink": f"https://benevoles.slack.com/files/{USER}/{file_id}/{name}",
    }


SCREENSHOT = slack_file("F0SCREEN1", "porte.png", "image/png", 523_000)


@pytest.fixture
async def clocked(fake: FakeSlack, tmp_path: Path) -> AsyncIterator[tuple[Running, App, FakeClock]]:
    clock = FakeClock(datetime(2026, 11, 23, 9, 0, tzinfo=UTC))
    settings = bot_settings(tmp_path, bot_coordinators=[UserId("slack:U0COORD")])
    app = build_app(settings, clock=clock)
    running = await start_adapter(
        fake,
        bot=app.bot,
        events=app.storage.events,
        router=app.router,
        answers=app.storage.shared_answers,
    )
    yield running, app, clock
    await running.stop()
    app.storage.close()


def dm(text: str, event_id: str, *, files: list[dict[str, Any]] | None = None) -> str:
    changes: dict[str, Any] = {"text": text, "ts": f"1700000{event_id[-3:]}.000100"}
    if files:
        changes |= {"subtype": "file_share", "files": files}
    body = event("message_im.json", **changes)
    body["event_id"] = event_id
    return json.dumps(body)


async def test_the_report_form_has_a_file_field_whose_files_are_attached(
    clocked: tuple[Running, App, FakeClock], fake: FakeSlack
) -> None:
    running, app, _clock = clocked
    await running.post_form(slash(fake, "", command="/report"))
    [opened] = await fake.wait_for("views.open")
    view = opened.args["view"]
    [field] = [b for b in view["blocks"] if b.get("element", {}).get("type") == "file_input"]
    assert field["optional"] is True
    assert "images or PDF, up to 10 MB" in field["label"]["text"]
    assert "pdf" in field["element"]["filetypes"]

    submission = load("view_submission.json")
    submission["view"]["private_metadata"] = view["private_metadata"]
    submission["view"]["state"]["values"] = {
        "description": {
            "value": {"type": "plain_text_input", "value": "La porte du local ne ferme plus"}
        },
        field["block_id"]: {"files": {"type": "file_input", "files": [SCREENSHOT]}},
    }
    status, _ = await running.post_form(interactive_body(submission))
    assert status == 200

    [answer] = await fake.wait_for("response_url")
    assert "Report #1 is saved" in answer.args["text"]
    assert "📎 Added to report #1." in answer.args["text"]
    [kept] = app.storage.attachments.of(1)
    assert (kept.attachment.file_id, kept.attachment.name, kept.attachment.size) == (
        "F0SCREEN1",
        "porte.png",
        523_000,
    )
    assert kept.attachment.url == SCREENSHOT["permalink"]
    assert kept.attached_by == f"slack:{USER}"


async def test_a_file_shared_in_the_dm_within_a_minute_joins_the_report(
    clocked: tuple[Running, App, FakeClock], fake: FakeSlack
) -> None:
    running, app, clock = clocked
    await running.post_json(dm("report L'imprimante est en panne", "Ev0REP001"))
    [saved] = await fake.wait_for("chat.postMessage")
    assert "Report #1 is saved" in saved.args["text"]
    clock.advance(seconds=45)
    shared = dm("", "Ev0FILE02", files=[SCREENSHOT])
    await running.post_json(shared)
    await running.post_json(shared)  # Slack delivers it again: still attached once
    posts = await fake.wait_for("chat.postMessage", count=2)
    assert posts[1].args["channel"] == DM
    assert posts[1].args["text"] == "📎 Added to report #1."
    assert [a.attachment.file_id for a in app.storage.attachments.of(1)] == ["F0SCREEN1"]

    # The card shows it as a link to Slack's permalink.
    await running.post_json(dm("anomaly 1", "Ev0CARD03"))
    card = (await fake.wait_for("chat.postMessage", count=3))[2]
    assert SCREENSHOT["permalink"] in json.dumps(card.args)
    assert len(fake.called("chat.postMessage")) == 3


async def test_a_file_shared_after_a_minute_is_not_attached(
    clocked: tuple[Running, App, FakeClock], fake: FakeSlack
) -> None:
    running, app, clock = clocked
    await running.post_json(dm("report L'imprimante est en panne", "Ev0REP004"))
    await fake.wait_for("chat.postMessage")
    clock.advance(seconds=61)
    await running.post_json(dm("", "Ev0FILE05", files=[SCREENSHOT]))
    [_saved, late] = await fake.wait_for("chat.postMessage", count=2)
    assert late.args["text"].startswith("To add a file to a report, send it within a minute")
    assert app.storage.attachments.of(1) == []


async def test_a_file_in_a_channel_thread_joins_its_senders_report_or_is_left_alone(
    clocked: tuple[Running, App, FakeClock], fake: FakeSlack
) -> None:
    running, app, clock = clocked
    pdf = slack_file("F0PDF0001", "devis.pdf", "application/pdf", 90_000)
    thread = {"type": "message", "channel": "C0LAN2Q65", "channel_type": "channel"}
    alone = event("message_im.json", **thread, text="", subtype="file_share", files=[pdf])
    alone["event"] |= {"thread_ts": "1700000000.000100"}
    alone["event_id"] = "Ev0THR006"
    await running.post_json(json.dumps(alone))  # no report of the sender there: not for the bot
    await running.post_form(
        slash(fake, "Le wifi ne marche plus", command="/report", channel="C0LAN2Q65")
    )
    [answer] = await fake.wait_for("response_url")
    assert "Report #1 is saved" in answer.args["text"]
    clock.advance(seconds=20)
    alone["event_id"] = "Ev0THR007"
    await running.post_json(json.dumps(alone))
    [post] = await fake.wait_for("chat.postMessage")
    assert post.args["text"] == "📎 Added to report #1."
    assert post.args["thread_ts"] == "1700000000.000100"
    assert [a.attachment.name for a in app.storage.attachments.of(1)] == ["devis.pdf"]


def test_only_files_of_channel_threads_reach_the_bot_from_channel_messages() -> None:
    base = {"type": "message", "channel": "C0LAN2Q65", "channel_type": "channel", "user": USER}
    talk = {**base, "text": "bonjour", "ts": "1.1"}
    file_top_level = {**base, "text": "", "subtype": "file_share", "files": [SCREENSHOT]}
    in_thread = {**file_top_level, "text": "voici la photo", "thread_ts": "1.0"}
    edited = {**in_thread, "subtype": "message_changed"}
    assert convert.from_event(talk, bot_user_id="UBOT") is None
    assert convert.from_event(file_top_level, bot_user_id="UBOT") is None
    assert convert.from_event(edited, bot_user_id="UBOT") is None
    incoming = convert.from_event(in_thread, bot_user_id="UBOT")
    assert incoming is not None
    assert (incoming.text, incoming.private) == ("", False)  # its words are not for the bot
    assert [a.file_id for a in incoming.attachments] == ["F0SCREEN1"]


def test_odd_file_objects_are_skipped_or_read_with_defaults() -> None:
    files = [{"name": "no-id.png"}, "F0STRING", {"id": "F0BARE"}, {**SCREENSHOT, "size": "big"}]
    found = convert.attachments(files)
    assert [(a.file_id, a.name, a.size, a.url) for a in found] == [
        ("F0BARE", "F0BARE", 0, ""),
        ("F0SCREEN1", "porte.png", 0, SCREENSHOT["permalink"]),
    ]
    assert convert.attachments("not a list") == ()
    assert submitted_files({"state": {"values": {"attachments": {"files": None}}}}) == []
    assert submitted_files({}) == []
