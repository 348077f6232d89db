"""An ``answer`` step ticks itself on the newcomer's first message in a welcome channel (or in
the channel it names), reported by the adapters as ``MessagePosted`` through ``bot.observe``;
nothing answers that message, and nobody but a newcomer is concerned."""

from __future__ import annotations

from pathlib import Path

import pytest

from chatbot.events import MessagePosted
from chatbot.ids import ConversationId, UserId
from commands.onboarding.template_file import TemplateError, parse_template
from tests.commands.onboarding.conftest import install_template
from tests.commands.onboarding.test_onboarding_enrolment import SLACK_NEWBIE, slack_event
from tests.harness import COORDINATOR, Chat, observe, sent_to

ANSWERING = """\
name: volunteer
language: en
title: Joining checklist
days:
  - title: First day
    steps:
      - title: Say hello in the welcome channel
        trigger: answer
      - title: Ask a question in the help channel
        trigger: answer
        channel: slack:C0HELP
"""


def posted(chat: Chat, channel: str, user: str = SLACK_NEWBIE) -> MessagePosted:
    return MessagePosted(
        user_id=UserId(user), conversation_id=ConversationId(channel), at=chat.clock.now()
    )


def enrol_on_slack(chat: Chat) -> None:
    chat.settings.onboarding_welcome_channels = [ConversationId("slack:C0WELCOME")]
    observe(chat, slack_event("member_joined_channel"))
    assert len(sent_to(chat, SLACK_NEWBIE)) == 1  # the welcome


def test_an_answer_step_may_name_its_channel() -> None:
    first, second = parse_template(ANSWERING).days[0].steps
    assert (first.trigger, first.channel) == ("answer", None)
    assert (second.trigger, second.channel) == ("answer", "slack:C0HELP")
    with pytest.raises(TemplateError) as caught:
        parse_template(ANSWERING.replace("slack:C0HELP", "the help channel"))
    assert caught.value.errors == [
        "line 11: day 1, step 2, channel: «the help channel» is not valid: expected a "
        "conversation id such as slack:C0123ABCD or matrix:!room:example.org"
    ]


def test_the_first_message_in_the_welcome_channel_ticks_the_introduction(chat: Chat) -> None:
    enrol_on_slack(chat)
    observe(chat, posted(chat, "slack:C0OTHER"))  # another channel: nothing
    assert len(sent_to(chat, SLACK_NEWBIE)) == 1
    observe(chat, posted(chat, "slack:C0WELCOME"))
    assert sent_to(chat, SLACK_NEWBIE)[-1].startswith(
        "✓ Ticked for you: 2. Introduce yourself in the welcome channel. Nice!"
    )
    observe(chat, posted(chat, "slack:C0WELCOME"))  # talking on ticks nothing more
    assert len(sent_to(chat, SLACK_NEWBIE)) == 2
    history = chat.say(f"onboarding history {SLACK_NEWBIE}", user=COORDINATOR)
    assert "2. Introduce yourself in the welcome channel · ticked itself" in history


def test_someone_not_onboarding_posting_there_gets_nothing(chat: Chat) -> None:
    enrol_on_slack(chat)
    observe(chat, posted(chat, "slack:C0WELCOME", user="slack:U0COLINE"))
    assert chat.outbox.sent[-1][0] == SLACK_NEWBIE  # only the welcome was ever sent
    assert len(chat.outbox.sent) == 1
    assert sent_to(chat, "slack:U0COLINE") == []


def test_a_step_naming_a_channel_ticks_there_only(chat: Chat, tmp_path: Path) -> None:
    install_template(chat, tmp_path, ANSWERING)
    enrol_on_slack(chat)
    observe(chat, posted(chat, "slack:C0HELP"))
    assert sent_to(chat, SLACK_NEWBIE)[-1].startswith(
        "✓ Ticked for you: 2. Ask a question in the help channel. Nice!"
    )
    observe(chat, posted(chat, "slack:C0WELCOME"))
    assert sent_to(chat, SLACK_NEWBIE)[-1].startswith(
        "✓ Ticked for you: 1. Say hello in the welcome channel."
    )
    assert len(sent_to(chat, SLACK_NEWBIE)) == 3
