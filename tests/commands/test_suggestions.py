"""Anyone suggests a fix; a coordinator decides; the suggester hears back."""

from tests.harness import COORDINATOR, Chat


def test_suggestion_approved_is_applied_and_the_suggester_told(chat: Chat) -> None:
    saved = chat.say("suggest actiris téléphone 02 800 42 42")
    assert saved == "Thank you! Suggestion #1 is saved; a coordinator will review it."
    pending = chat.say("suggestions", user=COORDINATOR)
    assert "#1 Actiris, Phone: 02 505 14 11 → 02 800 42 42 (by victor)" in pending
    assert "[1] Approve #1" in pending
    assert chat.say("1", user=COORDINATOR) == "Suggestion #1 approved and applied."
    assert "02 800 42 42" in chat.say("lookup actiris")
    assert chat.outbox.sent == [
        ("console:victor", "Your suggestion #1 for «Actiris» was approved and applied. Thank you!")
    ]
    assert "Phone changed by console:coline" in chat.say("history actiris")


def test_rejection_carries_the_reason(chat: Chat) -> None:
    chat.say("suggest caf email contact@caf.example")
    answer = chat.say("reject 1 adresse non officielle", user=COORDINATOR)
    assert answer == "Suggestion #1 rejected."
    assert chat.outbox.sent[-1][1].endswith("was not kept: adresse non officielle")
    assert "No suggestion is waiting" in chat.say("suggestions", user=COORDINATOR)
    assert chat.say("approve 1", user=COORDINATOR) == "Suggestion #1 was already rejected."


def test_only_coordinators_decide(chat: Chat) -> None:
    chat.say("suggest caf email contact@caf.example")
    assert "is for coordinators only" in chat.say("approve 1", user="mallory")
    assert "#1" in chat.say("suggestions", user=COORDINATOR)


def test_pending_suggestions_survive_a_restart(chat: Chat) -> None:
    chat.say("suggest cpam horaires lun–ven 8h–17h")
    chat.restart()
    assert "#1 Caisse primaire d'assurance maladie (CPAM), Opening hours" in chat.say(
        "suggestions", user=COORDINATOR
    )


def test_a_suggestion_can_be_made_step_by_step(chat: Chat) -> None:
    card = chat.say("lookup actiris")
    assert "[1] Suggest an edit" in card
    assert chat.say("1").startswith("Which field?")
    assert chat.say("téléphone") == "What is the right value?\n  (Type cancel to stop.)"
    assert chat.say("02 800 42 42") == (
        "Thank you! Suggestion #1 is saved; a coordinator will review it."
    )
    assert "02 505 14 11 → 02 800 42 42" in chat.say("suggestions", user=COORDINATOR)


def test_the_field_answer_may_hold_the_value_and_it_is_not_asked_again(chat: Chat) -> None:
    """The value typed with the field is the suggestion: never asked again, never doubled."""
    chat.say("lookup actiris")
    chat.say("1")
    assert chat.say("téléphone 02 800 42 42") == (
        "Thank you! Suggestion #1 is saved; a coordinator will review it."
    )
    chat.say("suggest actiris")
    assert chat.say("le numéro a changé, c'est le 02 800 43 43").startswith("Thank you!")
    pending = chat.say("suggestions", user=COORDINATOR)
    assert "02 505 14 11 → 02 800 42 42 (by victor)" in pending
    assert "02 505 14 11 → 02 800 43 43 (by victor)" in pending
    assert pending.startswith("== 2 suggestions to review ==")


def test_a_field_nobody_knows_is_said_before_its_value_is_asked(chat: Chat) -> None:
    chat.say("suggest actiris")
    assert chat.say("couleur").startswith("I don't know the field «couleur».")
    assert chat.say("bleu").startswith("No entry found")  # no question left open


