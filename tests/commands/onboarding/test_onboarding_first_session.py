"""A newcomer's first console session, in French: the numbered choices name the step they tick,
the buddy is introduced by name, usages and help read in French, a mistyped option gets the
closest one."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from adapters.console.render import render
from chatbot.ids import UserId, local_part
from commands.onboarding import options
from tests.commands.onboarding.conftest import install_template
from tests.harness import COORDINATOR, Chat, name_people, sent_to


@pytest.fixture
def chat(tmp_path: Path) -> Iterator[Chat]:
    """The real bot in French (its default language), on Monday 23 November 2026 at 09:00."""
    bot = Chat(tmp_path, language="fr")
    bot.clock.current = bot.clock.current.replace(hour=8)
    yield bot
    bot.close()


def test_the_number_of_a_choice_is_the_number_of_its_step_whatever_is_ticked(
    chat: Chat,
) -> None:
    """After step 1 is ticked, the choices still show 2 and 3 for steps 2 and 3: the number
    seen beside a step, in the list or on its choice, is the one to type (alone or after
    fait)."""
    chat.say("onboarding start victor", user=COORDINATOR)
    ticked = chat.say("fait 1")
    assert ticked == (
        "✓ Fait : 1. Lire la charte des bénévoles.\n"
        "  [2] ✓ Vous présenter dans le canal d'accueil   "
        "[3] ✓ Vérifier vos accès aux outils et aux ca…"
    )
    assert chat.say("3") == (
        "✓ Fait : 3. Vérifier vos accès aux outils et aux canaux.\n"
        "  [2] ✓ Vous présenter dans le canal d'accueil"
    )
    assert "  - ☐ 2. Vous présenter" in chat.say("accueil")
    assert chat.say("2").startswith("✓ Fait : 2. Vous présenter dans le canal d'accueil.")


OWNED = """\
name: volunteer
language: fr
title: Petit parcours
days:
  - title: Premier jour
    steps:
      - title: Dire bonjour
      - title: Créer vos comptes
        owner: coordinator
      - title: Lire la FAQ
