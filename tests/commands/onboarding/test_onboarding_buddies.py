"""Buddies: one from the pool at enrolment (fewest newcomers first), or the coordinator's choice;
both introduced once. ``onboarding status`` lists who needs attention, and why, first;
``onboarding resend`` sends a missed message again."""

from __future__ import annotations

from chatbot.ids import UserId
from chatbot.reply import Reply
from commands.onboarding.attention import standings
from tests.harness import COORDINATOR, NUDGES, Chat, at_paris, run_job, sent_to

ANA, ZOE = "console:ana", "console:zoe"


def _pool(chat: Chat, *buddies: str) -> None:
    chat.settings.onboarding_buddies = [UserId(b) for b in buddies]


def _buddy_of(chat: Chat, user: str) -> str | None:
    newcomer = chat.app.services.onboarding.get(UserId(f"console:{user}"))
    assert newcomer is not None
    return newcomer.mentor


def test_the_pool_buddy_with_fewest_newcomers_is_assigned_ties_by_name(chat: Chat) -> None:
    _pool(chat, ZOE, ANA)
    for user in ("victor", "ines", "paul"):
        chat.say(f"onboarding start {user}", user=COORDINATOR)
    assert [_buddy_of(chat, u) for u in ("victor", "ines", "paul")] == [ANA, ZOE, ANA]

    chat.say("onboarding stop victor", user=COORDINATOR)  # Ana now has one newcomer, Zoé one
    chat.say("onboarding start leo", user=COORDINATOR)
    assert _buddy_of(chat, "leo") == ANA
    chat.say("onboarding start ana", user=COORDINATOR)  # never one's own buddy
    assert _buddy_of(chat, "ana") == ZOE


def test_the_newcomer_and_the_buddy_are_introduced_once_each(chat: Chat) -> None:
    _pool(chat, ANA)
    chat.say("onboarding start victor", user=COORDINATOR)
    assert sent_to(chat, ANA) == [
        "You are now the buddy of victor (console:victor) for «Getting started as a volunteer». "
        "Say hello to them; I will tell you when they complete it, or if they seem stuck."
    ]
    welcome, meet = sent_to(chat, "console:victor")
    assert welcome.startswith("Welcome, victor!")
    assert meet == (
        "Meet your buddy, console:ana: they know the ropes and are here for your questions "
        "while you follow «Getting started as a volunteer». Say hello to them!"
    )
    chat.say(f"onboarding buddy victor {ANA}", user=COORDINATOR)  # the same pair again
    assert len(sent_to(chat, ANA)) == 1
    assert len(sent_to(chat, "console:victor")) == 2


def test_a_coordinator_chooses_the_buddy_mentor_still_works(chat: Chat) -> None:
    _pool(chat, ANA)
    chat.say("onboarding start victor", user=COORDINATOR)
    assert chat.say(f"onboarding mentor victor {ZOE}", user=COORDINATOR) == (
        "console:zoe is now the buddy of console:victor; I introduced them to each other."
    )
    assert _buddy_of(chat, "victor") == ZOE
    assert sent_to(chat, ZOE)[0].startswith("You are now the buddy of victor")
    assert sent_to(chat, "console:victor")[-1].startswith("Meet your buddy, console:zoe:")
    assert chat.say("onboarding buddy victor victor", user=COORDINATOR) == (
        "A newcomer cannot be their own buddy."
    )
    assert chat.say(f"onboarding buddy ines {ZOE}", user=COORDINATOR) == (
        "console:ines is not onboarding."
    )


def test_without_a_pool_nobody_is_assigned(chat: Chat) -> None:
    chat.say("onboarding start victor", user=COORDINATOR)
    assert _buddy_of(chat, "victor") is None
    assert len(sent_to(chat, "console:victor")) == 1


def test_status_says_why_a_newcomer_needs_attention(chat: Chat) -> None:
    _pool(chat, ANA)
    chat.say("onboarding start albert", user=COORDINATOR)
    chat.say("onboarding start ines", user=COORDINATOR)
    _pool(chat)
    chat.say("onboarding start paul", user=COORDINATOR)
    outbox = chat.app.services.outbox
    now = chat.clock.now()
    outbox.enqueue(
        recipient="console:ines", to_user=True, reply=Reply.text("hello").to_json(), at=now
    )
    [owed] = outbox.due(now=now, limit=10)
    outbox.mark_dead(owed.id, error="user_not_found", at=now)

    lines = chat.say("onboarding status", user=COORDINATOR).splitlines()
    assert lines[:2] == ["== Newcomers: 3 ==", "Needs attention: 2"]
    assert lines[2].startswith("  - ines (console:ines)")
    assert lines[2].endswith(" — why: 1 undeliverable messages")
    assert lines[3].startswith("  - paul (console:paul)")
    assert lines[3].endswith(" — why: no buddy")
    assert lines[4] == "On track: 1"
    assert lines[5].startswith("  - albert (console:albert)")
    order = [s.newcomer.user_id for s in standings(chat.app.services, chat.clock.now())]
    assert order == ["console:ines", "console:paul", "console:albert"]  # so across pages too

    at_paris(chat, 26, 10)
    chat.say("done 1", user="paul")
    lines = chat.say("onboarding status", user=COORDINATOR).splitlines()
    assert lines[1] == "Needs attention: 3"
    assert lines[2].startswith("  - albert")
    # day 1's steps are overdue for more than ONBOARDING_REMINDER_GRACE_DAYS (2) days
    assert lines[2].endswith(" — why: no activity for 3 days, overdue steps (1, 2, 3)")
    assert lines[3].endswith(
        " — why: no activity for 3 days, overdue steps (1, 2, 3), 1 undeliverable messages"
    )
    assert lines[4].endswith(" — why: overdue steps (2, 3), no buddy")  # paul moved on
    assert "On track" not in "\n".join(lines)


def test_a_coordinator_resends_the_last_welcome_or_steps(chat: Chat) -> None:
    chat.say("onboarding start victor", user=COORDINATOR)
    [welcome] = sent_to(chat, "console:victor")
    assert chat.say("onboarding resend victor", user=COORDINATOR) == (
        "I sent console:victor their welcome message again."
    )
    assert sent_to(chat, "console:victor") == [welcome, welcome]

    for step in (1, 2, 3):
        chat.say(f"done {step}")
    at_paris(chat, 24, 9, 30)
    run_job(chat, NUDGES, deliver=True)
    morning = sent_to(chat, "console:victor")[-1]
    assert morning.startswith("Good morning, victor! Here are today's steps.")
    assert chat.say("accueil renvoyer victor", user=COORDINATOR) == (
        "I sent console:victor their steps of the day again."
    )
    assert sent_to(chat, "console:victor")[-1] == morning

    assert chat.say("onboarding resend ines", user=COORDINATOR) == (
        "console:ines is not onboarding."
    )
    assert chat.say("onboarding resend", user=COORDINATOR) == ("Usage: onboarding resend <person>")
    assert "coordinators only" in chat.say("onboarding resend victor")
