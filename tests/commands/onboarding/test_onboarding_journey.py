"""A newcomer's four days, from the welcome message to the congratulations, on a fake clock."""

from __future__ import annotations

import pytest

from tests.harness import COORDINATOR, NUDGES, Chat, at_paris, click, run_job, sent_to

VICTOR = "console:victor"
MENTOR = "console:marie"


def test_a_whole_four_day_journey(chat: Chat) -> None:
    # Monday 09:00: a coordinator starts Victor's checklist and gives him a buddy.
    assert chat.say("onboarding start victor", user=COORDINATOR) == (
        "console:victor starts «Getting started as a volunteer» (version 1); "
        "I sent them a welcome message."
    )
    assert "is now the buddy" in chat.say(f"onboarding buddy victor {MENTOR}", user=COORDINATOR)
    welcome, meet = sent_to(chat, VICTOR)
    assert welcome.startswith("Welcome, victor! Here is your checklist")
    assert meet.startswith(f"Meet your buddy, {MENTOR}:")
    assert "Day 1 of 4: Welcome and charter" in welcome
    assert "1. Read the volunteer charter" in welcome
    assert "Volunteer charter: https://example.org/volunteers/charter" in welcome
    assert "Day 2" not in welcome

    # He ticks step 1 with its button, step 2 by typing, step 3 by its number in the list.
    progress = chat.reply("onboarding")
    first = progress.buttons[0]
    assert first.command_line == "done 1"
    assert click(chat, first, "console:victor").startswith("✓ Done: 1. Read the volunteer charter.")
    assert chat.say("done 2").startswith("✓ Done: 2. Introduce yourself")
    assert "[3] ✓ Check your access" in chat.say("onboarding")
    assert chat.say("3") == (
        "✓ Done: 3. Check your access to the tools and channels.\n"
        "Day 1 is complete. The next steps arrive tomorrow morning."
    )

    # Nothing more on Monday; on Tuesday, nothing before 09:00, then day 2, once.
    run_job(chat, NUDGES, deliver=True)
    assert len(sent_to(chat, VICTOR)) == 2
    at_paris(chat, 24, 8, 45)
    run_job(chat, NUDGES, deliver=True)
    assert len(sent_to(chat, VICTOR)) == 2
    at_paris(chat, 24, 9, 15)
    run_job(chat, NUDGES, deliver=True)
    run_job(chat, NUDGES, deliver=True)
    morning = sent_to(chat, VICTOR)[2:]
    assert len(morning) == 1
    assert morning[0].startswith("Good morning, victor! Here are today's steps.")
    assert "Day 2 of 4: Lookups and the FAQ" in morning[0]

    # His first lookup ticks "Try a lookup" by itself.
    assert "3230" in chat.say("lookup caf")
    assert sent_to(chat, VICTOR)[-1].startswith("✓ Ticked for you: 4. Try a lookup. Nice!")
    chat.say("lookup cpam")
    assert len(sent_to(chat, VICTOR)) == 4  # only the first lookup counts
    chat.say("done 5")

    # Wednesday: day 3; the first anomaly report ticks its step.
    at_paris(chat, 25, 9, 0)
    run_job(chat, NUDGES, deliver=True)
    assert "Day 3 of 4: Shadowing and anomalies" in sent_to(chat, VICTOR)[-1]
    chat.say("done 6")
    assert "Report #1 is saved" in chat.say("report TEST the printer at the Haxo office is jammed")
    assert sent_to(chat, VICTOR)[-1].startswith("✓ Ticked for you: 7. Report a test anomaly.")

    # Thursday: day 4, the last steps, and the congratulations; the buddy hears of it.
    at_paris(chat, 26, 10, 30)
    run_job(chat, NUDGES, deliver=True)
    assert "Day 4 of 4: Your first session" in sent_to(chat, VICTOR)[-1]
    chat.say("done 8")
    assert "Congratulations, you completed your checklist" in chat.say("done 9")
    assert sent_to(chat, MENTOR)[-1] == (
        "victor completed their onboarding checklist «Getting started as a volunteer». "
        "Well done to you both!"
    )
    assert "You completed your checklist on Nov 26, 2026" in chat.say("onboarding")

    # Friday and the next Monday: nothing more.
    sent = len(chat.outbox.sent)
    at_paris(chat, 27, 9, 30)
    run_job(chat, NUDGES, deliver=True)
    at_paris(chat, 30, 9, 30)
    run_job(chat, NUDGES, deliver=True)
    assert len(chat.outbox.sent) == sent


def test_an_unfinished_day_comes_back_as_a_gentle_reminder(chat: Chat) -> None:
    chat.say("onboarding start victor", user=COORDINATOR)
    chat.say("done 1")
    at_paris(chat, 24, 9, 0)
    run_job(chat, NUDGES, deliver=True)
    reminder = sent_to(chat, VICTOR)[-1]
    assert reminder.startswith("Good morning, victor! A gentle reminder")
    assert "2. Introduce yourself" in reminder
    assert "1. Read the volunteer charter" not in reminder
    assert "Day 2" not in reminder


