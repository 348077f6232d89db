"""Whatever a user types, the bot answers something sensible and never fails inside."""

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.harness import COORDINATOR, fresh_chat

INTERNAL_ERROR = "Sorry, something went wrong"
COMMAND_WORDS = st.sampled_from(
    [
        "lookup",
        "annuaire",
        "show",
        "suggest",
        "approve",
        "reject",
        "verify",
        "edit",
        "add",
        "remove",
        "history",
        "themes",
        "stale",
        "help",
        "role",
        "1",
        "!2",
        "/lookup theme",
        "",
    ]
)
ARGUMENTS = st.text(alphabet=st.characters(codec="utf-8"), max_size=40)


@settings(max_examples=150, deadline=None)
@given(word=COMMAND_WORDS, arguments=ARGUMENTS, coordinator=st.booleans())
def test_no_input_breaks_the_bot(word: str, arguments: str, coordinator: bool) -> None:
    user = COORDINATOR if coordinator else "victor"
    with fresh_chat() as chat:  # a bot of its own for each example: none sees another's state
        answer = chat.say(f"{word} {arguments}", user=user)
    assert answer.strip()
    assert INTERNAL_ERROR not in answer
