"""Whatever is typed after a report command, the bot answers sensibly and never fails inside."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.harness import COORDINATOR, Chat

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


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(word=WORDS, arguments=ARGUMENTS, coordinator=st.booleans())
def test_no_input_breaks_reports(chat: Chat, word: str, arguments: str, coordinator: bool) -> None:
    if chat.app.storage.anomalies.get(1) is None:
        chat.say("report La porte du local ne ferme plus")
    answer = chat.say(f"{word} {arguments}", user=COORDINATOR if coordinator else "victor")
    if answer.startswith(("What kind", "Is it urgent", "What did you see", "Why?", "Your comment")):
        chat.say("cancel", user=COORDINATOR if coordinator else "victor")
    assert answer.strip()
    assert INTERNAL_ERROR not in answer