def test_a_coordinator_edit_missing_its_value_asks_for_it(chat: Chat) -> None:
    assert chat.say("edit actiris horaires", user=COORDINATOR) == (
        "What is the new value?\n  (Type cancel to stop.)"
    )
    assert chat.say("lun-ven 9h-12h", user=COORDINATOR).startswith("«Actiris» updated: Opening")
    assert "lun-ven 9h-12h" in chat.say("lookup actiris")


def test_a_question_can_be_cancelled_and_others_are_not_affected(chat: Chat) -> None:
    assert chat.say("suggest caf").startswith("Which field?")
    assert "Which field?" not in chat.say("lookup caf", user="other")
    assert chat.say("annuler") == "Cancelled."
    assert "3230" in chat.say("lookup caf")
    assert "No suggestion is waiting" in chat.say("suggestions", user=COORDINATOR)


def test_approving_a_rename_onto_a_taken_name_says_so_and_keeps_it_pending(chat: Chat) -> None:
    chat.say("suggest actiris nom France Travail")
    answer = chat.say("approve 1", user=COORDINATOR)
    assert answer == "Another entry is already named «France Travail»: suggestion #1 stays pending."
    assert "#1 Actiris" in chat.say("suggestions", user=COORDINATOR)


def test_approving_after_the_entry_was_removed_says_so(chat: Chat) -> None:
    chat.say("suggest actiris téléphone 02 800 42 42")
    chat.say("remove actiris yes", user=COORDINATOR)
    answer = chat.say("approve 1", user=COORDINATOR)
    assert answer == "«Actiris» was removed since: suggestion #1 can only be rejected."


def test_the_history_credits_who_suggested_an_approved_change(chat: Chat) -> None:
    """The volunteer who saw the error is named beside the coordinator who applied it, after a
    restart too."""
    chat.say("suggest caf hours lun-ven 9h-17h", user="victor")
    chat.say("approve 1", user=COORDINATOR)
    chat.restart()
    history = chat.say("history caf")
    assert "Opening hours changed by console:coline, suggested by console:victor:" in history
    chat.say("edit caf hours lun-ven 9h-16h", user=COORDINATOR)
    assert "Opening hours changed by console:coline: lun-ven 9h-17h" in chat.say("history caf")


def test_suggesting_the_value_already_there_creates_nothing(chat: Chat) -> None:
    for typed in ("suggest caf phone 3230", "suggest caf website  https://www.caf.fr "):
        assert chat.say(typed) == (
            "This is already the value of «Caisse d'allocations familiales (CAF)» "
            f"({'phone' if 'phone' in typed else 'website'}): nothing to suggest."
        )
    assert chat.say("suggest actiris phone 02 505 14 11").startswith("This is already the value")
    assert "No suggestion is waiting" in chat.say("suggestions", user=COORDINATOR)
    saved = chat.say("suggest caf phone 3231")
    assert saved == "Thank you! Suggestion #1 is saved; a coordinator will review it."


def test_approving_a_suggestion_older_than_an_edit_of_its_field_asks_first(chat: Chat) -> None:
    chat.say("suggest actiris phone 02 800 42 42")
    chat.clock.advance(minutes=5)
    chat.say("edit actiris phone 02 800 42 43", user=COORDINATOR)
    asked = chat.say("approve 1", user=COORDINATOR)
    assert asked.startswith(
        "«Actiris» (phone) was changed after suggestion #1 was made: it is now 02 800 42 43. "
        "Approving it would put back 02 800 42 42."
    )
    assert "02 800 42 43" in chat.say("show actiris")  # nothing applied yet
    assert chat.say("1", user=COORDINATOR) == "Suggestion #1 approved and applied."
    assert "02 800 42 42" in chat.say("show actiris")


def test_approving_again_says_it_was_approved_not_that_it_was_changed_since(chat: Chat) -> None:
    chat.say("suggest actiris téléphone 02 800 42 42")
    chat.clock.advance(minutes=5)
    assert chat.say("approve 1", user=COORDINATOR) == "Suggestion #1 approved and applied."
    assert chat.say("approve 1", user=COORDINATOR) == "Suggestion #1 was already approved."
