"""An entry's name of several words needs no quotes: volunteers type ``flag caf du nord the
3230 does not answer`` as they would say it."""

from __future__ import annotations

from chatbot.parsing import parse_command_line
from tests.harness import COORDINATOR, Chat


def test_a_flag_takes_the_longest_name_its_first_words_make(chat: Chat) -> None:
    assert "«CAF du Nord» is marked" in chat.say("flag caf du nord the 3230 does not answer")
    card = chat.say("show CAF du Nord")
    assert "⚠ Reported as possibly outdated: the 3230 does not answer" in card


def test_suggest_edit_and_show_read_the_name_unquoted(chat: Chat) -> None:
    assert "Suggestion #1" in chat.say("suggest caf du nord hours Mon-Fri 9-12")
    assert chat.say("show caf du nord").startswith("== CAF du Nord ==")
    assert chat.say("edit caf de paris hours Mon-Fri 9-12", user=COORDINATOR).startswith(
        "«CAF de Paris» updated: Opening hours."
    )


def test_a_name_typed_with_its_article_is_the_entry(chat: Chat) -> None:
    assert "Suggestion #1" in chat.say("suggest la caf de paris phone 01 45 00 00 00")
    assert chat.say("edit la caf du nord hours 9-12", user=COORDINATOR).startswith(
        "«CAF du Nord» updated: Opening hours."
    )
    assert chat.say("show la CAF du Nord").startswith("== CAF du Nord ==")
    assert chat.say("remove the caf du nord", user=COORDINATOR).startswith(
        "Remove «CAF du Nord» from the directory?"
    )
    assert chat.say("show l'caf du nord").startswith("== CAF du Nord ==")


def test_quotes_still_group_and_a_short_name_stays_one_word(chat: Chat) -> None:
    assert chat.say('edit "CAF du Nord" hours 9-12', user=COORDINATOR).startswith(
        "«CAF du Nord» updated"
    )
    assert chat.say("edit caf hours 9-12", user=COORDINATOR).startswith(
        "«Caisse d'allocations familiales (CAF)» updated"
    )


def test_a_line_groups_its_first_arguments_as_if_quoted() -> None:
    line = parse_command_line('flag caf du nord "ne répond plus"').grouped(3)
    assert [t.text for t in line.tokens] == ["caf du nord", "ne répond plus"]
    assert line.rest_from(1) == "ne répond plus"
    assert parse_command_line("flag caf x").grouped(1) == parse_command_line("flag caf x")


def test_add_reads_a_known_theme_at_the_end_and_the_name_before_it(chat: Chat) -> None:
    assert chat.say("add CPAS d'Ixelles", user=COORDINATOR).startswith("«CPAS d'Ixelles» added.")
    added = chat.say("add Banque alimentaire de Namur Famille", user=COORDINATOR)
    assert added.startswith("«Banque alimentaire de Namur» added.")
    assert "(Famille)" in added


def test_a_field_of_several_words_is_not_read_into_the_value(chat_fr: Chat) -> None:
    edited = chat_fr.say("modifier caf du nord adresse mail contact@caf59.fr", user=COORDINATOR)
    assert edited.startswith("« CAF du Nord » mise à jour : E-mail.")
    card = chat_fr.say("voir caf du nord")
    assert "contact@caf59.fr" in card and "Adresse: mail" not in card
    chat_fr.say("modifier caf du nord numéro de téléphone 03 20 00 00 02", user=COORDINATOR)
    assert "Téléphone: 03 20 00 00 02" in chat_fr.say("voir caf du nord")
    suggested = chat_fr.say("suggérer caf du nord le numéro c'est le 03 20 00 00 03")
    assert suggested.startswith("Merci ! La proposition n°1 est enregistrée")
    pending = chat_fr.app.storage.suggestions.pending()
    assert [(s.field, s.value) for s in pending] == [("phones", "03 20 00 00 03")]


def test_a_name_ending_in_brackets_is_read_without_them(chat: Chat) -> None:
    flagged = chat.say("flag samu social the 115 never answers")
    assert flagged.startswith("Thank you! «Samu social (115)» is marked")
    assert "Reported as possibly outdated" not in chat.say("show SAMU (15)")


def test_a_search_typed_after_this_is_wrong_flags_nothing(chat: Chat) -> None:
    chat.say("lookup caf")
    assert chat.say("2").startswith("What looks wrong?")  # "This is wrong" tapped by mistake
    refused = chat.say("cpam")
    assert refused == (
        "«cpam» names an entry, not what is wrong with «Caisse d'allocations familiales "
        "(CAF)»: nothing was reported. To search: lookup cpam."
    )
    assert "Reported as possibly outdated" not in chat.say("show caf")
