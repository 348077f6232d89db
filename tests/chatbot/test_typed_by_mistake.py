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


def test_the_suggestion_names_the_command_as_help_does(chat: Chat) -> None:
    assert "Did you mean report?" in chat.say("signalr")


def test_a_french_bot_names_the_command_meant_in_french(chat_fr: Chat) -> None:
    assert "Vouliez-vous dire signaler ?" in chat_fr.say("signalr")
    assert "Vouliez-vous dire résoudre ?" in chat_fr.say("resolv 2", user=COORDINATOR)
    assert chat_fr.say("approuver 1") == "Désolé, approuver est réservé aux coordinateurs."


def test_a_word_of_the_directory_is_still_searched(chat: Chat) -> None:
    assert "Action Logement" in chat.say("loyer impaye")
    assert "SAMU" in chat.say("15")


def test_cancel_with_nothing_to_cancel_says_so(chat: Chat) -> None:
    assert chat.say("annuler") == ("Nothing to cancel: no question of mine is waiting for you.")
    assert misses(chat) == []


def test_a_lone_digit_with_no_choice_offered_is_no_search(chat: Chat) -> None:
    assert chat.say("2").startswith("No choice is waiting for a number right now.")
    assert misses(chat) == []


def test_a_number_no_choice_has_says_which_and_keeps_the_choices(chat: Chat) -> None:
    card = chat.say("lookup caf")
    assert "[4] Show CAF de Paris" in card
    assert chat.say("9") == "There is no choice 9: type 1, 2, 3, 4 or 5."
    assert chat.say("!4").startswith("== CAF de Paris ==")  # the menu was not lost
    chat.say("lookup caf")
    assert chat.say("le 4").startswith("== CAF de Paris ==")  # as people type a choice
    assert "SAMU" in chat.say("15")  # a number of two digits is looked up, menu or not


def test_the_ignore_button_can_be_typed_and_only_ever_ignores_a_suggestion(chat: Chat) -> None:
    chat.say("lookup les machins de la semaine")
    chat.say("lookup caf")
    assert "Ignore #1" in chat.say("suggestions", user=COORDINATOR)
    assert chat.say("ignore 1", user=COORDINATOR) == "Suggestion #1 rejected."
    assert chat.say("suggestions", user=COORDINATOR) == "No suggestion is waiting. All caught up!"
    chat.say("report un enfant en danger")
    chat.say("report la porte du local est cassée")  # report #2, and no suggestion #2
    assert chat.say("ignorer 2", user=COORDINATOR) == "There is no suggestion #2."
    assert "Status: new" in chat.say("anomaly 2", user=COORDINATOR)


def test_a_search_naming_someone_s_mobile_or_e_mail_is_not_kept_among_misses(chat: Chat) -> None:
    searched = ("06 12 34 56 78", "+32 470 12 34 56", "jean.dupont@laposte.net", "zorglub")
    for typed in (f"lookup {words}" for words in searched):
        assert "==" not in chat.say(typed)  # found nothing
    assert misses(chat) == ["zorglub"]
