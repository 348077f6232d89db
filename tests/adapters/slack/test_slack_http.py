"""A volunteer uses the bot in Slack over HTTP mode: signed requests in, Web API calls out."""

from __future__ import annotations

import itertools
import json
from typing import Any
from urllib.parse import parse_qsl, urlencode

from tests.adapters.slack.slack_fake import (
    BOT_USER,
    FakeSlack,
    interactive_body,
    load,
    load_text,
    signed_headers,
)
from tests.adapters.slack.slack_toys import INTERNAL_NOTE


def slash(fake: FakeSlack, text: str, *, command: str = "/lookup", channel: str = "C2147483705"):
    fields = dict(parse_qsl(load_text("slash_command.txt")))
    fields |= {
        "command": command,
        "text": text,
        "channel_id": channel,
        "channel_name": "directmessage" if channel.startswith("D") else "accueil",
        "response_url": fake.hook_url("commands/T0001/1234/abcd"),
        "trigger_id": f"{next(_TRIGGERS)}.738474920.8088930838d88f008e0",  # one per command
    }
    return urlencode(fields)


_TRIGGERS = itertools.count(13345224609)


def event(name: str, **changes: Any) -> dict[str, Any]:
    body = load(name)
    body["event"] |= changes
    return body


def share_button(message: dict[str, Any]) -> dict[str, Any]:
    [button] = [
        e
        for b in message["blocks"]
        if b["type"] == "actions"
        for e in b["elements"]
        if e["action_id"] == "share"
    ]
    return button


def all_text(message: dict[str, Any]) -> str:
    """Every string of a Slack message, to search in."""
    return json.dumps(message, ensure_ascii=False)


async def test_url_verification_answers_the_challenge(slack):
    body = load("url_verification.json")
    status, text = await slack.post_json(json.dumps(body))
    assert status == 200
    assert body["challenge"] in text


async def test_lookup_slash_command_in_a_channel_is_ephemeral_and_shareable(slack, fake):
    status, text = await slack.post_form(slash(fake, "caf"))
    assert (status, text) == (200, "")

    [answer] = await fake.wait_for("response_url")
    message = answer.args
    assert message["response_type"] == "ephemeral"
    assert "3230" in all_text(message["blocks"])
    assert "3230" in message["text"]
    assert INTERNAL_NOTE not in all_text(message)
    assert share_button(message)["value"] != "lookup caf"  # an id, not a command to run again


async def test_lookup_slash_command_in_a_dm_shows_internal_entries(slack, fake):
    await slack.post_form(slash(fake, "caf", channel="D024BE91L"))

    [answer] = await fake.wait_for("response_url")
    assert INTERNAL_NOTE in all_text(answer.args)
    assert "share" not in [
        e["action_id"]
        for b in answer.args["blocks"]
        if b["type"] == "actions"
        for e in b["elements"]
    ]


async def test_annuaire_and_bot_slash_commands_reach_the_same_command(slack, fake):
    await slack.post_form(slash(fake, "caf", command="/annuaire"))
    await slack.post_form(slash(fake, "lookup caf", command="/bot"))

    answers = await fake.wait_for("response_url", 2)
    assert all("CAF for caf" in a.args["text"] for a in answers)


async def test_direct_message_gets_an_answer_with_internal_entries(slack, fake):
    status, _text = await slack.post_json(json.dumps(load("message_im.json")))
    assert status == 200

    [post] = await fake.wait_for("chat.postMessage")
    assert post.args["channel"] == "D024BE91L"
    assert "3230" in post.args["text"]
    assert INTERNAL_NOTE in post.args["text"]


async def test_mention_in_a_channel_is_answered_publicly_without_internal_entries(slack, fake):
    await slack.post_json(json.dumps(load("app_mention.json")))

    [post] = await fake.wait_for("chat.postMessage")
    assert post.args["channel"] == "C0LAN2Q65"
    assert "CAF for caf" in post.args["text"]  # the mention itself was stripped
    assert INTERNAL_NOTE not in post.args["text"]
    assert "thread_ts" not in post.args


async def test_mention_inside_a_thread_is_answered_in_that_thread(slack, fake):
    body = event("app_mention.json", thread_ts="1515449000.000001")
    await slack.post_json(json.dumps(body))

    [post] = await fake.wait_for("chat.postMessage")
    assert post.args["thread_ts"] == "1515449000.000001"


async def test_bot_ignores_its_own_messages_and_edits(slack, fake):
    own = event("message_im.json", user=BOT_USER, text="lookup caf")
    own["event_id"] = "Ev0OWN"
    edit = event("message_im.json", subtype="message_changed")
    edit["event_id"] = "Ev0EDIT"
    for body in (own, edit):
        status, _text = await slack.post_json(json.dumps(body))
        assert status == 200
    await slack.post_json(json.dumps(event("message_im.json", text="say done")))

    [post] = await fake.wait_for("chat.postMessage")
    assert "done" in post.args["text"]


