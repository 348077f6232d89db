"""Help, unknown commands, roles: what any user meets first."""

from tests.harness import ADMIN, COORDINATOR, Chat


def test_unknown_command_suggests_the_right_one(chat: Chat) -> None:
    assert chat.say("lokup caf") == "I don't know the command lokup. Did you mean lookup?"
    assert "Did you mean suggest?" in chat.say("sugest caf tel 1")


def test_help_shows_what_each_role_may_do(chat: Chat) -> None:
    volunteer = chat.say("help")
    assert "lookup / annuaire · Find a contact" in volunteer
    assert "approve" not in volunteer
    assert "approve / approuver · Apply a suggested edit" in chat.say("aide", user=COORDINATOR)
    assert "role · Give someone a role" in chat.say("help", user=ADMIN)


def test_help_for_one_command_comes_from_its_declaration(chat: Chat) -> None:
    answer = chat.say("help reject")
    assert "Usage: reject [suggestion|anomalie] <number> <reason>" in answer
    assert "Reserved for: coordinators." in answer
    assert "Also: rejeter, refuser" in answer


def test_admin_grants_a_role_that_survives_a_restart(chat: Chat) -> None:
    assert "is for admins only" in chat.say("role console:victor coordinator", user=COORDINATOR)
    assert chat.say("role console:victor coordinateur", user=ADMIN) == (
        "console:victor is now coordinator."
    )
    chat.restart()
    assert "coordinator" in chat.say("whoami")
    assert "No suggestion is waiting" in chat.say("suggestions")


def test_the_bot_speaks_french_by_default(chat_fr: Chat) -> None:
    answer = chat_fr.say("annuaire caf")
    assert "Téléphone: 3230" in answer
    assert (
        chat_fr.say("lokup caf")
        == "Je ne connais pas la commande lokup. Vouliez-vous dire annuaire ?"
    )


def test_a_french_bot_names_its_commands_in_french(chat_fr: Chat) -> None:
    """The French word first in help, in usage and in a command's own help; the English one
    still listed, and both typed alike."""
    assert "annuaire / lookup · Trouver un contact" in chat_fr.say("aide")
    assert chat_fr.say("approuver", user=COORDINATOR).startswith("Utilisation : approuver <")
    answer = chat_fr.say("aide annuaire")
    assert answer.startswith("== annuaire ==")
    assert "Utilisation : annuaire <mots>" in answer
    assert "Aussi : lookup, cherche" in answer
