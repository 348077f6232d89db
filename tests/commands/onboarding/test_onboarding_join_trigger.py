"""A step naming a channel ticks itself when the newcomer joins that channel (recorded Slack
payloads through the converter and ``bot.observe``), and the template file checks it."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from chatbot.events import MembershipChanged
from chatbot.ids import ConversationId
from commands.onboarding.template_file import TemplateError, parse_template
from tests.commands.onboarding.conftest import install_template
from tests.commands.onboarding.test_onboarding_enrolment import SLACK_NEWBIE, slack_event
from tests.harness import COORDINATOR, Chat, observe, sent_to

JOINING = """\
name: volunteer
language: en
title: Joining checklist
days:
  - title: First day
    steps:
      - title: Say hello
      - title: Join the help channel
        trigger: join
        channel: slack:C0HELP
"""


def errors_of(text: str) -> list[str]:
    with pytest.raises(TemplateError) as caught:
        parse_template(text)
    return caught.value.errors


def test_a_join_step_needs_a_channel_and_a_channel_needs_a_join_step() -> None:
    [step] = parse_template(JOINING).days[0].steps[1:]
    assert (step.trigger, step.channel) == ("join", "slack:C0HELP")
    assert errors_of(JOINING.replace("        channel: slack:C0HELP\n", "")) == [
        "line 8: day 1, step 2: «channel» is missing"
    ]
    assert errors_of(JOINING.replace("trigger: join", "trigger: lookup")) == [
        "line 10: day 1, step 2, channel: a channel only goes with trigger: join or answer"
    ]
    assert errors_of(JOINING.replace("slack:C0HELP", "the help channel")) == [
        "line 10: day 1, step 2, channel: «the help channel» is not valid: expected a "
        "conversation id such as slack:C0123ABCD or matrix:!room:example.org"
    ]


def test_joining_the_named_channel_ticks_the_step(chat: Chat, tmp_path: Path) -> None:
    install_template(chat, tmp_path, JOINING)
    chat.settings.onboarding_welcome_channels = ["slack:C0WELCOME"]
    joined = slack_event("member_joined_channel")
    observe(chat, joined)
    assert len(sent_to(chat, SLACK_NEWBIE)) == 1  # the welcome: joining it ticks nothing

    def elsewhere(channel: str, *, joined_it: bool = True) -> MembershipChanged:
        return replace(joined, conversation_id=ConversationId(channel), joined=joined_it)

    observe(chat, elsewhere("slack:C0OTHER"))
    observe(chat, elsewhere("slack:C0HELP", joined_it=False))
    assert len(sent_to(chat, SLACK_NEWBIE)) == 1
    observe(chat, elsewhere("slack:C0HELP"))
    assert sent_to(chat, SLACK_NEWBIE)[-1].startswith(
        "✓ Ticked for you: 2. Join the help channel. Nice!"
    )
    observe(chat, elsewhere("slack:C0HELP"))  # joining again ticks nothing more
    assert len(sent_to(chat, SLACK_NEWBIE)) == 2
    history = chat.say(f"onboarding history {SLACK_NEWBIE}", user=COORDINATOR)
    assert "2. Join the help channel · ticked itself" in history
