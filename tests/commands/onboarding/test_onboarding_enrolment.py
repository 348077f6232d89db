"""Newcomers are enrolled when they join a welcome channel or room, and unenrolled when they
leave: recorded Slack and Matrix payloads, through the converters and ``bot.observe``."""

from __future__ import annotations

from dataclasses import replace

from adapters.matrix.choices import Choices
from adapters.matrix.convert import reaction_choice
from adapters.matrix.membership import membership_change as matrix_change
from adapters.slack.membership import membership_change as slack_change
from chatbot.events import MembershipChanged
from chatbot.reply import Button
from tests.harness import (
    COORDINATOR,
    NUDGES,
    Chat,
    at_paris,
    click,
    observe,
    payload,
    reply_to,
    run_job,
    sent_to,
)

SLACK_NEWBIE = "slack:U05NEWBIE"
MATRIX_NEWBIE = "matrix:@ines:example.org"
BOT = "UBOT0001"


def slack_event(name: str) -> MembershipChanged:
    change = slack_change(payload(f"slack/{name}.json"), bot_user_id=BOT)
    assert change is not None
    return change


def matrix_event(name: str) -> MembershipChanged:
    change = matrix_change(
        payload(f"matrix/{name}.json"),
        room_id="!welcome:example.org",
        bot_user_id="@bot:example.org",
    )
    assert change is not None
    return change


def test_joining_the_slack_welcome_channel_enrols_and_welcomes(chat: Chat) -> None:
    chat.settings.onboarding_welcome_channels = ["slack:C0WELCOME"]
    observe(chat, slack_event("member_joined_channel"))
    [welcome] = sent_to(chat, SLACK_NEWBIE)
    assert welcome.startswith("Welcome, U05NEWBIE! Here is your checklist")
    assert "[✓ Read the volunteer charter]" in welcome
    status = chat.say("onboarding status", user=COORDINATOR)
    assert (
        "U05NEWBIE (slack:U05NEWBIE) · «Getting started as a volunteer» v1 · day 1/4 · 0/9 steps"
        in status
    )


def test_a_redelivered_join_welcomes_once(chat: Chat) -> None:
    chat.settings.onboarding_welcome_channels = ["slack:C0WELCOME"]
    observe(chat, slack_event("member_joined_channel"))
    observe(chat, slack_event("member_joined_channel"))
    assert len(sent_to(chat, SLACK_NEWBIE)) == 1


def test_other_channels_do_not_enrol(chat: Chat) -> None:
    chat.settings.onboarding_welcome_channels = ["slack:C0GENERAL"]
    observe(chat, slack_event("member_joined_channel"))
    assert chat.outbox.sent == []
    assert chat.say("onboarding status", user=COORDINATOR) == "Nobody is onboarding right now."


def test_joining_the_workspace_enrols_only_when_configured(chat: Chat) -> None:
    observe(chat, slack_event("team_join"))
    assert chat.outbox.sent == []
    chat.settings.onboarding_on_team_join = True
    observe(chat, slack_event("team_join"))
    assert sent_to(chat, SLACK_NEWBIE)[0].startswith("Welcome, Inès! Here is your checklist")


def test_leaving_the_welcome_channel_unenrols_and_coming_back_keeps_progress(chat: Chat) -> None:
    chat.settings.onboarding_welcome_channels = ["slack:C0WELCOME"]
    joined = slack_event("member_joined_channel")
    chat.clock.current = joined.at
    observe(chat, joined)
    # A click on the first button of the welcome message, in Slack.
    ticked = click(chat, Button("✓ 1", "done", "1"), "slack:U05NEWBIE")
    assert ticked.startswith("✓ Done: 1. Read the volunteer charter.")
    observe(chat, slack_event("member_left_channel"))
    assert chat.say("onboarding status", user=COORDINATOR) == "Nobody is onboarding right now."
    at_paris(chat, 25, 9, 30)
    run_job(chat, NUDGES, deliver=True)
    assert len(sent_to(chat, SLACK_NEWBIE)) == 1  # no nudge after leaving

    observe(chat, replace(joined, at=chat.clock.now()))
    back = sent_to(chat, SLACK_NEWBIE)[-1]
    assert back.startswith("Welcome back, U05NEWBIE! Your checklist «Getting started")
    assert "1. Read the volunteer charter" not in back
    assert "2. Introduce yourself" in back


