"""Coordinators see who needs attention and who is on track; buddies hear of a stuck newcomer
once per episode."""

from __future__ import annotations

from chatbot.reply import BulletList, Heading, Reply
from commands.onboarding import stuck_newcomers_section
from tests.harness import COORDINATOR, NUDGES, Chat, at_paris, name_people, run_job, sent_to

MENTOR = "console:marie"


def test_status_lists_who_needs_attention_and_why_before_who_is_on_track(chat: Chat) -> None:
    chat.say("onboarding start victor", user=COORDINATOR)
    chat.say("onboarding start ines", user=COORDINATOR)
    chat.say(f"onboarding mentor ines {MENTOR}", user=COORDINATOR)
    at_paris(chat, 24, 11, 0)
    chat.say("done 1", user="ines")
    at_paris(chat, 25, 12, 0)
    status = chat.say("onboarding status", user=COORDINATOR)
    assert status.splitlines() == [
        "== Newcomers: 2 ==",
        "Needs attention: 1",
        "  - victor (console:victor) · «Getting started as a volunteer» v1 · day 1/4 · 0/9 steps · "
        "last activity Nov 23, 2026 · ⚠ stuck — why: no activity for 2 days, no buddy",
        "On track: 1",
        "  - ines (console:ines) · «Getting started as a volunteer» v1 · day 1/4 · 1/9 steps · "
        "last activity Nov 24, 2026 · buddy console:marie",
        "  (Times in Europe/Paris.)",
    ]
    assert chat.say("accueil statut", user=COORDINATOR) == status


def test_only_coordinators_manage_onboarding(chat: Chat) -> None:
    assert chat.say("onboarding status", user="mallory") == (
        "Sorry, onboarding status is for coordinators only."
    )
    assert "coordinators only" in chat.say("onboarding start mallory", user="mallory")
    assert chat.say("onboarding bogus", user=COORDINATOR).startswith(
        "I don't know onboarding bogus."
    )
    assert chat.say("onboarding buddy victor", user=COORDINATOR) == (
        "Usage: onboarding buddy <newcomer> <person>"
    )


def test_the_buddy_hears_once_per_stuck_episode_and_of_completion(chat: Chat) -> None:
    chat.say("onboarding start victor", user=COORDINATOR)
    chat.say(f"onboarding mentor victor {MENTOR}", user=COORDINATOR)
    assert sent_to(chat, MENTOR) == [
        "You are now the buddy of victor (console:victor) for «Getting started as a volunteer». "
        "Say hello to them; I will tell you when they complete it, or if they seem stuck."
    ]
    at_paris(chat, 24, 9, 30)
    run_job(chat, NUDGES, deliver=True)
    assert len(sent_to(chat, MENTOR)) == 1  # one day without progress is not stuck
    at_paris(chat, 25, 9, 30)
    run_job(chat, NUDGES, deliver=True)
    at_paris(chat, 26, 9, 30)
    run_job(chat, NUDGES, deliver=True)
    stuck = [m for m in sent_to(chat, MENTOR)[1:] if not m.startswith("⏰")]  # not reminders
    assert stuck == [
        "victor seems stuck on «Getting started as a volunteer»: no progress for 2 days, since "
        "Nov 23, 2026 (0 of 9 steps done). A friendly word from you may help."
    ]

    chat.say("done 1")  # progress ends the episode...
    at_paris(chat, 30, 9, 30)
    run_job(chat, NUDGES, deliver=True)  # ...and a new one starts after two more days
    stuck = [m for m in sent_to(chat, MENTOR)[1:] if not m.startswith("⏰")]
    assert len(stuck) == 2
    assert "since Nov 26, 2026 (1 of 9 steps done)" in stuck[-1]

    for step in range(2, 10):
        chat.say(f"done {step}")
    assert sent_to(chat, MENTOR)[-1].startswith("victor completed their onboarding checklist")
    assert chat.say("onboarding status", user=COORDINATOR) == (
        "Nobody is onboarding right now.\n  (1 newcomers completed their checklist.)"
    )


def test_stuck_newcomers_section_for_the_digest(chat: Chat) -> None:
    services = chat.app.services
    chat.say("onboarding start victor", user=COORDINATOR)
    assert stuck_newcomers_section(services, chat.clock.now()) == []
    at_paris(chat, 26, 8, 0)
    blocks = stuck_newcomers_section(services, chat.clock.now())
    assert blocks[0] == Heading("Newcomers who seem stuck: 1")
    assert isinstance(blocks[1], BulletList)
    assert (
        blocks[1]
        .items[0]
        .startswith("victor (console:victor) · «Getting started as a volunteer» v1")
    )
    assert "Type onboarding status" in Reply.of(*blocks).plain_text()

    chat.say("onboarding pause")
    assert stuck_newcomers_section(services, chat.clock.now()) == []


def test_a_coordinator_stops_an_enrolment(chat: Chat) -> None:
    chat.say("onboarding start victor", user=COORDINATOR)
    assert chat.say("onboarding stop victor", user=COORDINATOR) == (
        "console:victor is no longer onboarding; their progress is kept."
    )
    assert chat.say("onboarding stop victor", user=COORDINATOR) == (
        "console:victor is not onboarding."
    )
    assert chat.say("onboarding").startswith("You have no onboarding checklist.")
    assert chat.say("onboarding start victor", user=COORDINATOR) == (
        "console:victor is back on their checklist, where they left it."
    )
    assert chat.say("onboarding start ines induction", user=COORDINATOR) == (
        "There is no checklist called «induction». Type onboarding templates to see them."
    )


def test_coordinator_answers_name_people_as_their_platform_does(chat: Chat) -> None:
    """«Nina Simone starts…», not «console:nina starts…»: the platform's display names."""
    name_people(chat, nina="Nina Simone", marie="Marie Curie", coline="Coline Serreau")
    said = [
        chat.say("onboarding start nina", user=COORDINATOR),
        chat.say(f"onboarding buddy nina {MENTOR}", user=COORDINATOR),
        chat.say("onboarding resend nina", user=COORDINATOR),
        chat.say("onboarding waive nina 1 already read", user=COORDINATOR),
        chat.say("onboarding history nina", user=COORDINATOR),
        chat.say("onboarding status", user=COORDINATOR),
        chat.say("onboarding stop nina", user=COORDINATOR),
        chat.say("onboarding start nina", user=COORDINATOR),
    ]
    assert said[0].startswith("Nina Simone starts «Getting started as a volunteer» (version 1)")
    assert said[1].startswith("Marie Curie is now the buddy of Nina Simone;")
    assert said[2] == "I sent Nina Simone their welcome message again."
    assert said[3].startswith("Step 1, «Read the volunteer charter», of Nina Simone is waived")
    assert "waived by Coline Serreau: already read" in said[4]
    assert "buddy Marie Curie" in said[5]
    assert said[6] == "Nina Simone is no longer onboarding; their progress is kept."
    assert said[7] == "Nina Simone is back on their checklist, where they left it."
    assert not [line for line in said if "console:nina " in line or "console:marie" in line]
