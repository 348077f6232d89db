"""A command missing an argument asks for it; the answer may come after a restart, through
another bot process, but never from a message that is a command of its own."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.harness import COORDINATOR, Chat

WHICH_FIELD = "Which field? (phone, e-mail, website, address, hours, notes...)"
RIGHT_VALUE = "What is the right value?\n  (Type cancel to stop.)"
SAVED = "Thank you! Suggestion #1 is saved; a coordinator will review it."
DROPPED = "(Your unfinished suggest was cancelled; type it again to start over.)"


def pending_suggestions(chat: Chat) -> str:
    return chat.say("suggestions", user=COORDINATOR)


def test_a_step_by_step_suggestion_is_finished_after_restarts(chat: Chat) -> None:
    assert chat.say("suggest").startswith("Which entry?")
    chat.restart()
    assert chat.say("caf").startswith(WHICH_FIELD)
    chat.restart()
    assert chat.say("téléphone") == RIGHT_VALUE
    chat.restart()
    assert chat.say("3230 (service gratuit)") == SAVED
    assert "Phone: 3230 | interne: 01 00 00 00 05 → 3230 (service" in pending_suggestions(chat)


def test_a_question_asked_by_one_bot_is_answered_through_another(tmp_path: Path) -> None:
    first, second = Chat(tmp_path), Chat(tmp_path)  # two processes, one database
    try:
        assert first.say("suggest actiris").startswith(WHICH_FIELD)
        assert second.say("téléphone") == RIGHT_VALUE
        assert first.say("02 800 42 42") == SAVED
        assert "Suggestion #2" not in second.say("02 800 42 42")  # answered once
        assert "02 505 14 11 → 02 800 42 42" in pending_suggestions(second)
    finally:
        first.close()
        second.close()


@pytest.mark.parametrize("command", ["lookup caf", "/lookup caf", "!annuaire caf", "LOOKUP caf"])
def test_a_command_typed_while_a_question_is_open_runs_and_drops_it(
    chat: Chat, command: str
) -> None:
    assert chat.say("suggest caf").startswith(WHICH_FIELD)

    card = chat.say(command)

    assert "Phone: 3230" in card
    assert card.endswith(DROPPED)
    assert "What is the right value?" not in chat.say("téléphone")
    assert "No suggestion is waiting" in pending_suggestions(chat)


def test_a_command_asking_its_own_question_replaces_the_open_one(chat: Chat) -> None:
    assert chat.say("suggest caf").startswith(WHICH_FIELD)
    assert chat.say("suggest cpam") == f"{WHICH_FIELD}\n  (Type cancel to stop.)"
    assert chat.say("horaires") == RIGHT_VALUE
    assert chat.say("lun-ven 8h-17h") == SAVED
    assert "Caisse primaire d'assurance maladie (CPAM), Opening hours" in pending_suggestions(chat)


def test_plain_words_still_answer_the_question(chat: Chat) -> None:
    assert chat.say("suggest").startswith("Which entry?")
    assert chat.say("cpam").startswith(WHICH_FIELD)
    assert chat.say("adresse") == RIGHT_VALUE
    assert chat.say("1 rue de la Paix") == SAVED


def test_an_expired_question_is_not_answered(chat: Chat) -> None:
    assert chat.say("suggest caf").startswith(WHICH_FIELD)
    chat.clock.advance(minutes=15, seconds=1)

    late = chat.say("téléphone")

    assert "What is the right value?" not in late
    assert chat.say("cancel") != "Cancelled."
    assert "No suggestion is waiting" in pending_suggestions(chat)


def test_an_answer_within_fifteen_minutes_is_taken(chat: Chat) -> None:
    assert chat.say("suggest caf").startswith(WHICH_FIELD)
    chat.clock.advance(minutes=15)
    assert chat.say("téléphone") == RIGHT_VALUE
