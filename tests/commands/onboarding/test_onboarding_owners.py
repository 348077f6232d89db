"""Steps a buddy or a coordinator does for the newcomer: sent to them on their day, ticked by
them only, waited for by the newcomer, flagged when nobody can do them."""

from __future__ import annotations

from pathlib import Path

import pytest

from commands.onboarding.template_file import TemplateError, parse_template
from tests.commands.onboarding.conftest import install_template
from tests.harness import COORDINATOR, NUDGES, Chat, at_paris, run_job, sent_to

VICTOR = "console:victor"
MARIE = "console:marie"
COLINE = "console:coline"

OWNED = """\
name: volunteer
language: en
title: Small checklist
days:
  - title: First day
    steps:
      - title: Say hello
      - title: Set up your accounts
        owner: coordinator
  - title: Second day
    steps:
      - title: Coffee with your buddy
        owner: buddy
      - title: Try a lookup
        owner: newcomer
"""


def _load(chat: Chat, tmp_path: Path, text: str = OWNED) -> None:
    install_template(chat, tmp_path, text)


def test_an_unknown_owner_is_reported_with_its_line() -> None:
    steps = [s.owner for d in parse_template(OWNED).days for s in d.steps]
    assert steps == ["newcomer", "coordinator", "buddy", "newcomer"]
    with pytest.raises(TemplateError) as caught:
        parse_template(OWNED.replace("owner: buddy", "owner: boss"))
    assert caught.value.errors == [
        "line 13: day 2, step 1, owner: unknown owner «boss» (expected one of: newcomer, buddy, "
        "coordinator)"
    ]


def test_buddy_and_coordinator_steps_go_to_their_owners(chat: Chat, tmp_path: Path) -> None:
    _load(chat, tmp_path)
    chat.say("onboarding start victor volunteer", user=COORDINATOR)
    chat.say(f"onboarding buddy victor {MARIE}", user=COORDINATOR)

    # Day 1: the coordinator step goes to every coordinator at once; the buddy's waits.
    [for_coline] = sent_to(chat, COLINE)
    assert for_coline.startswith(
        "An onboarding step of victor is for a coordinator: 2. Set up your accounts"
    )
    assert for_coline.endswith("When it is done, type: onboarding tick console:victor 2")
    assert len(sent_to(chat, "console:ada")) == 1
    assert not [m for m in sent_to(chat, MARIE) if "onboarding step" in m]
    progress = chat.say("onboarding", user="victor")
    assert "⏳ waiting for a coordinator: 2. Set up your accounts" in progress
    assert "done 2" not in progress

    # Only a coordinator ticks it, with their name in the history.
    assert chat.say("done 2", user="victor") == "Step 2 is for a coordinator to tick."
    assert chat.say("onboarding tick victor 2", user="marie") == (
        "Sorry, step 2 is for a coordinator to tick."
    )
    assert chat.say("onboarding tick victor 2", user=COORDINATOR) == (
        "✓ Done for console:victor: 2. Set up your accounts."
    )
    assert sent_to(chat, VICTOR)[-1].startswith(
        "✓ console:coline ticked for you: 2. Set up your accounts."
    )
    chat.say("done 1", user="victor")

    # Day 2: the buddy step goes to the buddy, once.
    at_paris(chat, 24, 9, 15)
    run_job(chat, NUDGES, deliver=True)
    run_job(chat, NUDGES, deliver=True)
    assert len(sent_to(chat, COLINE)) == 1
    [for_marie] = [m for m in sent_to(chat, MARIE) if "onboarding step" in m]
    assert for_marie.startswith(
        "As victor's buddy, this onboarding step is yours: 3. Coffee with your buddy"
    )
    assert "⏳ waiting for your buddy: 3. Coffee with your buddy" in chat.say(
        "onboarding", user="victor"
    )
    assert chat.say("done 3", user="victor") == "Step 3 is for your buddy to tick."
    assert chat.say("onboarding tick victor 3", user=COORDINATOR) == (
        "Sorry, step 3 is for console:victor's buddy to tick."
    )
    assert chat.say("onboarding tick victor 4", user="marie") == (
        "Step 4 is for console:victor to tick themselves."
    )
    assert chat.say("onboarding tick victor 3", user="marie") == (
        "✓ Done for console:victor: 3. Coffee with your buddy."
    )
    assert chat.say("done 4", user="victor").startswith("✓ Done: 4. Try a lookup")
    assert "You completed your checklist" in chat.say("onboarding", user="victor")
    history = chat.say("onboarding history victor", user=COORDINATOR)
    assert "2. Set up your accounts · ticked by console:coline" in history
    assert "3. Coffee with your buddy · ticked by console:marie" in history


def test_a_buddy_step_without_a_buddy_needs_attention(chat: Chat, tmp_path: Path) -> None:
    _load(chat, tmp_path, OWNED.replace("owner: coordinator", "owner: buddy"))
    chat.say("onboarding start victor volunteer", user=COORDINATOR)
    lines = chat.say("onboarding status", user=COORDINATOR).splitlines()
    assert lines[1] == "Needs attention: 1"
    assert lines[2].endswith(" — why: no buddy, buddy steps waiting without a buddy: 2")
    # Once there is a buddy, the step reaches them the next morning.
    chat.say(f"onboarding buddy victor {MARIE}", user=COORDINATOR)
    at_paris(chat, 24, 9, 15)
    run_job(chat, NUDGES, deliver=True)
    assert [m for m in sent_to(chat, MARIE) if m.startswith("As victor's buddy")]


def test_the_newcomer_reads_who_does_a_step_not_its_owners_instructions(
    chat: Chat, tmp_path: Path
) -> None:
    _load(
        chat,
        tmp_path,
        OWNED.replace(
            "        owner: coordinator\n",
            "        owner: coordinator\n        explanation: Create the login in the admin tool.\n"
            "        links:\n          - label: Admin tool\n"
            "            url: https://admin.example.org\n",
        ),
    )
    chat.say("onboarding start victor", user=COORDINATOR)
    welcome = sent_to(chat, VICTOR)[0]
    assert "2. Set up your accounts\nA coordinator does this one for you and ticks it." in welcome
    assert "admin tool" not in welcome.casefold()
    told = "\n".join(sent_to(chat, COLINE))
    assert "Create the login in the admin tool." in told  # its owner gets the instructions