"""


def test_a_step_someone_else_ticks_gets_no_choice_after_a_tick(chat: Chat, tmp_path: Path) -> None:
    install_template(chat, tmp_path, OWNED)
    chat.say("onboarding start victor", user=COORDINATOR)
    ticked = chat.reply("fait 1")
    assert [b.command_line for b in ticked.buttons] == ["done 3"]
    assert "[3] ✓ Lire la FAQ" in render(ticked)
    assert chat.say("3").startswith("✓ Fait : 3. Lire la FAQ.")


def test_the_newcomer_meets_their_buddy_by_name(chat: Chat) -> None:
    name_people(chat, anne="Anne Martin", victor="Victor Hugo")
    chat.settings.onboarding_buddies = [UserId("console:anne")]
    chat.say("onboarding start victor", user=COORDINATOR)
    welcome, meet = sent_to(chat, "console:victor")
    assert welcome.startswith("Bienvenue, Victor Hugo ! Voici votre parcours")
    assert meet.startswith("Voici votre binôme, Anne Martin : il ou elle connaît la maison")
    assert "console:" not in welcome + meet
    assert sent_to(chat, "console:anne")[0].startswith(
        "Vous êtes maintenant le binôme de Victor Hugo (console:victor)"
    )


def test_a_buddy_chosen_by_a_coordinator_is_introduced_by_name_too(chat: Chat) -> None:
    name_people(chat, anne="Anne Martin", victor="Victor Hugo")
    chat.say("onboarding start victor", user=COORDINATOR)
    chat.say("accueil binome victor anne", user=COORDINATOR)
    assert sent_to(chat, "console:victor")[-1].startswith("Voici votre binôme, Anne Martin :")
    # Nobody the platform can name: the id, as before.
    chat.say("accueil binome victor zoe", user=COORDINATOR)
    assert sent_to(chat, "console:victor")[-1].startswith("Voici votre binôme, console:zoe :")


@pytest.mark.parametrize(
    ("typed", "usage"),
    [
        ("accueil demarrer", "accueil démarrer <personne> [parcours] [partie]"),
        ("accueil arreter", "accueil arrêter <personne>"),
        ("accueil binome victor", "accueil binôme <personne> <binôme>"),
        ("accueil dispenser victor 2", "accueil dispenser <personne> <étape> <raison>"),
        ("accueil historique", "accueil historique <personne>"),
        ("accueil renvoyer", "accueil renvoyer <personne>"),
        ("accueil cocher victor", "accueil cocher <personne> <étape>"),
        ("accueil repousser", "accueil repousser [<personne>] <étape> [jours]"),
    ],
)
def test_a_coordinator_missing_an_argument_reads_the_usage_in_french(
    chat: Chat, typed: str, usage: str
) -> None:
    assert chat.say(typed, user=COORDINATOR) == f"Utilisation : {usage}"


def test_a_newcomer_missing_their_time_zone_reads_the_usage_in_french(chat: Chat) -> None:
    chat.say("onboarding start victor", user=COORDINATOR)
    assert chat.say("accueil fuseau") == (
        "Utilisation : accueil fuseau <zone>, par exemple accueil fuseau Europe/Brussels"
    )


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("stat", "accueil statut"),
        ("statu", "accueil statut"),
        ("strat", "accueil démarrer"),
        ("histo", "accueil historique"),
        ("repouser", "accueil repousser"),
        ("tcik", "accueil cocher"),
    ],
)
def test_a_mistyped_option_suggests_the_closest_one(chat: Chat, typed: str, meant: str) -> None:
    assert chat.say(f"onboarding {typed}", user=COORDINATOR) == (
        f"Je ne connais pas l'option {typed}. Vouliez-vous dire {meant} ? Tapez aide accueil "
        "pour voir les options."
    )


def test_an_option_like_none_gets_no_guess(chat: Chat) -> None:
    assert chat.say("onboarding bogus", user=COORDINATOR) == (
        "Je ne connais pas l'option bogus. Tapez aide accueil pour voir les options."
    )


def test_help_onboarding_gives_one_short_french_line_per_option(chat: Chat) -> None:
    help_text = chat.say("aide onboarding")
    lines = [line for line in help_text.splitlines() if line.startswith("• ")]
    assert len(lines) == 13  # the newcomer's own view and done, then each option but one pair
    assert all(len(line) <= 100 for line in lines), lines
    assert all(line.startswith("• accueil") for line in lines)
    assert "Binômes et coordination :" in help_text
    assert "Coordination :" in help_text
    # Every option is there, named by a word that works.
    named = {
        found.name
        for line in lines
        for part in line[2:].split(" : ")[0].split(", ")
        if len(words := part.split()) > 1 and (found := options.find(words[1])) is not None
    }
    assert named == {option.name for option in options.OPTIONS}


def test_a_name_nobody_knows_is_the_local_part_in_the_welcome(chat: Chat) -> None:
    name_people(chat, anne="Anne Martin", victor="Victor Hugo")
    chat.say("onboarding start ines", user=COORDINATOR)
    assert sent_to(chat, "console:ines")[0].startswith(
        f"Bienvenue, {local_part(UserId('console:ines'))} !"
    )


def test_several_steps_are_ticked_at_once(chat: Chat) -> None:
    chat.say("onboarding start victor", user=COORDINATOR)
    ticked = chat.say("fait 1, 2 et 3")
    assert ticked.startswith("✓ Fait : 1. Lire la charte des bénévoles, 2.")
    assert "2. Vous présenter dans le canal d'accueil" in ticked
    assert chat.say("fait 1 2") == "Les étapes 1, 2 étaient déjà faites."
    assert chat.say("fait 2 deux").startswith("Utilisation : fait <numéro d'étape>")
