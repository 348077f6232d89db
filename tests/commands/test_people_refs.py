"""Every command naming a person reads it the same way (chatbot.people_refs)."""

from __future__ import annotations

import pytest

from chatbot.errors import CommandError
from chatbot.ids import UserId
from chatbot.people_refs import parse_user_ref
from tests.harness import ADMIN, ANA_SLACK, BOB_MATRIX, COORDINATOR, Chat, say_as, sent_to

FORMS = [
    ("me", "console:coline"),
    ("Moi", "console:coline"),
    ("@ines", "console:ines"),
    ("ines", "console:ines"),
    ("console:ines", "console:ines"),
    (ANA_SLACK, ANA_SLACK),
    (BOB_MATRIX, BOB_MATRIX),
]


@pytest.mark.parametrize(("typed", "meant"), FORMS)
def test_assign_reads_every_form(chat: Chat, typed: str, meant: str) -> None:
    chat.say("report Vitre fêlée à l'accueil")
    assert chat.say(f"assign 1 {typed}", user=COORDINATOR) == f"Report #1 assigned to {meant}."


@pytest.mark.parametrize(("typed", "meant"), FORMS)
def test_onboarding_start_stop_and_buddy_read_every_form(
    chat: Chat, typed: str, meant: str
) -> None:
    assert chat.say(f"onboarding start {typed}", user=COORDINATOR).startswith(
        f"{meant} starts «Getting started"
    )
    chat.say("onboarding start victor", user=COORDINATOR)
    assert chat.say(f"onboarding mentor victor {typed}", user=COORDINATOR) == (
        f"{meant} is now the buddy of console:victor; I introduced them to each other."
    )
    assert sent_to(chat, meant)[-1].startswith("You are now the buddy of victor")
    assert chat.say(f"onboarding stop {typed}", user=COORDINATOR) == (
        f"{meant} is no longer onboarding; their progress is kept."
    )


@pytest.mark.parametrize(("typed", "meant"), [f for f in FORMS if f[1] != "console:coline"])
def test_role_reads_every_form(chat: Chat, typed: str, meant: str) -> None:
    assert chat.say(f"role {typed} coordinator", user=ADMIN) == f"{meant} is now coordinator."
    assert f"{meant} · coordinator" in chat.say("roles", user=ADMIN)


def test_me_is_the_speaker_on_any_platform(chat: Chat) -> None:
    chat.say(f"role {ANA_SLACK} coordinator", user=ADMIN)
    chat.say("report Vitre fêlée à l'accueil")
    assert say_as(chat, ANA_SLACK, "assign 1 moi") == f"Report #1 assigned to {ANA_SLACK}."
    assert say_as(chat, ANA_SLACK, "assign 1 @U0BOB") == "Report #1 assigned to slack:U0BOB."


def test_a_bare_name_with_a_colon_asks_for_its_platform(chat: Chat) -> None:
    """``@ines:example.org`` typed outside Matrix (whose adapter qualifies it) is not guessed."""
    answer = chat.say("onboarding start @ines:example.org", user=COORDINATOR)
    assert answer.startswith("I don't know who «@ines:example.org» is")
    assert "matrix:@ana:example.org" in answer
    chat.say("report Vitre fêlée à l'accueil")
    assert chat.say("assign 1 ines:", user=COORDINATOR).startswith("I don't know who «ines:»")


def test_the_parser_alone() -> None:
    speaker = UserId("slack:U0ME")
    assert parse_user_ref(" ME ", speaker=speaker, platform="slack") == speaker
    assert parse_user_ref("@ana", speaker=speaker, platform="slack") == "slack:ana"
    assert parse_user_ref("matrix:@b:x.org", speaker=speaker, platform="slack") == "matrix:@b:x.org"
    for bad in ("@", "", "@a:b", "Slack:U1"):
        with pytest.raises(CommandError):
            parse_user_ref(bad, speaker=speaker, platform="slack")
