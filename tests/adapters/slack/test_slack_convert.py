"""Slack payloads -> Incoming: what the core sees of what a volunteer did in Slack."""

from __future__ import annotations

from urllib.parse import parse_qsl

import pytest

from adapters.slack.convert import (
    MalformedPayload,
    from_click,
    from_event,
    from_slash_command,
    plain_text,
)
from tests.adapters.slack.slack_fake import BOT_USER, load, load_text
from tests.harness import ADMIN, Chat, say_as


def test_slack_markup_turns_back_into_what_the_user_typed():
    assert plain_text("<@UBOT0001> lookup caf", bot_user_id=BOT_USER) == "lookup caf"
    assert plain_text("lookup caf &amp; co &lt;lyon&gt;") == "lookup caf & co <lyon>"
    assert plain_text("role <@U0ANA|ana> coordinator") == "role slack:U0ANA coordinator"
    assert plain_text("see <https://caf.fr|caf.fr> in <#C0LAN|accueil>") == "see caf.fr in #accueil"
    assert plain_text("mail <mailto:ana@example.org>") == "mail ana@example.org"
    assert plain_text("<!here> help") == "@here help"


def test_slash_command_in_a_channel_is_public():
    body = dict(parse_qsl(load_text("slash_command.txt")))
    incoming = from_slash_command(body)
    assert incoming.text == "lookup caf"
    assert incoming.sender_id == "slack:U2147483697"
    assert incoming.sender_name == "steve"
    assert incoming.conversation_id == "slack:C2147483705"
    assert incoming.private is False and incoming.is_action is False


@pytest.mark.parametrize(
    ("command", "text", "expected"),
    [("/annuaire", "caf", "lookup caf"), ("/bot", "help", "help"), ("/bot", "", "")],
)
def test_every_slash_command_reaches_a_core_command(command, text, expected):
    body = dict(parse_qsl(load_text("slash_command.txt"))) | {"command": command, "text": text}
    assert from_slash_command(body).text == expected


def test_slash_command_in_a_direct_conversation_is_private():
    body = dict(parse_qsl(load_text("slash_command.txt")))
    body |= {"channel_id": "D024BE91L", "channel_name": "directmessage"}
    assert from_slash_command(body).private is True


def test_only_a_slash_command_is_known_to_be_a_command():
    body = dict(parse_qsl(load_text("slash_command.txt"))) | {"command": "/bot", "text": "caf"}
    dm = from_event(load("message_im.json")["event"], bot_user_id=BOT_USER)
    assert from_slash_command(body).is_command is True
    assert dm is not None and dm.is_command is False


def test_mention_is_public_and_direct_message_private():
    mention = from_event(load("app_mention.json")["event"], bot_user_id=BOT_USER)
    dm = from_event(load("message_im.json")["event"], bot_user_id=BOT_USER)
    assert mention is not None and dm is not None
    assert (mention.text, mention.private, mention.conversation_id) == (
        "lookup caf",
        False,
        "slack:C0LAN2Q65",
    )
    assert (dm.text, dm.private, dm.sender_id) == ("lookup caf", True, "slack:U2147483697")


def test_events_the_bot_must_not_answer():
    event = load("message_im.json")["event"]
    assert from_event(event | {"user": BOT_USER}, bot_user_id=BOT_USER) is None
    assert from_event(event | {"bot_id": "B0OTHER"}, bot_user_id=BOT_USER) is None
    assert from_event(event | {"subtype": "message_changed"}, bot_user_id=BOT_USER) is None
    channel_talk = event | {"channel": "C0LAN2Q65", "channel_type": "channel"}
    assert from_event(channel_talk, bot_user_id=BOT_USER) is None


def test_a_click_runs_the_button_command_as_the_clicker():
    incoming = from_click(load("block_actions.json"), "verify 12")
    assert incoming.text == "verify 12"
    assert incoming.is_action is True
    assert incoming.sender_id == "slack:U2147483697"
    assert incoming.conversation_id == "slack:C2147483705"
    assert incoming.private is False


def test_payloads_missing_their_ids_are_rejected():
    with pytest.raises(MalformedPayload):
        from_slash_command({"command": "/lookup", "text": "caf"})
    with pytest.raises(MalformedPayload):
        from_click({"user": {"id": "U1"}, "actions": []}, "verify 1")
    with pytest.raises(MalformedPayload):
        from_event({"type": "message", "text": "hi"}, bot_user_id=BOT_USER)


def test_a_slack_mention_names_the_person_for_every_command(chat: Chat) -> None:
    """``<@U…|name>`` is Slack's markup: convert turns it into ``slack:U…``, which the core's
    one user-reference parser reads (commands never see Slack syntax)."""
    event = {**load("message_im.json")["event"], "text": "assign 1 <@U0ANA|ana>"}
    incoming = from_event(event, bot_user_id=BOT_USER)
    assert incoming is not None and incoming.text == "assign 1 slack:U0ANA"
    coordinator = incoming.sender_id
    chat.say(f"role {coordinator} admin", user=ADMIN)
    chat.say("report Vitre fêlée à l'accueil")
    assert say_as(chat, coordinator, incoming.text) == "Report #1 assigned to slack:U0ANA."
    for text, meant in (
        ("onboarding start <@U0ANA>", "slack:U0ANA starts"),
        ("onboarding buddy <@U0ANA|ana> <@U0BOB|bob>", "slack:U0BOB is now the buddy of"),
        ("role <@U0BOB|bob> coordinator", "slack:U0BOB is now coordinator."),
    ):
        line = from_event({**event, "text": text}, bot_user_id=BOT_USER)
        assert line is not None
        assert say_as(chat, coordinator, line.text).startswith(meant)
