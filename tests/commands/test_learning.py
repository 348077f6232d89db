"""The directory learns from searches that found nothing, with a coordinator's approval."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from tests.harness import COORDINATOR, Chat

CAF = "== Caisse d'allocations familiales (CAF) =="


def test_a_miss_then_a_find_teaches_an_alias_once_a_coordinator_approves(chat: Chat) -> None:
    assert chat.say("lookup les bidules du mois").startswith("No entry found")
    chat.clock.advance(minutes=2)
    assert chat.say("lookup caf").startswith(CAF)

    proposals = chat.say("suggestions", user=COORDINATOR)
    assert "«les bidules du mois» found nothing, then victor used" in proposals
    assert "[1] Add as alias #1" in proposals and "[2] Ignore #1" in proposals
    assert chat.say("1", user=COORDINATOR) == "Suggestion #1 approved and applied."
    assert chat.outbox.sent == []  # the searcher asked for nothing: they are not told

    assert chat.say("lookup les bidules").startswith(CAF)
    assert "les bidules du mois" in chat.say("history caf")


def test_nothing_is_learnt_without_a_coordinator_or_after_too_long(chat: Chat) -> None:
    chat.say("lookup les bidules du mois")
    chat.clock.advance(minutes=30)
    chat.say("lookup caf")
    assert chat.say("suggestions", user=COORDINATOR) == "No suggestion is waiting. All caught up!"
    assert chat.say("lookup les bidules du mois").startswith("No entry found")


def test_ignoring_a_proposal_leaves_the_entry_as_it_was(chat: Chat) -> None:
    chat.say("lookup les bidules du mois")
    chat.say("lookup caf")
    chat.say("suggestions", user=COORDINATOR)
    assert chat.say("2", user=COORDINATOR) == "Suggestion #1 rejected."
    assert chat.say("lookup les bidules du mois").startswith("No entry found")


def test_a_result_chosen_among_alternatives_is_proposed_too(chat: Chat) -> None:
    answer = chat.say("lookup allocs pour les familles")
    assert "Show CAF du Nord" in answer
    number = re.search(r"\[(\d)\] Show CAF du Nord", answer)
    assert number is not None
    assert chat.say(number.group(1)).startswith("== CAF du Nord ==")
    assert "«allocs pour les familles» found nothing" in chat.say("suggestions", user=COORDINATOR)


def test_the_digest_offers_the_aliases_to_learn(chat: Chat) -> None:
    chat.say("lookup les bidules du mois")
    chat.say("lookup caf")
    chat.clock.current = datetime(2026, 11, 24, 7, 0, tzinfo=UTC)
    preview = chat.say("digest preview", user=COORDINATOR)
    assert "== Searches to learn from ==" in preview
    assert "Add as alias #1" in preview
