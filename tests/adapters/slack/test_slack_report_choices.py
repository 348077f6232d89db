"""On Slack, the answer to a report offers its guessed category and urgency as buttons: one
click changes the saved report (signed requests against the real bot)."""

from __future__ import annotations

from typing import Any

from app.wiring import App
from tests.adapters.slack.conftest import Running
from tests.adapters.slack.slack_fake import FakeSlack, interactive_body, load
from tests.adapters.slack.test_slack_http import click, slash


def buttons(message: dict[str, Any]) -> dict[str, str]:
    """Label -> the command line a button carries."""
    return {
        e["text"]["text"]: e["value"]
        for b in message["blocks"]
        if b["type"] == "actions"
        for e in b["elements"]
    }


async def test_a_form_with_only_what_was_seen_is_saved_then_one_click_changes_it(
    real: tuple[Running, App], fake: FakeSlack
) -> None:
    running, app = real
    await running.post_form(slash(fake, "", command="/report"))
    [opened] = await fake.wait_for("views.open")
    view = opened.args["view"]
    assert next(b["block_id"] for b in view["blocks"] if b["type"] == "input") == "description"

    submission = load("view_submission.json")
    submission["view"]["private_metadata"] = view["private_metadata"]
    submission["view"]["state"]["values"] = {
        "description": {
            "value": {"type": "plain_text_input", "value": "L'imprimante du 2e <b>HS</b>"}
        },
        "category": {"value": {"type": "static_select", "selected_option": None}},
        "severity": {"value": {"type": "static_select", "selected_option": None}},
    }
    status, _ = await running.post_form(interactive_body(submission))
    assert status == 200
    [answer] = await fake.wait_for("response_url")
    [saved] = app.storage.anomalies.open_reports()  # saved before any click
    assert (saved.category, saved.severity.value) == ("materiel", "normal")
    offered = buttons(answer.args)
    assert offered["Site or premises"] == "report-category 1 site"
    assert offered["Urgent: tell the coordinators now"] == "report-urgent 1"

    await running.post_form(interactive_body(click(fake, offered["Site or premises"])))
    _first, changed = await fake.wait_for("response_url", 2)
    assert "filed under Site or premises" in changed.args["text"]
    report = app.storage.anomalies.get(1)
    assert report is not None and report.category == "site"

    assert await app.sender.flush() == 0  # nobody alerted yet
    urgent_click = click(fake, offered["Urgent: tell the coordinators now"])
    await running.post_form(interactive_body(urgent_click))
    *_earlier, urgent = await fake.wait_for("response_url", 3)
    assert "now urgent" in urgent.args["text"]
    report = app.storage.anomalies.get(1)
    assert report is not None and report.severity.value == "urgent"
    assert await app.sender.flush() == 1  # the one coordinator, at once
    await running.post_form(interactive_body(click(fake, "report-urgent 1")))
    *_earlier, again = await fake.wait_for("response_url", 4)
    assert "already urgent" in again.args["text"]
    assert await app.sender.flush() == 0  # once
