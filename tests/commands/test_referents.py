"""Named contacts (referents): coordinators manage them, cards show them where internal details
may show (public ones everywhere), lookups find them by name, suggestions fix them."""

from __future__ import annotations

import pytest

from chatbot.directory import Referent
from chatbot.referents import (
    ReferentError,
    changes_between,
    edited,
    parse_change,
    parse_referent,
    referent_text,
)
from tests.harness import COORDINATOR, Chat

DUPONT = "Jean Dupont; directeur; 01 23 45 67 89; jean.dupont@caf.fr"
MARTIN = "Léa Martin; accueil; lea.martin@caf.fr public"


def _with_referents(chat: Chat) -> None:
    assert "«Jean Dupont» added" in chat.say(f"referent add caf {DUPONT}", user=COORDINATOR)
    assert "«Léa Martin» added" in chat.say(f"référent ajouter caf {MARTIN}", user=COORDINATOR)


def test_referents_show_on_the_card_in_a_dm_and_only_public_ones_in_a_room(chat: Chat) -> None:
    _with_referents(chat)
    in_dm = chat.say("lookup caf")
    assert "Referent (internal): Jean Dupont, directeur · 01 23 45 67 89" in in_dm
    assert "Referent: Léa Martin, accueil · lea.martin@caf.fr" in in_dm
    in_room = chat.say("lookup caf", private=False)
    assert "Dupont" not in in_room and "01 23 45 67 89" not in in_room
    assert "Referent: Léa Martin, accueil · lea.martin@caf.fr" in in_room
    assert "Some internal details are hidden here" in in_room


def test_lookup_finds_an_entry_by_its_referents_name_where_it_may_show(chat: Chat) -> None:
    assert "No entry found" in chat.say("lookup dupont")
    _with_referents(chat)
    assert chat.say("lookup dupont").startswith("== Caisse d'allocations familiales (CAF) ==")
    assert chat.say("lookup jean dupont").startswith("== Caisse d'allocations familiales")
    # An internal referent's name says nothing in a room: where they work is internal too.
    assert "No entry found" in chat.say("lookup dupont", private=False)
    assert chat.say("lookup martin", private=False).startswith("== Caisse d'allocations")
    assert chat.say("lookup lea martin").startswith("== Caisse d'allocations")
    # The miss in the room followed by the find in a DM teaches no alias "dupont".
    assert "dupont" not in chat.say("suggestions", user=COORDINATOR).lower()


def test_edit_and_remove_referents_with_history(chat: Chat) -> None:
    _with_referents(chat)
    edited_card = chat.say("referent edit caf dupont téléphone 01 98 76 54 32", user=COORDINATOR)
    assert "Referent «Jean Dupont» of «Caisse d'allocations familiales (CAF)» updated: Phone" in (
        edited_card
    )
    assert "01 98 76 54 32" in edited_card
    assert "updated: Function" in chat.say(
        "edit caf referent Jean Dupont; fonction; directeur adjoint", user=COORDINATOR
    )
    assert "updated: Visibility" in chat.say("referent edit caf dupont public", user=COORDINATOR)
    assert "Dupont" in chat.say("lookup caf", private=False)
    history = chat.say("history caf")
    assert "Referent changed by console:coline: ∅ → Jean Dupont, directeur" in history
    removed = chat.say("referent supprimer caf jean dupont", user=COORDINATOR)
    assert removed.startswith("Referent «Jean Dupont» removed from")
    assert "Dupont" not in removed.split("\n", 1)[1]  # the card
    assert "No entry found" in chat.say("lookup dupont")


def test_history_hides_internal_referents_in_a_room(chat: Chat) -> None:
    _with_referents(chat)
    history = chat.say("history caf", private=False)
    assert "Dupont" not in history
    assert "Referent changed by console:coline: ∅ → …" in history
    assert "Léa Martin, accueil" in history