async def test_a_retried_event_is_answered_once(slack, fake):
    body = json.dumps(load("message_im.json"))
    await slack.post_json(body)
    retry = {"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"}
    status, _ = await slack.post_json(body, headers=signed_headers(body) | retry)
    assert status == 200

    await fake.wait_for("chat.postMessage")
    await slack.adapter._handlers.background.drain()  # the retry's work is done too
    assert len(fake.called("chat.postMessage")) == 1


def click(fake: FakeSlack, value: str, *, channel: str = "C2147483705", ephemeral: bool = True):
    body = load("block_actions.json")
    action_id = f"run:0:{value.split()[0]}"
    body["actions"][0] |= {"action_id": action_id, "value": value}
    body["channel"]["id"] = body["container"]["channel_id"] = channel
    body["container"]["is_ephemeral"] = ephemeral
    body["response_url"] = fake.hook_url("actions/T0001/1234/abcd")
    return body


async def test_clicking_still_correct_runs_verify_as_the_clicker(slack, fake):
    status, text = await slack.post_form(interactive_body(click(fake, "verify 12")))
    assert (status, text) == (200, "")

    [answer] = await fake.wait_for("response_url")
    assert answer.args["text"] == "#12 marked as still correct by slack:U2147483697."
    assert answer.args["response_type"] == "ephemeral"
    assert answer.args["replace_original"] is False


async def test_clicking_other_result_in_a_dm_answers_in_the_dm(slack, fake):
    body = click(fake, "lookup caf 2", channel="D024BE91L", ephemeral=False)
    await slack.post_form(interactive_body(body))

    [post] = await fake.wait_for("chat.postMessage")
    assert post.args["channel"] == "D024BE91L"
    assert "CAF for caf 2" in post.args["text"]
    assert INTERNAL_NOTE in post.args["text"]


async def test_suggest_button_opens_a_form_whose_submission_runs_the_command(slack, fake):
    await slack.post_form(interactive_body(click(fake, "suggest 12")))

    [opened] = await fake.wait_for("views.open")
    view = opened.args["view"]
    assert opened.args["trigger_id"] == load("block_actions.json")["trigger_id"]
    inputs = {b["block_id"]: b for b in view["blocks"] if b["type"] == "input"}
    assert list(inputs) == ["number", "field", "value"]
    assert inputs["number"]["element"]["initial_value"] == "12"
    assert [o["value"] for o in inputs["field"]["element"]["options"]] == ["phone", "email"]
    assert inputs["value"]["element"]["multiline"] is True

    submission = load("view_submission.json")
    submission["view"]["private_metadata"] = view["private_metadata"]
    submission["view"]["state"]["values"] = {
        "number": {"value": {"type": "plain_text_input", "value": "12"}},
        "field": {
            "value": {
                "type": "static_select",
                "selected_option": {
                    "text": {"type": "plain_text", "text": "Phone"},
                    "value": "phone",
                },
            }
        },
        "value": {"value": {"type": "plain_text_input", "value": "04 99 99 99 99"}},
    }
    status, text = await slack.post_form(interactive_body(submission))
    assert (status, text) == (200, "")

    [answer] = await fake.wait_for("response_url")
    assert answer.args["text"] == (
        "Suggestion for #12: phone = 04 99 99 99 99 (slack:U2147483697, channel)"
    )
    assert answer.args["response_type"] == "ephemeral"


async def test_slash_command_without_arguments_opens_the_form(slack, fake):
    await slack.post_form(slash(fake, "suggest", command="/bot", channel="D024BE91L"))

    [opened] = await fake.wait_for("views.open")
    assert opened.args["view"]["callback_id"] == "chatbot_form"
    assert json.loads(opened.args["view"]["private_metadata"])["private"] is True
    assert fake.called("response_url") == []


async def test_sharing_posts_the_answer_already_computed_and_removes_the_private_one(slack, fake):
    await slack.post_form(slash(fake, "caf"))
    [answer] = await fake.wait_for("response_url")
    body = click(fake, share_button(answer.args)["value"])
    body["actions"][0]["action_id"] = "share"
    await slack.post_form(interactive_body(body))

    _answer, shared, deleted = await fake.wait_for("response_url", 3)
    assert shared.args["response_type"] == "in_channel"
    assert shared.args["text"] == answer.args["text"]
    assert shared.args["blocks"][:-1] == answer.args["blocks"][:-1]  # the card, as computed
    assert "<@U2147483697>" in all_text(shared.args["blocks"][-1])
    assert deleted.args == {"delete_original": True}

    await slack.post_form(interactive_body(body))  # a second click shares nothing more
    [*_, again] = await fake.wait_for("response_url", 4)
    assert again.args["response_type"] == "ephemeral"
    assert "can no longer be shared" in again.args["text"]


async def test_only_answers_of_read_only_commands_offer_to_share(slack, fake):
    await slack.post_form(slash(fake, "say hello", command="/bot"))  # "say" is not read-only
    await slack.post_form(slash(fake, "caf", channel="D024BE91L"))  # private: never shared

    for answer in await fake.wait_for("response_url", 2):
        assert "share" not in all_text(answer.args)
