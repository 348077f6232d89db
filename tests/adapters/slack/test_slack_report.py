"""A volunteer types /report with nothing else on Slack: a form opens, and its submission is a
saved report with a number (the real bot)."""

from __future__ import annotations

import json

from app.wiring import App
from tests.adapters.slack.conftest import Running
from tests.adapters.slack.slack_fake import FakeSlack, interactive_body, load
from tests.adapters.slack.test_slack_http import slash


def select(value: str) -> dict[str, object]:
    return {
        "type": "static_select",
        "selected_option": {"text": {"type": "plain_text", "text": value}, "value": value},
    }


async def test_report_without_text_opens_a_form_and_saves_the_report(
    real: tuple[Running, App], fake: FakeSlack
) -> None:
    running, app = real
    await running.post_form(slash(fake, "", command="/report"))

    [opened] = await fake.wait_for("views.open")
    view = opened.args["view"]
    inputs = {b["block_id"]: b for b in view["blocks"] if b["type"] == "input"}
    assert list(inputs)[:3] == ["description", "category", "severity"]  # what was seen, first
    assert [inputs[n]["optional"] for n in list(inputs)[:3]] == [False, True, True]
    assert "site" in [o["value"] for o in inputs["category"]["element"]["options"]]

    submission = load("view_submission.json")
    submission["view"]["private_metadata"] = view["private_metadata"]
    submission["view"]["state"]["values"] = {
        "category": {"value": select("site")},
        "severity": {"value": select("urgent")},
        "description": {
            "value": {
                "type": "plain_text_input",
                "value": "Le site de la CAF <!channel> est en panne",
            }
        },
    }
    status, _ = await running.post_form(interactive_body(submission))
    assert status == 200

    [answer] = await fake.wait_for("response_url")
    assert "#1" in answer.args["text"]
    [report] = app.storage.anomalies.open_reports()
    assert report.category == "site"
    assert report.text == "Le site de la CAF <!channel> est en panne"
    assert "<!channel>" not in json.dumps(answer.args)  # escaped by the renderer