def test_mistakes_get_a_short_usage_and_nothing_changes(chat: Chat) -> None:
    assert "is for coordinators only" in chat.say(f"referent add caf {DUPONT}")
    for wrong in ("referent", "referent add caf", "referent juggle caf Jean"):
        assert "referent add <entry> <name>; <function>" in chat.say(wrong, user=COORDINATOR)
    answer = chat.say("referent add caf Jean; jean@@caf", user=COORDINATOR)
    assert answer == 'The referent was not changed: "jean@@caf" is not an email address.'
    _with_referents(chat)
    assert "already a referent named «Jean Dupont»" in chat.say(
        "referent add caf jean dupont", user=COORDINATOR
    )
    assert "no referent named «Durand»" in chat.say("referent remove caf Durand", user=COORDINATOR)
    assert "has no digits" in chat.say("referent edit caf dupont phone none", user=COORDINATOR)
    assert "referent edit <entry> <name>" in chat.say("referent edit caf dupont", user=COORDINATOR)
    assert "01 23 45 67 89" in chat.say("lookup caf")


def test_a_volunteer_suggests_a_referents_new_phone_and_a_coordinator_approves(
    chat: Chat,
) -> None:
    _with_referents(chat)
    saved = chat.say("suggest caf referent dupont phone 06 11 22 33 44")
    assert "Suggestion #" in saved
    in_room = chat.say("suggestions", user=COORDINATOR, private=False)
    assert "referent …, Phone: … → …" in in_room
    listed = chat.say("suggestions", user=COORDINATOR)
    assert "referent Jean Dupont, Phone: 01 23 45 67 89 → 06 11 22 33 44 (by victor)" in listed
    number = saved.split("#")[1].split()[0]
    assert "approved and applied" in chat.say(f"approve {number}", user=COORDINATOR)
    assert "Jean Dupont, directeur · 06 11 22 33 44" in chat.say("lookup caf")
    assert "no referent named «Durand»" in chat.say("suggest caf referent Durand phone 06")
    assert "suggest <entry> referent <name>" in chat.say("suggest caf referent dupont public")
    assert "has no digits" in chat.say("suggest caf referent dupont phone inconnu")
    again = chat.say("suggest caf referent dupont e-mail jd@caf.fr")
    chat.say("referent remove caf dupont", user=COORDINATOR)
    later = again.split("#")[1].split()[0]
    assert chat.say(f"approve {later}", user=COORDINATOR) == (
        f"Suggestion #{later} stays pending: There is no referent named «Jean Dupont» here."
    )


def test_a_referent_is_read_forgivingly() -> None:
    assert parse_referent("Jean Dupont; 01 23; directeur; j@caf.fr public") == Referent(
        name="Jean Dupont", function="directeur", phone="01 23", email="j@caf.fr", public=True
    )
    assert parse_referent("  Léa   Martin ; interne") == Referent(name="Léa Martin")
    with pytest.raises(ReferentError):
        parse_referent("; directeur")
    with pytest.raises(ReferentError):
        parse_referent("Jean; a@b.fr; c@d.fr")
    assert parse_change("Jean Dupont e-mail j@caf.fr") == ("Jean Dupont", "email", "j@caf.fr")
    assert parse_change("Dupont interne") == ("Dupont", "visibility", "interne")
    assert parse_change("Dupont; nom; Jean Durand") == ("Dupont", "name", "Jean Durand")


def test_renames_and_changes_give_one_history_line_per_referent() -> None:
    jean = Referent(name="Jean Dupont", phone="01 23")
    lea = Referent(name="Léa Martin")
    renamed = edited((jean, lea), "dupont", "name", "Jean Durand")
    assert renamed[0] == Referent(name="Jean Durand", phone="01 23")
    assert changes_between((jean, lea), renamed) == [
        ("referent", referent_text(jean), ""),
        ("referent", "", referent_text(renamed[0])),
    ]
    with pytest.raises(ReferentError):
        edited((jean, lea), "Jean Dupont", "name", "lea martin")


def test_in_french(chat_fr: Chat) -> None:
    added = chat_fr.say(
        "référent ajouter caf Jean Dupont; directeur; 01 23 45 67 89", user=COORDINATOR
    )
    assert added.startswith("Référent «Jean Dupont» ajouté à «Caisse d'allocations familiales")
    assert "Référent (interne): Jean Dupont, directeur · 01 23 45 67 89" in added
    changed = chat_fr.say("référent modifier caf dupont fonction accueil", user=COORDINATOR)
    assert "modifié : Fonction" in changed
    assert "Pour gérer les référents" in chat_fr.say("référent", user=COORDINATOR)
    assert "Pour proposer une correction d'un référent" in chat_fr.say(
        "suggérer caf référent dupont nom Paul"
    )
