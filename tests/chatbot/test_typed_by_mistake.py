"""What a user types by mistake gets the command they meant, never a search that found nothing
(and no "missed search" in the coordinators' digest)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.harness import COORDINATOR, Chat


def misses(chat: Chat) -> list[str]:
    since = chat.clock.now() - timedelta(days=30)
    return [m.query for m in chat.app.storage.missed_searches.top(since=since, limit=10)]


@pytest.mark.parametrize(
    ("typed", "meant"),
    [("resolv 2", "resolve"), ("rezolve 3", "resolve"), ("acq 2", "ack"), ("lokup caf", "lookup")],
)
def test_a_mistyped_command_suggests_the_command(chat: Chat, typed: str, meant: str) -> None:
    said = chat.say(typed, user=COORDINATOR)
    assert f"Did you mean {meant}?" in said
    assert misses(chat) == []


def test_the_suggestion_is_in_the_language_typed(chat: Chat) -> None:
    assert "Did you mean signaler?" in chat.say("signalr")


def test_a_word_of_the_directory_is_still_searched(chat: Chat) -> None:
    assert "Action Logement" in chat.say("loyer impaye")
    assert "SAMU" in chat.say("15")


def test_cancel_with_nothing_to_cancel_says_so(chat: Chat) -> None:
    assert chat.say("annuler") == ("Nothing to cancel: no question of mine is waiting for you.")
    assert misses(chat) == []


def test_a_lone_digit_with_no_choice_offered_is_no_search(chat: Chat) -> None:
    assert chat.say("2").startswith("No choice is waiting for a number right now.")
    assert misses(chat) == []


def test_the_ignore_button_can_be_typed(chat: Chat) -> None:
    chat.say("lookup les machins de la semaine")
    chat.say("lookup caf")
    assert "Ignore #1" in chat.say("suggestions", user=COORDINATOR)
    chat.say("ignore 1 pas un autre nom", user=COORDINATOR)
    assert chat.say("suggestions", user=COORDINATOR) == "No suggestion is waiting. All caught up!"