def test_joining_the_matrix_welcome_room_enrols(chat: Chat) -> None:
    chat.settings.onboarding_welcome_channels = ["matrix:!welcome:example.org"]
    observe(chat, matrix_event("member_join"))
    assert sent_to(chat, MATRIX_NEWBIE)[0].startswith("Welcome, Inès Martin! Here is your")
    observe(chat, matrix_event("member_leave"))
    assert chat.say("onboarding status", user=COORDINATOR) == "Nobody is onboarding right now."


def test_matrix_name_changes_are_not_joins() -> None:
    change = matrix_change(
        payload("matrix/member_profile_change.json"), room_id="!welcome:example.org"
    )
    assert change is None


def test_converters_read_who_where_and_when() -> None:
    joined = slack_event("member_joined_channel")
    assert (joined.user_id, joined.conversation_id, joined.joined) == (
        "slack:U05NEWBIE",
        "slack:C0WELCOME",
        True,
    )
    assert joined.at.isoformat() == "2026-11-23T08:30:00+00:00"
    assert slack_event("member_left_channel").joined is False
    team = slack_event("team_join")
    assert (team.conversation_id, team.user_name) == ("", "Inès")
    room = matrix_event("member_join")
    assert (room.user_id, room.conversation_id, room.user_name) == (
        "matrix:@ines:example.org",
        "matrix:!welcome:example.org",
        "Inès Martin",
    )
    assert matrix_event("member_leave").user_name == "Inès Martin"


def test_the_bot_joining_is_not_a_newcomer() -> None:
    body = payload("slack/member_joined_channel.json")
    body["event"]["user"] = BOT
    assert slack_change(body, bot_user_id=BOT) is None
    event = payload("matrix/member_join.json")
    event["state_key"] = "@bot:example.org"
    assert matrix_change(event, room_id="!r:x", bot_user_id="@bot:example.org") is None
    assert slack_change(payload("slack/message_im.json"), bot_user_id=BOT) is None


def test_a_coordinator_enrols_on_any_platform(chat: Chat) -> None:
    answer = chat.say("onboarding start matrix:@ines:example.org", user=COORDINATOR)
    assert answer.startswith("matrix:@ines:example.org starts «Getting started")
    assert chat.say("onboarding start matrix:@ines:example.org", user=COORDINATOR) == (
        "matrix:@ines:example.org is already onboarding. Type onboarding stop "
        "matrix:@ines:example.org first to start them on another checklist."
    )
    assert "slack:U05NEWBIE starts" in chat.say(
        "onboarding start slack:U05NEWBIE", user=COORDINATOR
    )
    assert len(chat.outbox.sent) == 2


def test_a_matrix_newcomer_ticks_a_step_with_a_keycap_reaction(chat: Chat) -> None:
    chat.settings.onboarding_welcome_channels = ["matrix:!welcome:example.org"]
    observe(chat, matrix_event("member_join"))
    checklist = reply_to(chat, "matrix:@ines:example.org", "onboarding")
    choices = Choices(chat.app.storage.state)
    choices.offer("!dm-ines:example.org", "$checklist", checklist.buttons)

    number = reaction_choice("2️⃣")
    assert number == 2
    picked = choices.pick("!dm-ines:example.org", number, event_id="$checklist")
    assert picked is not None and picked.command_line == "done 2"
    ticked = click(chat, picked, "matrix:@ines:example.org")
    assert ticked.startswith("✓ Done: 2. Introduce yourself in the welcome channel.")
