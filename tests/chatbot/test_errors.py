"""The domain's refusals reach the user as what happened, said in one place (chatbot.bot)."""

from __future__ import annotations

from datetime import datetime

import pytest

from chatbot.bot import explain
from chatbot.directory import Entry
from chatbot.errors import NotFound
from chatbot.ids import UserId
from tests.harness import COORDINATOR, Chat


def test_a_name_already_taken_is_said_on_add_and_on_rename(chat: Chat) -> None:
    assert chat.say("add ACTIRIS", user=COORDINATOR) == "An entry named «ACTIRIS» already exists."
    assert chat.say("edit actiris name  France   Travail", user=COORDINATOR) == (
        "An entry named «France Travail» already exists."
    )
    assert "02 505 14 11" in chat.say("lookup actiris")


def test_a_rename_suggestion_onto_a_taken_name_stays_pending(chat: Chat) -> None:
    chat.say("suggest actiris nom France Travail")
    assert chat.say("approve 1", user=COORDINATOR) == (
        "Another entry is already named «France Travail»: suggestion #1 stays pending."
    )
    assert "#1 Actiris" in chat.say("suggestions", user=COORDINATOR)


def test_deciding_a_suggestion_twice_or_one_that_never_was(chat: Chat) -> None:
    chat.say("suggest actiris téléphone 02 800 42 42")
    assert chat.say("approve 1", user=COORDINATOR) == "Suggestion #1 approved and applied."
    assert chat.say("approve 1", user=COORDINATOR) == "Suggestion #1 was already approved."
    assert chat.say("reject suggestion 1 doublon", user=COORDINATOR) == (
        "Suggestion #1 was already approved."
    )
    assert chat.say("approve 7", user=COORDINATOR) == "There is no suggestion #7."


def test_approving_after_the_entry_was_removed_says_so(chat: Chat) -> None:
    chat.say("suggest actiris téléphone 02 800 42 42")
    chat.say("remove actiris yes", user=COORDINATOR)
    assert chat.say("approve 1", user=COORDINATOR) == (
        "«Actiris» was removed since: suggestion #1 can only be rejected."
    )
    assert chat.say("reject 1 fiche supprimée", user=COORDINATOR) == "Suggestion #1 rejected."


def test_an_entry_removed_meanwhile_is_said_gone(
    chat: Chat, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another coordinator removes the entry between the bot finding it and editing it."""
    directory = chat.app.services.directory
    update = directory.update

    def removed_first(
        entry_id: int, changes: dict[str, object], *, actor: UserId, at: datetime
    ) -> Entry:
        directory.remove(entry_id, actor=UserId("console:other"), at=at)
        return update(entry_id, changes, actor=actor, at=at)

    monkeypatch.setattr(directory, "update", removed_first)
    assert chat.say("edit actiris hours 9h-12h", user=COORDINATOR) == (
        "This entry is no longer in the directory."
    )


def test_report_refusals_say_what_is_possible(chat: Chat) -> None:
    chat.say("report La porte du local est cassée")
    chat.say("report La porte du local est cassée, encore")
    chat.say("plusone 1 2")
    assert chat.say("plusone 1 2") == "Report #2 is already merged into #1."
    assert chat.say("ack 2", user=COORDINATOR) == "Report #2 is already merged into #1."
    assert chat.say("resolve 3", user=COORDINATOR) == "There is no report #3."
    assert chat.say("comment 3 vu", user=COORDINATOR) == "There is no report #3."
    chat.say("reject 1 pas de notre ressort", user=COORDINATOR)
    assert chat.say("resolve 1", user=COORDINATOR) == (
        "Report #1 is already rejected. Possible now:\n  [1] Reopen"
    )


def test_refusals_speak_french(chat_fr: Chat) -> None:
    chat_fr.say("signaler La porte du local est cassée")
    chat_fr.say("résoudre 1", user=COORDINATOR)
    assert chat_fr.say("vu 1", user=COORDINATOR) == (
        "Le signalement n°1 est déjà résolu. Possible maintenant :\n  [1] Rouvrir"
    )
    assert chat_fr.say("+1 1") == "Le signalement n°1 est déjà résolu."
    assert chat_fr.say("ajouter actiris", user=COORDINATOR) == (
        "Une fiche « actiris » existe déjà."
    )
    assert chat_fr.say("approuver 4", user=COORDINATOR) == "Il n'y a pas de proposition n°4."


def test_a_newcomer_gone_is_said_not_onboarding() -> None:
    """No command reaches it today (newcomers are never deleted): the storage's word for it."""
    reply = explain(NotFound("newcomer", "slack:U1"), coordinator=True)
    assert reply.plain_text() == "slack:U1 is not onboarding."
