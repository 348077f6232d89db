"""Ownership and verification of directory entries (issue 14): verifiers, intervals, the
freshness badge, flags, per-field checks and the verification round."""

from __future__ import annotations

from datetime import datetime

import pytest
from pydantic import ValidationError

from app.wiring import build_app
from chatbot.events import MembershipChanged
from chatbot.ids import ConversationId, UserId
from chatbot.reply import Actions, Button
from chatbot.settings import Settings
from tests.harness import COORDINATOR, VICTOR, Chat, no_env, observe, run_job, sent_to

COLINE = "console:coline"
ADA = "console:ada"
ANA = "console:ana"
ROUND = "directory-round"


def buttons(chat: Chat, text: str, *, user: str = "victor") -> dict[str, Button]:
    reply = chat.reply(text, user=user)
    return {
        b.label: b for block in reply.blocks if isinstance(block, Actions) for b in block.buttons
    }


def test_owner_and_interval_make_the_badge(chat: Chat) -> None:
    assert "verified by console:ana" in chat.say("owner VDAB ana", user=COORDINATOR)
    assert "every 30 days" in chat.say("interval VDAB 30", user=COORDINATOR)
    assert "is for coordinators only" in chat.say("owner VDAB me")
    assert "marked as verified today" in chat.say("verify VDAB", user="ana")  # its verifier
    assert "Verified on Nov 23, 2026 by ana." in chat.say("show VDAB")
    chat.clock.advance(days=31)
    assert "⚠ To check: last verified on Nov 23, 2026." in chat.say("show VDAB")
    assert "VDAB" in chat.say("stale", user=COORDINATOR)
    chat.say("interval VDAB default", user=COORDINATOR)
    assert "Verified on Nov 23, 2026 by ana." in chat.say("show VDAB")  # 180 days again
    history = chat.say("history VDAB")
    assert "Verifier changed by console:coline: ∅ → console:ana" in history
    assert "is for coordinators only" in chat.say("verify caf", user="ana")  # not hers


def test_a_theme_has_its_own_interval(chat: Chat) -> None:
    chat.say("verify VDAB", user=COORDINATOR)
    theme = chat.app.services.directory.get_by_name("VDAB")
    assert theme is not None
    chat.clock.advance(days=20)
    assert "Verified on" in chat.say("show VDAB")
    chat.settings.directory_stale_days_by_theme = {theme.theme.upper(): 10}
    assert "⚠ To check" in chat.say("show VDAB")


def test_anyone_flags_from_the_card_and_the_verifiers_are_told(chat: Chat) -> None:
    flag = buttons(chat, "show VDAB")["This is wrong"]
    assert chat.say(flag.command_line).startswith("What looks wrong?")
    assert "marked as possibly outdated" in chat.say("The number changed")
    card = chat.say("show VDAB")
    assert "⚠ Reported as possibly outdated: The number changed" in card
    for coordinator in (ADA, COLINE):
        [told] = sent_to(chat, coordinator)
        assert "victor reports «VDAB» as possibly outdated: The number changed" in told
    chat.say("verify VDAB", user=COORDINATOR)
    assert "Reported as possibly outdated" not in chat.say("show VDAB")
    assert "reported as possibly outdated by console:victor" in chat.say("history VDAB")


def test_a_flag_goes_to_the_verifier_and_an_edit_clears_it(chat: Chat) -> None:
    chat.say("owner caf ana", user=COORDINATOR)
    chat.say("flag caf closed on Mondays now")
    assert len(sent_to(chat, ANA)) == 1 and sent_to(chat, COLINE) == []
    assert "Reported as possibly outdated" in chat.say("show caf")
    chat.say("edit caf hours Tue-Fri 9-12", user=COORDINATOR)
    assert "Reported as possibly outdated" not in chat.say("show caf")


def test_phones_and_hours_are_verified_alone(chat: Chat) -> None:
    assert "phone marked as checked today" in chat.say("verify VDAB phone", user=COORDINATOR)
    card = chat.say("show VDAB")
    assert "Phone checked on Nov 23, 2026." in card and "⚠ To check" in card
    chat.say("verify VDAB horaires", user=COORDINATOR)
    assert "Opening hours checked on" in chat.say("show VDAB")
    history = chat.say("history VDAB")
    assert "Phone checked by console:coline" in history
    assert "Opening hours checked by console:coline" in history
    assert "Only the phone or the hours" in chat.say("verify VDAB email", user=COORDINATOR)


