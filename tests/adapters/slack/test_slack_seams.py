"""Trust at the Slack seams, with the real bot: Share runs nothing again, forms keep what was
typed when a field is wrong, a retried slash command files once, people are called by name."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from app.wiring import App, build_app
from chatbot.ids import ConversationId, UserId
from tests.adapters.slack.conftest import Running, start_adapter
from tests.adapters.slack.slack_fake import FakeSlack, interactive_body, load, signed_headers
from tests.adapters.slack.test_slack_http import all_text, click, share_button, slash
from tests.adapters.slack.test_slack_report import select
from tests.harness import bot_settings

INTERNAL_PHONE = "01 00 00 00 01"  # "Ligne partenaires CAF", visibility internal
URGENT_REPORT = "La porte du local de Haxo est cassée #site !urgent"
VOLUNTEER = UserId("slack:U2147483697")


def share_click(fake: FakeSlack, value: str) -> str:
    body = click(fake, value)
    body["actions"][0]["action_id"] = "share"
    return interactive_body(body)


def as_coordinator(body: str) -> str:
    return body.replace("user_id=U2147483697", "user_id=U0COORD")


def has_share(message: dict[str, Any]) -> bool:
    return any(
        e["action_id"] == "share"
        for b in message["blocks"]
        if b["type"] == "actions"
        for e in b["elements"]
    )


# -- Share in channel ------------------------------------------------------------------------


async def test_sharing_the_answer_to_a_report_files_nothing_again(
    real: tuple[Running, App], fake: FakeSlack
) -> None:
    running, app = real
    await running.post_form(slash(fake, URGENT_REPORT, command="/report"))
    [answer] = await fake.wait_for("response_url")
    assert "Report #1 is saved" in answer.args["text"]
    assert not has_share(answer.args)
    assert await app.sender.flush() >= 1  # the urgent alert went out

    # A Share button of old, carrying the command line: nothing runs.
    await running.post_form(share_click(fake, f"report {URGENT_REPORT}"))
    _answer, refused = await fake.wait_for("response_url", 2)
    assert refused.args["response_type"] == "ephemeral"
    assert "can no longer be shared" in refused.args["text"]
    assert [r.id for r in app.storage.anomalies.open_reports()] == [1]
    assert await app.sender.flush() == 0  # no second alert
    assert not any("in_channel" in json.dumps(c.args) for c in fake.called("response_url"))


async def test_a_shared_lookup_is_the_card_already_computed(
    real: tuple[Running, App], fake: FakeSlack
) -> None:
    running, app = real
    await running.post_form(slash(fake, "caf de paris"))
    [answer] = await fake.wait_for("response_url")
    entry = app.storage.directory.get_by_name("CAF de Paris")
    assert entry is not None and entry.id is not None
    coordinator = UserId("slack:U0COORD")
    app.storage.directory.remove(entry.id, actor=coordinator, at=datetime.now(UTC))
    # a lookup run again now would not find it

    await running.post_form(share_click(fake, share_button(answer.args)["value"]))
    _answer, shared, deleted = await fake.wait_for("response_url", 3)
    assert shared.args["response_type"] == "in_channel"
    assert shared.args["blocks"][:-1] == answer.args["blocks"][:-1]
    assert "50 rue du Docteur Finlay" in shared.args["text"]
    assert "<@U2147483697>" in all_text(shared.args["blocks"][-1])
    assert deleted.args == {"delete_original": True}


async def test_answers_that_change_something_or_hold_internal_lines_have_no_share_button(
    real: tuple[Running, App], fake: FakeSlack
) -> None:
    running, _app = real
    asked = (
        slash(fake, "suggest caf hours Lun-ven 9h-12h", command="/bot"),  # not read-only
        as_coordinator(slash(fake, "caf partenaires")),  # holds an internal line
        slash(fake, "caf partenaires"),  # the same lookup, for everyone: shareable
    )
    for count, body in enumerate(asked, start=1):
        await running.post_form(body)
        await fake.wait_for("response_url", count)

    suggested, internal, public = (c.args for c in fake.called("response_url"))
    assert "Thank you" in suggested["text"]
    assert INTERNAL_PHONE in all_text(internal)
    assert INTERNAL_PHONE not in all_text(public)
    assert [has_share(a) for a in (suggested, internal, public)] == [False, False, True]


# -- Forms -----------------------------------------------------------------------------------


async def test_a_form_sent_with_a_missing_field_stays_open_with_a_word_under_it(
    real: tuple[Running, App], fake: FakeSlack
) -> None:
    running, app = real
    await running.post_form(slash(fake, "", command="/report"))
    [opened] = await fake.wait_for("views.open")

    submission = load("view_submission.json")
    submission["view"]["private_metadata"] = opened.args["view"]["private_metadata"]
    submission["view"]["state"]["values"] = {
        "category": {"value": select("site")},
        "severity": {"value": {"type": "static_select", "selected_option": None}},
        "description": {"value": {"type": "plain_text_input", "value": "  "}},
    }
    status, text = await running.post_form(interactive_body(submission))

    assert status == 200
    assert json.loads(text) == {
        "response_action": "errors",
        "errors": {"description": "Please fill this in."},  # the urgency may be left out
    }
    handlers = running.adapter._handlers
    assert handlers is not None
    await handlers.background.drain()
    assert fake.called("response_url") == []
    assert app.storage.anomalies.open_reports() == []
    here = ConversationId("slack:C2147483705")
    assert app.storage.open_questions.take(VOLUNTEER, here, now=datetime.now(UTC)) is None


# -- Retries ---------------------------------------------------------------------------------


async def test_a_slash_command_delivered_twice_to_two_processes_files_once(
    fake: FakeSlack, tmp_path: Path
) -> None:
    settings = bot_settings(tmp_path, bot_coordinators=[UserId("slack:U0COORD")])
    apps = [build_app(settings), build_app(settings)]
    running = [
        await start_adapter(
            fake,
            bot=a.bot,
            events=a.storage.events,
            router=a.router,
            answers=a.storage.shared_answers,
        )
        for a in apps
    ]
    try:
        body = slash(fake, URGENT_REPORT, command="/report")
        await running[0].post_form(body)
        retry = {"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"}
        status, _ = await running[1].post_form(body, headers=signed_headers(body) | retry)
        assert status == 200
        for one in running:
            assert one.adapter._handlers is not None
            await one.adapter._handlers.background.drain()
    finally:
        for one in running:
            await one.stop()
    try:
        assert len(fake.called("response_url")) == 1
        assert [r.id for r in apps[1].storage.anomalies.open_reports()] == [1]
    finally:
        for a in apps:
            a.storage.close()


# -- Names -----------------------------------------------------------------------------------


async def test_history_names_who_changed_an_entry(
    real: tuple[Running, App], fake: FakeSlack
) -> None:
    running, _app = real
    fake.users["U0COORD"] = "Alice"
    edit = slash(fake, '"CAF de Paris" hours Lun-ven 9h-17h', command="/bot")
    await running.post_form(as_coordinator(edit.replace("text=", "text=edit+", 1)))
    await fake.wait_for("response_url")
    for _ in range(2):
        await running.post_form(slash(fake, 'history "CAF de Paris"', command="/bot"))

    _edited, *histories = await fake.wait_for("response_url", 3)
    for history in histories:
        assert "changed by Alice" in history.args["text"]
        assert "U0COORD" not in all_text(history.args)
    assert len(fake.called("users.info")) == 1  # remembered
