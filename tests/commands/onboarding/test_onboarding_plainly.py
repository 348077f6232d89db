"""A newcomer says plainly what they did, in French: "c'est fait" offers the steps to tick,
"j'ai lu la charte" offers the step it names (never ticks on a guess), "pas fait 1" takes a
tick back; someone else's tick, a waiver and a finished checklist stay as they are."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from chatbot.ids import UserId
from tests.harness import COORDINATOR, Chat, name_people

VICTOR = UserId("console:victor")
OFFERED = (
    "[1] ✓ Lire la charte des bénévoles   [2] ✓ Vous présenter dans le canal d'accueil   "
    "[3] ✓ Vérifier vos accès aux outils et aux ca…"
)


@pytest.fixture
def chat(tmp_path: Path) -> Iterator[Chat]:
    """The real bot in French, on Monday 23 November 2026 at 09:00, Victor on day 1."""
    bot = Chat(tmp_path, language="fr")
    bot.clock.current = bot.clock.current.replace(hour=8)
    bot.say("onboarding start victor", user=COORDINATOR)
    yield bot
    bot.close()


def ticked(chat: Chat) -> set[int]:
    newcomer = chat.app.services.onboarding.get(VICTOR)
    assert newcomer is not None
    return set(newcomer.done)


@pytest.mark.parametrize("said", ["c'est fait", "C'est fait !", "fait", "j'ai fini", "done"])
def test_saying_it_is_done_offers_the_open_steps(chat: Chat, said: str) -> None:
    chat.say("fait 1")
    assert chat.say(said) == (
        "Quelle étape avez-vous faite ?\n"
        "  [2] ✓ Vous présenter dans le canal d'accueil   "
        "[3] ✓ Vérifier vos accès aux outils et aux ca…\n"
        "  (Ou tapez fait <numéro>.)"
    )
    assert chat.say("3").startswith("✓ Fait : 3. Vérifier vos accès")
    assert ticked(chat) == {1, 3}


def test_a_finished_day_leaves_nothing_to_offer_until_the_next_morning(chat: Chat) -> None:
    chat.say("fait 1 2 3")
    assert chat.say("c'est fait") == (
        "Rien à cocher pour l'instant : vos prochaines étapes arrivent le matin où elles sont "
        "prévues."
    )


@pytest.mark.parametrize(
    ("said", "step"),
    [
        ("j'ai lu la charte", "[1] ✓ Lire la charte des bénévoles"),
        ("charte lue", "[1] ✓ Lire la charte des bénévoles"),
        ("je me suis présenté dans le canal", "[2] ✓ Vous présenter dans le canal d'accueil"),
        ("j'ai vérifié mes accès", "[3] ✓ Vérifier vos accès aux outils et aux ca…"),
        ("c'est bon, mes accès marchent", "[3] ✓ Vérifier vos accès aux outils et aux ca…"),
    ],
)
def test_a_step_named_in_a_sentence_is_offered_not_ticked(chat: Chat, said: str, step: str) -> None:
    offer = chat.say(said)
    assert offer.startswith("Cocher l'étape ")
    assert offer.splitlines()[1] == f"  {step}"
    assert ticked(chat) == set()
    number = step[1]
    assert chat.say(number).startswith(f"✓ Fait : {number}.")
    assert ticked(chat) == {int(number)}


def test_a_later_days_step_named_is_offered_too(chat: Chat) -> None:
    assert chat.say("j'ai lu la FAQ") == (
        "Cocher l'étape 5, « Lire la FAQ » ?\n  [5] ✓ Lire la FAQ\n  (Ou tapez fait <numéro>.)"
    )
    assert ticked(chat) == set()


@pytest.mark.parametrize("said", ["étape 2 faite", "j'ai fini l'étape 2", "step 2 done"])
def test_a_step_named_by_its_number_is_ticked(chat: Chat, said: str) -> None:
    assert chat.say(said).startswith("✓ Fait : 2. Vous présenter dans le canal d'accueil.")
    assert ticked(chat) == {2}


def test_a_question_about_a_step_shows_it_and_who_helps(chat: Chat) -> None:
    name_people(chat, anne="Anne Martin")
    chat.say("onboarding buddy victor anne", user=COORDINATOR)
    answer = chat.say("je comprends pas comment on fait l'étape 3")
    assert answer.startswith(
        "== Jour 1 sur 4 : Bienvenue et charte ==\n3. Vérifier vos accès aux outils et aux canaux"
    )
    assert "Votre binôme est Anne Martin : écrivez-lui" in answer
    assert ticked(chat) == set()  # no lookup ticked "Faire une recherche"
    assert chat.say("qui est mon binôme ?") == (
        "Votre binôme est Anne Martin : écrivez-lui, il ou elle est là pour vous aider."
    )
    assert chat.say("je suis bloquée").startswith("Pas d'inquiétude")


@pytest.mark.parametrize("said", ["je suis bloqué", "je suis perdu"])
def test_without_a_buddy_the_coordinators_help(chat: Chat, said: str) -> None:
    assert chat.say(said) == (
        "Pas d'inquiétude, ça arrive à tout le monde.\n"
        "Vous n'avez pas encore de binôme : un coordinateur peut vous aider, ou vous en choisir un."
        "\n  (Tapez accueil pour voir vos étapes, chacune avec ce qu'elle demande.)"
    )


def test_words_naming_no_step_are_a_lookup_as_before(chat: Chat) -> None:
    assert chat.say("j'ai une question pour la caf").startswith(
        "== Caisse d'allocations familiales (CAF) =="
    )


def test_a_tick_taken_back_is_saved_and_offered_again(chat: Chat) -> None:
    chat.say("fait 1 3")
    assert chat.say("pas fait 3") == (
        "↺ Plus cochée : 3. Vérifier vos accès aux outils et aux canaux.\n"
        "  [2] ✓ Vous présenter dans le canal d'accueil   "
        "[3] ✓ Vérifier vos accès aux outils et aux ca…"
    )
    chat.restart()
    assert ticked(chat) == {1}
    assert "  - ☐ 3. Vérifier vos accès" in chat.say("accueil")
    untick = chat.say("décocher 1")
    assert untick == f"↺ Plus cochée : 1. Lire la charte des bénévoles.\n  {OFFERED}"
    assert chat.say("j'ai pas fait 1") == "L'étape 1 n'était pas cochée."
    assert ticked(chat) == set()


def test_a_waived_step_is_not_the_newcomers_to_take_back(chat: Chat) -> None:
    chat.say("onboarding waive victor 2 présenté en réunion", user=COORDINATOR)
    assert chat.say("décocher 2") == (
        "L'étape 2 a été cochée par quelqu'un d'autre ou dispensée : demandez-lui, ou à un "
        "coordinateur."
    )
    assert ticked(chat) == {2}


def test_a_completed_checklist_stays_ticked(chat: Chat) -> None:
    chat.say("fait 1 2 3 4 5 6 7 8 9")
    assert chat.say("décocher 9") == (
        "Votre parcours est terminé, ses étapes restent cochées. Un coordinateur peut vous aider."
    )
    assert chat.say("c'est fait") != "Quelle étape avez-vous faite ?"
    assert len(ticked(chat)) == 9


def test_someone_without_a_checklist_who_is_lost_gets_the_help(chat: Chat) -> None:
    assert chat.say("je suis perdu", user="anne").startswith("== Ce que je sais faire ==")


def test_someone_without_a_checklist_is_not_asked_about_steps(chat: Chat) -> None:
    assert "étape" not in chat.say("c'est fait", user="anne")
    assert "étape" not in chat.say("j'ai lu la charte", user="anne")


def test_oui_ticks_the_one_step_offered(chat: Chat) -> None:
    chat.say("j'ai lu la charte")
    assert chat.say("oui").startswith("✓ Fait : 1. Lire la charte des bénévoles.")
    assert ticked(chat) == {1}