def test_the_round_lists_my_stale_entries_most_looked_up_first(chat: Chat) -> None:
    chat.say("owner VDAB ana", user=COORDINATOR)
    chat.say('owner "CPAS de Charleroi" ana', user=COORDINATOR)
    chat.say("owner caf ana", user=COORDINATOR)  # verified lately: not in her round
    for _n in range(3):
        chat.say("lookup vdab")
    mine = chat.say("verify-round", user="ana")
    assert "Your verification round (2)" in mine  # VDAB, though verified, first:
    assert mine.index("VDAB: last verified on Oct 21, 2025, looked up 3 times") < mine.index(
        "CPAS de Charleroi: never verified, looked up 0 times"
    )
    round_buttons = [
        b
        for block in chat.reply("verify-round", user="ana").blocks
        if isinstance(block, Actions)
        for b in block.buttons
    ]
    assert [b.label for b in round_buttons[:2]] == ["Still correct", "Suggest a fix"]
    assert "marked as verified today" in chat.say(round_buttons[0].command_line, user="ana")
    assert "VDAB" not in chat.say("verify-round", user="ana")
    assert chat.say(round_buttons[3].command_line, user="ana").startswith("Which field?")
    coordinators = chat.say("verify-round", user=COORDINATOR)
    # 7 stale entries nobody verifies, shared out between the two coordinators:
    assert "Your verification round (3)" in coordinators and "VDAB" not in coordinators
    assert "Nothing to check for you" in chat.say("verify-round")


def test_the_weekly_round_goes_once_across_two_processes(chat: Chat) -> None:
    chat.say("owner VDAB ana", user=COORDINATOR)
    chat.clock.advance(days=7)  # past a Monday 9:00
    other = build_app(chat.settings, clock=chat.clock)
    try:
        run_job(chat, ROUND, deliver=True)
        chat._loop.run_until_complete(
            next(j for j in other.bot.registry.jobs if j.name == ROUND).run(other.services)
        )
        chat.deliver()
    finally:
        other.storage.close()
    assert len(sent_to(chat, ANA)) == 1 and "VDAB" in sent_to(chat, ANA)[0]
    assert len(sent_to(chat, COLINE)) == 1 and len(sent_to(chat, ADA)) == 1
    assert set(sent_to(chat, COLINE)[0].splitlines()[1:10:2]).isdisjoint(
        sent_to(chat, ADA)[0].splitlines()[1:10:2]
    )  # the coordinators share the entries nobody verifies out


def test_a_departed_verifier_gives_entries_back(chat: Chat) -> None:
    chat.say("owner VDAB ana", user=COORDINATOR)
    chat.say("owner caf victor", user=COORDINATOR)
    assert "console:ana left: the coordinators now verify VDAB." in chat.say(
        "verifier-left ana", user=COORDINATOR
    )
    assert "VDAB" not in chat.say("verify-round", user="ana")
    left = MembershipChanged(
        user_id=UserId(VICTOR),
        user_name="Victor",
        conversation_id=ConversationId(""),
        platform="console",
        joined=False,
        at=datetime(2026, 11, 23, 10, 0).astimezone(),
    )
    observe(chat, left)
    observe(chat, left)  # a retried event
    told = sent_to(chat, COLINE)
    assert told == [
        "Victor left: the coordinators now verify Caisse d'allocations familiales (CAF)."
    ]
    latest = chat.say("history caf").splitlines()[1]
    assert latest.endswith("Verifier changed by chatbot:directory: console:victor → ∅")


def test_per_theme_intervals_are_read_from_the_environment() -> None:
    settings = no_env(Settings, directory_stale_days_by_theme="Urgences=30, Santé=90,")
    assert settings.directory_stale_days_by_theme == {"Urgences": 30, "Santé": 90}
    assert no_env(Settings, directory_stale_days_by_theme="").directory_stale_days_by_theme == {}
    for wrong in ("Urgences", "Urgences=0", "=30", "Urgences=trente"):
        with pytest.raises(ValidationError):
            no_env(Settings, directory_stale_days_by_theme=wrong)
