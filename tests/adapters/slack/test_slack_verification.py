"""Flagging and verifying an entry from its card, through signed Slack requests (issue 14)."""

from __future__ import annotations

from app.wiring import App
from tests.adapters.slack.conftest import Running
from tests.adapters.slack.slack_fake import FakeSlack, interactive_body, load
from tests.adapters.slack.test_slack_http import all_text, click, slash


async def test_this_is_wrong_then_still_correct_from_the_card(
    real: tuple[Running, App], fake: FakeSlack
) -> None:
    running, app = real
    entry = app.storage.directory.get_by_name("VDAB")
    assert entry is not None and entry.id is not None
    await running.post_form(slash(fake, "vdab"))
    [answer] = await fake.wait_for("response_url")
    values = [
        e.get("value")
        for b in answer.args["blocks"]
        if b["type"] == "actions"
        for e in b["elements"]
    ]
    assert f"flag #{entry.id}" in values  # "This is wrong", for anyone
    assert f"verify #{entry.id}" not in values  # "Still correct": a volunteer is no verifier

    await running.post_form(interactive_body(click(fake, f"flag #{entry.id}")))
    [opened] = await fake.wait_for("views.open")
    view = opened.args["view"]
    inputs = [b["block_id"] for b in view["blocks"] if b["type"] == "input"]
    assert inputs == ["entry", "what"]
    submission = load("view_submission.json")
    submission["view"]["private_metadata"] = view["private_metadata"]
    submission["view"]["state"]["values"] = {
        "entry": {"value": {"type": "plain_text_input", "value": f"#{entry.id}"}},
        "what": {"value": {"type": "plain_text_input", "value": "Ce numéro ne répond plus"}},
    }
    assert await running.post_form(interactive_body(submission)) == (200, "")
    [_lookup, flagged] = await fake.wait_for("response_url", 2)
    assert "marked as possibly outdated" in flagged.args["text"]
    assert await app.sender.flush() == 1  # the coordinator is told, once
    [told] = fake.called("chat.postMessage")
    assert "Ce numéro ne répond plus" in all_text(told.args)
    now = app.storage.directory.get(entry.id)
    assert now is not None and now.flag == "Ce numéro ne répond plus"

    pressed = click(fake, f"verify #{entry.id}")
    pressed["user"]["id"] = "U0COORD"
    await running.post_form(interactive_body(pressed))
    [*_before, verified] = await fake.wait_for("response_url", 3)
    assert "marked as verified today" in verified.args["text"]
    after = app.storage.directory.get(entry.id)
    assert after is not None and after.flag == "" and after.last_verified_by == "slack:U0COORD"
