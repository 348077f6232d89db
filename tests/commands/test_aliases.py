"""A coordinator adds what someone searched in vain as another name of the entry meant."""

from __future__ import annotations

from tests.harness import COORDINATOR, Chat

CAF = "== Caisse d'allocations familiales (CAF) =="


def test_a_coordinator_adds_a_missed_search_as_an_alias(chat: Chat) -> None:
    assert chat.say("lookup les bidules du mois").startswith("No entry found")
    answer = chat.say('alias "les bidules du mois" caf', user=COORDINATOR)
    assert answer.startswith("«les bidules du mois» now finds «Caisse d'allocations familiales")
    assert chat.say("lookup les bidules du mois").startswith(CAF)
    assert "les bidules du mois" in chat.say("history caf")


def test_an_alias_already_proposed_by_a_search_is_approved_not_added_twice(chat: Chat) -> None:
    chat.say("lookup les bidules du mois")
    chat.say("lookup caf")  # proposes the miss as an alias (suggestion #1)
    chat.say('alias "les bidules du mois" caf', user=COORDINATOR)
    assert chat.say("suggestions", user=COORDINATOR) == "No suggestion is waiting. All caught up!"
    again = chat.say('alias "Les Bidules du mois" caf', user=COORDINATOR)
    assert again.startswith("«Les Bidules du mois» already finds")


def test_volunteers_cannot_add_aliases(chat: Chat) -> None:
    assert chat.say('alias "bidules" caf') == "Sorry, alias is for coordinators only."
    assert chat.say("lookup bidules").startswith("No entry found")
