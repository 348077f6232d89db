"""Coordinators waive steps with a reason; a journey's history says who ticked what, and when."""

from __future__ import annotations

from tests.harness import COORDINATOR, NUDGES, Chat, at_paris, run_job, sent_to

VICTOR = "console:victor"


def test_a_journey_with_waived_steps_ends_completed_and_keeps_its_history(chat: Chat) -> None:
    # Monday: Victor starts and ticks day 1.
    chat.say("onboarding start victor", user=COORDINATOR)
    for step in (1, 2, 3):
        chat.say(f"done {step}", user="victor")

    # Tuesday: day 2 arrives; a coordinator waives the FAQ, Victor hears why.
    at_paris(chat, 24, 9, 30)
    run_job(chat, NUDGES, deliver=True)
    assert "Day 2 of 4" in sent_to(chat, VICTOR)[-1]
    at_paris(chat, 24, 10, 15)
    assert chat.say("onboarding waive victor 5 read it during the training", user=COORDINATOR) == (
        "Step 5, «Read the FAQ», of console:victor is waived: read it during the training"
    )
    assert sent_to(chat, VICTOR)[-1] == (
        "A coordinator waived step 5, «Read the FAQ»: read it during the training"
    )
    progress = chat.say("onboarding", user="victor")
    assert "== Getting started as a volunteer: 4 of 9 steps done ==" in progress
    assert "  - – 5. Read the FAQ (waived)" in progress
    assert "  - ☐ 4. Try a lookup" in progress
    assert chat.say("onboarding waive victor 5 again", user=COORDINATOR) == (
        "Step 5 of console:victor is already done or waived."
    )
    assert chat.say("done 5", user="victor") == "Step 5 was already done."
    assert chat.say("onboarding waive victor 12 nope", user=COORDINATOR) == (
        "There is no step 12: the checklist has steps 1 to 9."
    )
    assert chat.say("onboarding waive victor 4", user=COORDINATOR) == (
        "Usage: onboarding waive <newcomer> <step> <reason>"
    )
    assert chat.say("onboarding waive victor 4 nope", user="victor") == (
        "Sorry, onboarding waive is for coordinators only."
    )
    at_paris(chat, 24, 10, 30)
    assert "3230" in chat.say("lookup caf", user="victor")  # ticks step 4 by itself

    # The rest of the week, then the last step is waived: the journey is completed.
    for day, steps in ((25, (6, 7)), (26, (8,))):
        at_paris(chat, day, 9, 30)
        run_job(chat, NUDGES, deliver=True)
        at_paris(chat, day, 11)
        for step in steps:
            chat.say(f"done {step}", user="victor")
    at_paris(chat, 27, 14, 5)
    assert chat.say("onboarding dispenser victor 9 feedback given by phone", user=COORDINATOR) == (
        "Step 9, «Give your feedback», of console:victor is waived: feedback given by phone\n"
        "  (console:victor completed their checklist.)"
    )
    assert sent_to(chat, VICTOR)[-1] == (
        "A coordinator waived step 9, «Give your feedback»: feedback given by phone\n"
        "Congratulations, you completed your checklist «Getting started as a volunteer»! "
        "Welcome to the team."
    )
    assert "completed" in chat.say("onboarding status", user=COORDINATOR)

    # The history stays, completed journey included.
    assert chat.say("onboarding historique victor", user=COORDINATOR).splitlines() == [
        "== victor: «Getting started as a volunteer» (version 1) ==",
        "Started Nov 23, 2026, completed Nov 27, 2026.",
        "  - 23 Nov 2026 09:00 · 1. Read the volunteer charter · ticked by the newcomer",
        "  - 23 Nov 2026 09:00 · 2. Introduce yourself in the welcome channel · "
        "ticked by the newcomer",
        "  - 23 Nov 2026 09:00 · 3. Check your access to the tools and channels · "
        "ticked by the newcomer",
        "  - 24 Nov 2026 10:15 · 5. Read the FAQ · waived by console:coline: "
        "read it during the training",
        "  - 24 Nov 2026 10:30 · 4. Try a lookup · ticked itself",
        "  - 25 Nov 2026 11:00 · 6. Shadow a call or a chat · ticked by the newcomer",
        "  - 25 Nov 2026 11:00 · 7. Report a test anomaly · ticked by the newcomer",
        "  - 26 Nov 2026 11:00 · 8. Take a first supervised session · ticked by the newcomer",
        "  - 27 Nov 2026 14:05 · 9. Give your feedback · waived by console:coline: "
        "feedback given by phone",
        "  (Times in Europe/Paris.)",
    ]
    assert chat.say("onboarding waive victor 9 again", user=COORDINATOR) == (
        "console:victor is not onboarding."
    )


def test_history_of_a_journey_just_started_and_of_nobody(chat: Chat) -> None:
    chat.say("onboarding start victor", user=COORDINATOR)
    assert chat.say("onboarding history victor", user=COORDINATOR).splitlines() == [
        "== victor: «Getting started as a volunteer» (version 1) ==",
        "Started Nov 23, 2026, in progress: 0 of 9 steps done.",
        "  (No step ticked yet.)",
        "  (Times in Europe/Paris.)",
    ]
    chat.say(f"onboarding stop {VICTOR}", user=COORDINATOR)
    assert "Started Nov 23, 2026, left Nov 23, 2026." in chat.say(
        "onboarding history victor", user=COORDINATOR
    )
    assert chat.say("onboarding history nobody", user=COORDINATOR) == (
        "console:nobody has no onboarding journey."
    )
    assert chat.say("onboarding history victor", user="victor") == (
        "Sorry, onboarding history is for coordinators only."
    )
    assert chat.say("onboarding history", user=COORDINATOR) == ("Usage: onboarding history <user>")
