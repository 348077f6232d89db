"""Volunteers ask plain questions, qualify by place, write English or just say thanks."""

from __future__ import annotations

import pytest

from tests.harness import COORDINATOR, Chat

CAF = "== Caisse d'allocations familiales (CAF) =="


@pytest.mark.parametrize(
    "question",
    [
        "numéro de la caf ?",
        "comment contacter la caf",
        "quel est le numéro de téléphone de la CAF svp",
        "what is the phone number of the caf?",
        "bonjour, je cherche la caf",
    ],
)
def test_a_plain_question_in_a_direct_message_is_a_lookup(chat: Chat, question: str) -> None:
    assert chat.say(question).startswith(CAF)


@pytest.mark.parametrize(
    ("said", "answer"),
    [
        ("merci !", "You're welcome!"),
        ("Merci beaucoup", "You're welcome!"),
        ("bonjour", "Hello!"),
        ("salut à tous", "Hello!"),
        ("ok", "👍"),
        ("d'accord super", "👍"),
        ("au revoir", "Goodbye"),
        ("ça va ?", "All good"),
        ("test", "I'm here and working!"),
        ("test test", "I'm here and working!"),
    ],
)
def test_small_talk_gets_a_short_friendly_answer_never_an_entry(
    chat: Chat, said: str, answer: str
) -> None:
    reply = chat.say(said)
    assert reply.startswith(answer)
    assert "==" not in reply  # no contact card


def test_what_is_not_understood_says_so_and_names_the_commands(chat: Chat) -> None:
    reply = chat.say("le chat de ma grand-mère dort sur le canapé")
    assert "==" not in reply
    assert "lookup" in reply and "report" in reply


def test_a_mistyped_command_alone_suggests_the_command(chat: Chat) -> None:
    assert chat.say("lokup") == "I don't know the command lokup. Did you mean lookup?"


def test_a_message_that_is_a_command_runs_as_the_command(chat: Chat) -> None:
    assert chat.say("help").startswith("== What I can do ==")
    assert chat.say("themes").startswith("== Themes ==")


def test_an_unsure_match_is_offered_not_asserted(chat: Chat) -> None:
    reply = chat.say("allocation")
    # Either a confident card or a question with choices, never an unrelated entry.
    assert "CAF" in reply


def test_french_answers_for_plain_messages(chat_fr: Chat) -> None:
    assert chat_fr.say("merci").startswith("Avec plaisir")
    assert chat_fr.say("essai").startswith("Je suis là")
    assert "Pour trouver un contact" in chat_fr.say("le chat de ma grand-mère dort sur le canapé")


def test_a_place_in_the_query_prefers_the_local_office(chat: Chat) -> None:
    assert chat.say("caf lille").startswith("== CAF du Nord ==")
    assert chat.say("lookup caf 59").startswith("== CAF du Nord ==")
    assert chat.say("lookup caf 75015").startswith("== CAF de Paris ==")


def test_without_a_place_the_national_entry_comes_first_and_local_ones_say_where(
    chat: Chat,
) -> None:
    answer = chat.say("lookup caf")
    assert answer.startswith(CAF)
    assert "CAF du Nord · Famille · 3230 (local office: Lille)" in answer


def test_a_place_without_a_local_office_falls_back_to_the_national_entry(chat: Chat) -> None:
    """Said before the card: after it and its buttons, the note goes unread."""
    note, card = chat.say("lookup caf marseille").split("\n", 1)
    assert note.strip() == "(Nothing in the directory for «marseille»: here is the general entry.)"
    assert card.startswith(CAF)
    assert "«haute garonne»" in chat.say("caf de la haute garonne")


def test_a_place_with_only_offices_elsewhere_lists_them_to_choose(chat: Chat) -> None:
    """No national préfecture in the demo: no office elsewhere is shown as the answer."""
    assert chat.say("prefecture de lyon") == (
        "Nothing in the directory for «lyon». Offices elsewhere:\n"
        "  - Préfecture de police de Paris · Titres et papiers · 34 30 (local office: Paris)\n"
        "  - Préfecture du Nord · Titres et papiers · 03 20 30 59 59 (local office: Lille)\n"
        "  [1] Show Préfecture de police de Paris   [2] Show Préfecture du Nord"
    )
    assert chat.say("2").startswith("== Préfecture du Nord ==")


def test_local_offices_alike_are_listed_without_the_general_entry(chat: Chat) -> None:
    chat.say(
        "remove #" + str(_entry_id(chat, "Centre public d'action sociale (CPAS)")), user=COORDINATOR
    )
    chat.say("oui", user=COORDINATOR)
    listed = chat.say("cpas")
    assert listed.startswith("Several local offices: which one?\n  - CPAS de")
    assert "(local office: Liège)" in listed and "(local office: Charleroi)" in listed
    assert chat.say("cpas charleroi").startswith("== CPAS de Charleroi ==")


def _entry_id(chat: Chat, name: str) -> int:
    entry = chat.app.storage.directory.get_by_name(name)
    assert entry is not None and entry.id is not None
    return entry.id


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("family benefits office", CAF),
        ("jobcentre", "== France Travail =="),
        ("health insurance card", "== Caisse primaire d'assurance maladie (CPAM) =="),
    ],
)
def test_english_finds_the_french_body(chat: Chat, query: str, expected: str) -> None:
    assert chat.say(f"lookup {query}").startswith(expected)


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("ma voisine est battue par son mari", "== Violences Femmes Info (3919) =="),
        ("j'ai besoin du numéro pour un titre de séjour", "== ANEF"),
        ("loyer impayé", "== ADIL"),
        ("la sécu", "== Caisse primaire d'assurance maladie (CPAM) =="),
        ("chômage belgique", "== ONEM =="),
    ],
)
def test_a_need_or_an_everyday_name_finds_who_answers_it(
    chat: Chat, question: str, expected: str
) -> None:
    assert chat.say(question).startswith(expected)


def test_saying_an_entry_is_wrong_offers_to_flag_it_or_correct_it(chat: Chat) -> None:
    offer = chat.say("c'est faux le numéro de la cpam")
    assert offer.startswith("Something wrong on «Caisse primaire d'assurance maladie (CPAM)»?")
    assert "[1] Tell the verifiers   [2] Suggest the right value" in offer
    assert chat.say("1").startswith("Thank you! «Caisse primaire d'assurance maladie (CPAM)» is")
    flagged = chat.say("show cpam")
    assert "c'est faux le numéro de la cpam" in flagged

    assert chat.say("le numéro de la caf n'est plus bon").startswith("Something wrong on «Caisse")
    assert chat.say("2").startswith("What is the right value?")  # the phone, named
    assert chat.say("01 02 03 04 05").startswith("Thank you! Suggestion #1 is saved")


def test_wrong_said_of_nothing_the_directory_names_is_no_flag(chat: Chat) -> None:
    assert "Something wrong" not in chat.say("le ciel est faux")
    assert "Something wrong" not in chat.say("c'est faux")
    assert "Something wrong" not in chat.say("faut appeler la caf")  # "il faut", not "faux"


def test_words_that_fit_no_reading_command_are_read_as_a_question(chat: Chat) -> None:
    """ "aide juridique" names no command to explain: a search, even an unsure one, not the
    usage of help; "help" alone still lists the commands."""
    assert not chat.say("help xyzzy truc").startswith("Usage:")
    assert chat.say("help xyzzy truc").startswith("No entry found for «help xyzzy truc»")
    assert chat.say("help").startswith("== What I can do ==")
    assert chat.say("lookup").startswith("Usage: lookup <words>")
