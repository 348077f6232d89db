"""One ``reject`` for suggestions and reports: it finds which is meant, or asks."""

from __future__ import annotations

from tests.harness import COORDINATOR, Chat, sent_to


def test_reject_picks_the_only_waiting_suggestion(chat: Chat) -> None:
    chat.say("suggest caf email contact@caf.example")
    assert (
        chat.say("reject 1 adresse non officielle", user=COORDINATOR) == "Suggestion #1 rejected."
    )


def test_reject_picks_the_only_open_report(chat: Chat) -> None:
    chat.say("report Le site de la CAF affiche une erreur")
    assert chat.say("rejeter 1 doublon", user=COORDINATOR) == "Report #1 rejected."
    assert sent_to(chat, "console:victor")[-1].startswith(
        "Report #1 («Le site de la CAF affiche une erreur») was closed without action: doublon"
    )


def test_when_both_wait_the_bot_asks_which_and_keeps_the_reason(chat: Chat) -> None:
    chat.say("suggest caf email contact@caf.example")
    chat.say("report Le site de la CAF affiche une erreur")
    question = chat.say("reject 1 pas assez précis", user=COORDINATOR)
    assert question.startswith("Suggestion #1 and report #1 are both waiting")
    assert "[1] Suggestion #1   [2] Report #1" in question
    assert chat.say("2", user=COORDINATOR) == "Report #1 rejected."
    assert sent_to(chat, "console:victor")[-1].startswith(
        "Report #1 («Le site de la CAF affiche une erreur») was closed without action: "
        "pas assez précis"
    )
    assert "One suggestion to review" in chat.say("suggestions", user=COORDINATOR)


def test_explicit_forms_in_french_and_english(chat: Chat) -> None:
    chat.say("suggest caf email contact@caf.example")
    chat.say("suggest cpam email contact@cpam.example")
    chat.say("report Le site de la CAF affiche une erreur")
    chat.say("report Plus de tickets de bus")
    assert chat.say("reject suggestion 1 non", user=COORDINATOR) == "Suggestion #1 rejected."
    assert chat.say("refuser anomalie 1 non", user=COORDINATOR) == "Report #1 rejected."
    assert chat.say("reject proposition#2 non", user=COORDINATOR) == "Suggestion #2 rejected."
    assert chat.say("reject report 2 non", user=COORDINATOR) == "Report #2 rejected."
    assert chat.say("reject suggestion 1 encore", user=COORDINATOR) == (
        "Suggestion #1 was already rejected."
    )
    assert chat.say("reject anomalie 2", user=COORDINATOR) == (
        "Please say why: reject anomalie 2 <reason>."
    )
    assert chat.say("reject 9 non", user=COORDINATOR) == "There is no suggestion or report #9."


def test_the_suggestion_reject_button_asks_for_the_reason(chat: Chat) -> None:
    chat.say("suggest caf email contact@caf.example")
    listing = chat.say("suggestions", user=COORDINATOR)
    assert "[2] Reject #1" in listing
    assert chat.say("2", user=COORDINATOR).startswith("Why? The author is told.")
    assert chat.say("adresse non officielle", user=COORDINATOR) == "Suggestion #1 rejected."
    assert chat.outbox.sent[-1][1].endswith("was not kept: adresse non officielle")


def test_volunteers_cannot_reject(chat: Chat) -> None:
    chat.say("report Plus de tickets de bus")
    assert "is for coordinators only" in chat.say("reject 1 non", user="mallory")


def test_reject_alone_asks_in_the_form_help_gives(chat: Chat) -> None:
    """The question, the usage and help all say ``reject suggestion 3``, and that answer works."""
    chat.say("suggest caf email contact@caf.example")
    help_text = chat.say("help reject", user=COORDINATOR)
    assert "reject suggestion 3 <reason>" in help_text
    assert "Usage: reject [suggestion|anomalie] <number> <reason>" in help_text
    asked = chat.say("reject", user=COORDINATOR)
    assert asked.startswith("Which suggestion or report? (e.g. 3, suggestion 3 or anomalie 3)")
    assert "#" not in asked
    assert chat.say("suggestion 1", user=COORDINATOR).startswith("Why? The author is told.")
    assert chat.say("adresse non officielle", user=COORDINATOR) == "Suggestion #1 rejected."
