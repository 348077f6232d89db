"""Whatever is typed after a report command, the bot answers sensibly and never fails inside."""

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.harness import COORDINATOR, fresh_chat

INTERNAL_ERROR = "Sorry, something went wrong"
WORDS = st.sampled_from(
    [
        "report",
        "signaler",
        "plusone",
        "+1",
        "anomalies",
        "anomaly",
        "ack",
        "assign",
        "resolve",
        "reject",
        "reopen",
        "comment",
        "redact",
        "digest",
    ]
)
ARGUMENTS = st.one_of(
    st.text(max_size=40),
    st.sampled_from(["1", "#1", "1 2", "anomalie 1", "suggestion#1 x", "1 me", "all since x"]),
)


@settings(max_examples=150, deadline=None)
@given(word=WORDS, arguments=ARGUMENTS, coordinator=st.booleans())
def test_no_input_breaks_reports(word: str, arguments: str, coordinator: bool) -> None:
    with fresh_chat(demo=False) as chat:  # a bot of its own for each example, with report #1
        chat.say("report La porte du local ne ferme plus")
        assert chat.app.storage.anomalies.get(1) is not None
        answer = chat.say(f"{word} {arguments}", user=COORDINATOR if coordinator else "victor")
    assert answer.strip()
    assert INTERNAL_ERROR not in answer
