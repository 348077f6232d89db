"""Volunteers begin sentences with everyday words, never with a command: "elle dort dehors"
is a search, "comment ça marche ?" asks for help, and a volunteer never hears of an admin's
command."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.harness import COORDINATOR, Chat


@pytest.mark.parametrize(
    ("said", "entry"),
    [
        ("elle dort dehors", "Samu social (115)"),
        ("role de la caf", "Caisse d'allocations familiales (CAF)"),  # not the admins' role
        ("à quoi sert la cpam", "Caisse primaire d'assurance maladie (CPAM)"),
        ("une dame n'a plus de logement ce soir", "Samu social (115)"),  # not the ADIL
        ("when is the caf open", "Caisse d'allocations familiales (CAF)"),  # not "web"
    ],
)
def test_a_sentence_beginning_with_an_everyday_word_is_a_search(
    chat_fr: Chat, said: str, entry: str
) -> None:
    reply = chat_fr.say(said)
    assert reply.startswith(f"== {entry} =="), reply


def test_a_typo_in_a_need_still_offers_what_answers_it(chat_fr: Chat) -> None:
    reply = chat_fr.say("mon mari me frape")  # "mon" is no typo of "moi", "frape" of "frappe"
    assert "Violences Femmes Info (3919)" in reply, reply


def test_no_command_a_volunteer_may_not_run_is_suggested(chat_fr: Chat) -> None:
    assert "rouvrir" not in chat_fr.say("rouvir 2")
    assert chat_fr.say("rouvir 2", user=COORDINATOR).endswith("Vouliez-vous dire rouvrir ?")


def test_an_everyday_word_is_no_typo_of_a_command_even_one_the_user_may_run(
    chat_fr: Chat,
) -> None:
    reply = chat_fr.say("elles sont où les restos du coeur", user=COORDINATOR)
    assert reply.startswith("Aucune fiche trouvée"), reply  # not "did you mean roles?"


def test_a_mistyped_command_is_still_suggested(chat_fr: Chat) -> None:
    reply = chat_fr.say("lokup")
    assert reply == "Je ne connais pas la commande lokup. Vouliez-vous dire annuaire ?"


@pytest.mark.parametrize(
    "said", ["comment ça marche ?", "aidez-moi svp", "Je suis perdue", "what can you do?"]
)
def test_asking_how_the_bot_works_shows_help(chat_fr: Chat, said: str) -> None:
    assert chat_fr.say(said).startswith("== Ce que je sais faire ==")


@pytest.mark.parametrize(
    "said", ["comment faire pour signaler", "Comment signaler un problème ?", "how do I report"]
)
def test_asking_how_to_do_something_explains_its_command(chat_fr: Chat, said: str) -> None:
    reply = chat_fr.say(said)
    assert reply.startswith("== signaler =="), reply
    assert "Utilisation : signaler" in reply


def test_asking_how_to_reach_a_body_is_still_a_search(chat_fr: Chat) -> None:
    assert chat_fr.say("comment chercher la caf").startswith(
        "== Caisse d'allocations familiales (CAF) =="
    )


def test_me_too_says_how_to_add_a_plus_one_not_who_you_are(chat_fr: Chat) -> None:
    reply = chat_fr.say("moi aussi !")
    assert reply.startswith("Vous avez vu le même problème ? Ajoutez votre +1")
    assert chat_fr.say("moi").startswith("Vous êtes")  # the command itself still runs


def test_aide_before_other_words_is_a_plea_or_a_search_not_an_unknown_command(
    chat_fr: Chat,
) -> None:
    assert chat_fr.say("aide moi").startswith("== Ce que je sais faire ==")
    searched = chat_fr.say("aide sociale")
    assert searched.startswith("== Centre communal d'action sociale (CCAS) =="), searched
    assert chat_fr.say("aide annuaire").startswith("== annuaire ==")  # help on a command
    assert "Vouliez-vous dire annuaire ?" in chat_fr.say("aide lokup")
    assert "commande food" not in chat_fr.say("help food")


def test_a_volunteer_wanting_to_correct_an_entry_is_pointed_to_suggest(chat_fr: Chat) -> None:
    refused = chat_fr.say("corriger caf de paris le numero est 01 23 45 67 89")
    assert refused.startswith("Désolé, modifier est réservé aux coordinateurs.")
    assert "suggérer <fiche> <champ> <valeur>" in refused
    assert chat_fr.say("comment je fais pour corriger une fiche").startswith("== suggérer ==")


def test_a_word_of_the_field_no_entry_answers_is_no_typo_of_a_command(tmp_path: Path) -> None:
    """ "Violence" is two letters off "silence", but a word the thesaurus knows."""
    chat = Chat(tmp_path, language="fr", demo=False)
    try:
        chat.say("ajouter CAF de Lyon Famille", user=COORDINATOR)
        assert chat.say("violence").startswith("Aucune fiche trouvée pour « violence »")
        assert chat.say("lokup caf").endswith("Vouliez-vous dire annuaire ?")
    finally:
        chat.close()
