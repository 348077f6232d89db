"""A whole journey as days pass: a composed checklist (volunteer + chat), a coordinator step and
buddy steps ticked by their owners, an overdue step reminding its owner, then the buddy, then
the coordinators (each once, a snooze holding the next one back), completion, and the
journey's history kept when the newcomer starts another."""

from __future__ import annotations

from chatbot.ids import UserId
from tests.harness import COORDINATOR, NUDGES, Chat, at_paris, run_job, sent_to

VICTOR = "console:victor"
MARIE = "console:marie"
ADA, COLINE = "console:ada", "console:coline"


def _morning(chat: Chat, day: int, month: int = 11) -> None:
    """The nudge job at 09:15 in Paris, twice (as two bot processes would)."""
    if month == 11:
        at_paris(chat, day, 9, 15)
    else:
        at_paris(chat, 30, 9, 15)
        chat.clock.advance(days=day)
    run_job(chat, NUDGES, deliver=True)
    run_job(chat, NUDGES, deliver=True)


def _reminders(chat: Chat, who: str) -> list[str]:
    return [m for m in sent_to(chat, who) if m.startswith("⏰")]


def test_a_composed_journey_with_owners_reminders_snooze_and_history(chat: Chat) -> None:
    chat.settings.onboarding_weekends = True
    chat.settings.onboarding_buddies = [UserId(MARIE)]
    assert chat.say("onboarding start victor chat", user=COORDINATOR) == (
        "console:victor starts «Getting started as a volunteer · Chat desk» (version 1); I sent "
        "them a welcome message."
    )
    welcome = sent_to(chat, VICTOR)[0]
    assert "4. Open their access to the chat tool" in welcome  # the chat part's day 1
    [step_4] = [m for m in sent_to(chat, COLINE) if "onboarding step" in m]
    assert step_4.startswith(
        "An onboarding step of victor is for a coordinator: 4. Open their access to the chat tool"
    )
    assert len([m for m in sent_to(chat, ADA) if "onboarding step" in m]) == 1
    chat.say("done 1")
    chat.say("done 2")
    assert chat.say("onboarding tick victor 4", user=COORDINATOR).startswith("✓ Done for")

    # Tuesday: step 3 is a day late; the morning message reminds Victor, with a snooze.
    _morning(chat, 24)
    morning = sent_to(chat, VICTOR)[-1]
    assert morning.startswith("Good morning, victor! A gentle reminder")
    assert "Overdue: 3." in morning
    assert "[💤 Snooze 3]" in morning
    assert _reminders(chat, MARIE) == []

    # Thursday (two days later): his buddy hears of it, once.
    _morning(chat, 25)
    assert _reminders(chat, MARIE) == []
    _morning(chat, 26)
    [to_marie] = _reminders(chat, MARIE)
    assert to_marie.startswith("⏰ victor (console:victor) has overdue onboarding steps")
    assert "- 3. Check your access to the tools and channels" in to_marie
    assert "[💤 Snooze 3]" in to_marie
    assert _reminders(chat, COLINE) == []

    # Marie snoozes it: the coordinators, due on Saturday, hear on Sunday instead.
    assert chat.say("onboarding snooze victor 3", user="mallory") == (
        "Sorry, only console:victor, their buddy or a coordinator can snooze their reminders."
    )
    assert chat.say("onboarding snooze victor 3", user="marie") == (
        "💤 Snoozed: the next reminder of step 3 comes on 2026-11-29 at the earliest."
    )
    _morning(chat, 28)
    assert _reminders(chat, COLINE) == []
    _morning(chat, 29)
    [to_coline] = _reminders(chat, COLINE)
    assert to_coline.startswith("⏰ victor (console:victor) has overdue onboarding steps")
    assert len(_reminders(chat, ADA)) == 1
    _morning(chat, 30)
    assert len(_reminders(chat, COLINE)) == len(_reminders(chat, MARIE)) == 1  # the last level

    # Victor catches up; the buddy does the buddy step of day 3.
    chat.say("done 3")
    _morning(chat, 1, month=12)
    for step in (5, 6):
        chat.say(f"done {step}")
    _morning(chat, 2, month=12)
    [step_9] = [m for m in sent_to(chat, MARIE) if m.startswith("As victor's buddy")]
    assert "9. Read a chat conversation with your buddy" in step_9
    for step in (7, 8):
        chat.say(f"done {step}")
    assert chat.say("onboarding tick victor 9", user="marie").startswith("✓ Done for")
    _morning(chat, 3, month=12)
    for step in (10, 11):
        chat.say(f"done {step}")
    _morning(chat, 4, month=12)
    assert chat.say("done 12").startswith("✓ Done: 12. Take a first chat alone")

    # The one-month check-in waits for its day, 30 days after the start.
    _morning(chat, 10, month=12)
    assert "⏳" not in chat.say("onboarding")
    assert not [m for m in sent_to(chat, MARIE) if "13. A one-month check-in" in m]
    _morning(chat, 22, month=12)
    assert [m for m in sent_to(chat, MARIE) if "13. A one-month check-in" in m]
    assert "⏳ waiting for your buddy: 13. A one-month check-in" in chat.say("onboarding")
    done = chat.say("onboarding tick victor 13", user="marie")
    assert done.endswith("console:victor has now completed their checklist.")

    # A new journey keeps the finished one in the history.
    history = chat.say("onboarding history victor", user=COORDINATOR)
    assert "4. Open their access to the chat tool · ticked by console:coline" in history
    assert "13. A one-month check-in · ticked by console:marie" in history
    assert chat.say("onboarding start victor phone", user=COORDINATOR).startswith(
        "console:victor starts «Getting started as a volunteer · Phone desk»"
    )
    history = chat.say("onboarding history victor", user=COORDINATOR)
    assert "Started Nov 23, 2026, completed Dec 22, 2026." in history
    assert "13. A one-month check-in · ticked by console:marie" in history
    assert "Started Dec 22, 2026, in progress: 0 of 13 steps done." in history
    assert "☐ 4. Add them to the phone line schedule" in chat.say("onboarding")


def test_an_overdue_buddy_step_reminds_the_buddy_then_the_coordinators(chat: Chat) -> None:
    chat.settings.onboarding_buddies = [UserId(MARIE)]
    chat.say("onboarding start victor chat", user=COORDINATOR)
    for step in (1, 2, 3):
        chat.say(f"done {step}")
    chat.say("onboarding tick victor 4", user=COORDINATOR)
    _morning(chat, 24)
    chat.say("done 5")
    chat.say("done 6")
    _morning(chat, 25)
    chat.say("done 7")
    chat.say("done 8")
    _morning(chat, 26)  # step 9, the buddy's, was due yesterday
    [to_marie] = _reminders(chat, MARIE)
    assert to_marie.startswith("⏰ Onboarding steps of victor (console:victor) for you are overdue")
    assert "When one is done, type: onboarding tick console:victor <step>" in to_marie
    assert _reminders(chat, COLINE) == []
    assert _reminders(chat, VICTOR) == []
    _morning(chat, 27)
    assert _reminders(chat, COLINE) == []
    at_paris(chat, 30, 9, 15)  # Monday (no reminders at the weekend)
    run_job(chat, NUDGES, deliver=True)
    [to_coline] = _reminders(chat, COLINE)
    assert "- 9. Read a chat conversation with your buddy" in to_coline
    assert len(_reminders(chat, MARIE)) == 1