def test_no_reminders_on_weekends_unless_configured(chat: Chat) -> None:
    at_paris(chat, 27, 9, 0)  # a Friday
    chat.say("onboarding start victor", user=COORDINATOR)
    at_paris(chat, 28, 9, 30)
    run_job(chat, NUDGES, deliver=True)
    at_paris(chat, 29, 9, 30)
    run_job(chat, NUDGES, deliver=True)
    assert len(sent_to(chat, VICTOR)) == 1
    at_paris(chat, 30, 9, 30)
    run_job(chat, NUDGES, deliver=True)
    assert len(sent_to(chat, VICTOR)) == 2


def test_weekend_reminders_when_configured(chat: Chat) -> None:
    chat.settings.onboarding_weekends = True
    at_paris(chat, 27, 9, 0)
    chat.say("onboarding start victor", user=COORDINATOR)
    at_paris(chat, 28, 9, 30)
    run_job(chat, NUDGES, deliver=True)
    assert sent_to(chat, VICTOR)[-1].startswith("Good morning, victor!")


def test_pause_and_resume(chat: Chat) -> None:
    chat.say("onboarding start victor", user=COORDINATOR)
    assert chat.say("onboarding pause").startswith("Reminders paused.")
    at_paris(chat, 24, 9, 30)
    run_job(chat, NUDGES, deliver=True)
    assert len(sent_to(chat, VICTOR)) == 1
    assert "Reminders are paused" in chat.say("onboarding")
    assert chat.say("onboarding reprendre").startswith("Welcome back!")
    at_paris(chat, 25, 9, 30)
    run_job(chat, NUDGES, deliver=True)
    assert len(sent_to(chat, VICTOR)) == 2


def test_a_newcomer_chooses_their_time_zone(chat: Chat) -> None:
    chat.say("onboarding start victor", user=COORDINATOR)
    assert chat.say("onboarding timezone America/Montreal") == (
        "Your time zone is now America/Montreal: your steps arrive at 09:00 your time."
    )
    assert "I don't know the time zone «Mars/Olympus»" in chat.say(
        "onboarding timezone Mars/Olympus"
    )
    for typed, zone in (
        ("bruxelles", "Europe/Brussels"),  # its French name
        ("europe/brussels", "Europe/Brussels"),  # any case
        ("New York", "America/New_York"),  # its city, as people write it
        ("montréal", "America/Montreal"),
    ):
        said = chat.say(f"onboarding timezone {typed}")
        assert said.startswith(f"Your time zone is now {zone}:"), typed
    at_paris(chat, 24, 9, 30)  # 03:30 in Montreal
    run_job(chat, NUDGES, deliver=True)
    assert len(sent_to(chat, VICTOR)) == 1
    at_paris(chat, 24, 15, 5)  # 09:05 in Montreal
    run_job(chat, NUDGES, deliver=True)
    assert len(sent_to(chat, VICTOR)) == 2


def test_ticks_survive_a_restart(chat: Chat) -> None:
    chat.say("onboarding start victor", user=COORDINATOR)
    chat.say("done 2")
    chat.restart()
    assert "✓ 2. Introduce yourself" in chat.say("onboarding")
    assert chat.say("done 2") == "Step 2 was already done."


def test_a_restart_between_the_nudge_and_its_delivery_sends_it_once(chat: Chat) -> None:
    chat.say("onboarding start victor", user=COORDINATOR)
    for step in (1, 2, 3):
        chat.say(f"done {step}")
    at_paris(chat, 24, 9, 15)
    run_job(chat, NUDGES)  # stored in the outbox, then the bot crashes
    chat.restart()
    run_job(chat, NUDGES, deliver=True)  # the start-up run
    run_job(chat, NUDGES, deliver=True)
    mornings = [t for t in sent_to(chat, VICTOR) if t.startswith("Good morning")]
    assert len(mornings) == 1
    assert "Day 2 of 4" in mornings[0]


def test_mistakes_are_explained(chat: Chat) -> None:
    assert chat.say("done 1") == (
        "You have no onboarding checklist. A coordinator can start one for you."
    )
    chat.say("onboarding start victor", user=COORDINATOR)
    assert chat.say("done 42") == "There is no step 42: your checklist has steps 1 to 9."
    assert chat.say("fait").startswith("Which step did you do?")
    assert "✓ Done: 3." in chat.say("3")


def test_a_crash_after_moving_to_the_next_day_still_sends_that_day(
    chat: Chat, monkeypatch: pytest.MonkeyPatch
) -> None:
    chat.say("onboarding start victor", user=COORDINATOR)
    for step in (1, 2, 3):
        chat.say(f"done {step}")
    at_paris(chat, 24, 9, 15)

    def crash(*args: object, **kwargs: object) -> bool:
        raise ConnectionError("database went away")

    monkeypatch.setattr(chat.app.services.messenger, "send", crash)
    run_job(chat, NUDGES, deliver=True)  # day 2 is saved as started, the message is not
    chat.restart()
    run_job(chat, NUDGES, deliver=True)
    [morning] = [t for t in sent_to(chat, VICTOR) if t.startswith("Good morning")]
    assert morning.startswith("Good morning, victor! Here are today's steps.")
    assert "Day 2 of 4" in morning
