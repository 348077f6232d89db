"""Coordinators type what the buttons say, in French: "prendre en compte 3", "assigner 3 à
marie", "classer 3 doublon"; "valider 9" for a suggestion says how to approve it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from chatbot.anomalies import AnomalyStatus
from tests.harness import COORDINATOR, Chat


@pytest.fixture
def chat(tmp_path: Path) -> Iterator[Chat]:
    bot = Chat(tmp_path, language="fr")
    bot.say("signaler l'imprimante est cassée")
    yield bot
    bot.close()


def status(chat: Chat) -> AnomalyStatus:
    report = chat.app.storage.anomalies.get(1)
    assert report is not None
    return report.status


def test_the_words_of_the_acknowledge_button_acknowledge(chat: Chat) -> None:
    assert chat.say("Prendre en compte n°1", user=COORDINATOR) == "Signalement n°1 pris en compte."
    assert status(chat) is AnomalyStatus.ACKNOWLEDGED
    assert chat.say("!pris en compte 1", user=COORDINATOR).startswith(
        "Le signalement n°1 est déjà pris en compte."
    )


def test_a_report_is_assigned_to_someone_with_or_without_a(chat: Chat) -> None:
    assert chat.say("assigner 1 à anne", user=COORDINATOR) == (
        "Signalement n°1 confié à console:anne."
    )
    report = chat.app.storage.anomalies.get(1)
    assert report is not None and report.assignee == "console:anne"
    assert chat.say("assigner 1 à", user=COORDINATOR).startswith("Utilisation : assigner")


def test_classer_sans_suite_rejects_with_the_reason(chat: Chat) -> None:
    assert chat.say("classer sans suite 1 doublon", user=COORDINATOR) == (
        "Signalement n°1 classé sans suite."
    )
    assert status(chat) is AnomalyStatus.REJECTED


def test_valider_a_suggestions_number_says_how_to_approve_it(chat: Chat) -> None:
    chat.say("suggérer caf téléphone 01 02 03 04 05")
    assert chat.say("valider 1", user=COORDINATOR).startswith(
        "« 1 » ne désigne aucune fiche. Pour approuver la proposition n°1 : approuver 1"
    )


def test_the_phrases_are_only_commands_at_the_start_of_a_line(chat: Chat) -> None:
    assert chat.say("le dossier est pris en compte 1", user=COORDINATOR).startswith("Aucune fiche")
    assert status(chat) is AnomalyStatus.NEW
