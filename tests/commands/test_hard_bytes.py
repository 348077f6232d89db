"""Bytes that are not UTF-8, and NUL characters, reaching a command in any way (issue 11): a
clear answer, nothing saved, never the generic error. The same check covers every platform:
it sits in :meth:`chatbot.bot.Bot.handle`, before any command or database sees the text."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.harness import COORDINATOR, Chat

GENERIC = "Sorry, something went wrong"
NOT_UTF8 = "I could not read that message: part of it is not text (not UTF-8)."
NUL = "That message holds a NUL character (\\0), which cannot be saved."
COMMANDS = [b"lookup ", b"report ", b"suggest caf hours ", b"edit caf notes ", b"history ", b""]


def as_received(data: bytes) -> str:
    """How bytes reach the bot: the console reads with ``surrogateescape``; a platform's JSON
    carries the same lone surrogates as ``\\udcff`` escapes."""
    return data.decode("utf-8", "surrogateescape")


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(command=st.sampled_from(COMMANDS), body=st.binary(max_size=30), coordinator=st.booleans())
def test_any_bytes_to_any_command_get_a_sensible_answer(
    chat: Chat, command: bytes, body: bytes, coordinator: bool
) -> None:
    data = command + body
    answer = chat.say(as_received(data), user=COORDINATOR if coordinator else "victor")
    assert GENERIC not in answer
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        assert answer == NOT_UTF8 + " Please type it again or paste it as plain text."
    else:
        if "\x00" in text:
            assert answer.startswith(NUL)


def test_a_report_with_a_nul_is_refused_and_not_saved(chat: Chat) -> None:
    answer = chat.say("report la porte\x00 est cassée #site !urgent")
    assert answer.startswith(NUL)
    assert chat.app.storage.anomalies.count_open() == 0
    assert chat.say("report la porte est cassée #site !urgent").startswith("Thank you! Report #1")


def test_an_edit_with_a_nul_is_refused_and_the_entry_unchanged(chat: Chat) -> None:
    answer = chat.say("edit caf hours lun\x00ven 9h", user=COORDINATOR)
    assert answer.startswith(NUL)
    assert "Lun–ven 9h–16h30" in chat.say("lookup caf")
    assert "hours changed" not in chat.say("history caf", user=COORDINATOR).lower()


def test_an_answer_to_a_question_is_checked_too(chat: Chat) -> None:
    assert chat.say("suggest caf").startswith("Which field?")
    assert chat.say(as_received(b"t\xe9l\xe9phone")).startswith(NOT_UTF8)
    assert chat.say("téléphone").startswith("What is the right value?")  # still asked
    assert chat.say("01\x0002").startswith(NUL)
    assert chat.app.storage.suggestions.pending() == []
