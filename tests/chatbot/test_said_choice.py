"""A choice named in words where buttons become numbered choices (console, Matrix): "oui" for
the one button saying yes, a label typed whole or its first word; anything else is a message."""

from __future__ import annotations

from chatbot.reply import Button, said_choice
from tests.harness import COORDINATOR, Chat

REMOVE = Button("Remove «CAF»", "remove", "#1 yes", yes=True)
URGENT = Button("Urgent: tell the coordinators now", "report-urgent", "1")
EQUIPMENT = Button("Matériel", "report-category", "1 materiel")
SITE = Button("Site or premises", "report-category", "1 site")
STEP = Button("✓ Read the charter", "done", "1", number=1)


def test_yes_picks_the_only_button_saying_yes() -> None:
    for said in ("oui", "Oui !", "yes", "ok", "d'accord", "oui c'est le même"):
        assert said_choice(said, [SITE, REMOVE]) == REMOVE, said
    assert said_choice("oui", [SITE, URGENT]) is None  # nothing asked yes or no
    assert said_choice("remove caf", [REMOVE]) is None  # the command typed again asks again
    twice = Button("Same as #2: +1 instead", "plusone", "2 3", yes=True)
    assert said_choice("oui", [REMOVE, twice]) is None  # which one?


def test_a_label_typed_whole_or_its_first_word_picks_it() -> None:
    offered = [SITE, EQUIPMENT, URGENT, STEP]
    assert said_choice("materiel", offered) == EQUIPMENT
    assert said_choice("Urgent", offered) == URGENT
    assert said_choice("site or premises", offered) == SITE
    assert said_choice("read the charter", offered) == STEP
    assert said_choice("read", offered) == STEP
    assert said_choice("the", offered) is None  # four letters at least for a first word
    assert said_choice("urgent please call", offered) is None
    assert said_choice("caf", offered) is None
    assert said_choice("", offered) is None


def test_oui_removes_what_the_coordinator_was_asked_to_remove(chat: Chat) -> None:
    assert chat.say("remove caf de paris", user=COORDINATOR).startswith(
        "Remove «CAF de Paris» from the directory?"
    )
    assert chat.say("oui", user=COORDINATOR) == "«CAF de Paris» removed from the directory."
    assert chat.say("oui", user=COORDINATOR) == "👍"  # nothing asked any more


def test_words_pick_a_reports_choices_in_the_console(chat: Chat) -> None:
    chat.say("report la porte des toilettes est cassée")
    assert chat.say("urgent").startswith("Report #1 is now urgent")
    chat.say("report la porte des toilettes ne ferme plus", user="anne")
    assert chat.say("yes", user="anne").startswith("Thanks: #2 is merged into #1")
    merged = chat.app.storage.anomalies.get(1)
    assert merged is not None and merged.plus_ones == 1


def test_oui_answers_the_bots_yes_or_no_questions(chat: Chat) -> None:
    """Each question the bot asks in yes or no is answered by "oui": the offer to report, a
    step named, the same problem; "non" leaves things as they are."""
    assert chat.say("le pc de la permanence ne démarre plus").startswith(
        "It sounds like a problem."
    )
    assert chat.say("oui").startswith("Thank you! Report #1 is saved")
    assert chat.say("il n'y a plus de papier dans l'imprimante").startswith("It sounds like")
    assert chat.say("non") == "All right, nothing done."
    assert [r.id for r in chat.app.storage.anomalies.open_reports()] == [1]
    chat.say("report le pc de la permanence ne démarre pas", user="anne")
    assert chat.say("oui", user="anne").startswith("Thanks: #2 is merged into #1")


def test_a_category_chosen_still_offers_to_add_details(chat: Chat) -> None:
    chat.say("report la porte du local est cassée")
    assert chat.say("2").endswith("[1] Urgent: tell the coordinators now   [2] Add details")
    assert chat.say("2").startswith("Your comment?")
