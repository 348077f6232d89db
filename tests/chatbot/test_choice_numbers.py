"""The number each button gets where buttons become numbered choices (console, Matrix)."""

from chatbot.reply import Actions, Button, Reply, Text, choice_numbers, reply_from_json


def test_buttons_keep_their_own_number_and_the_others_follow() -> None:
    plain = Button("Show", "show", "#1")
    assert choice_numbers([plain, plain]) == (1, 2)
    steps = [Button("✓", "done", str(n), number=n) for n in (2, 5)]
    assert choice_numbers([*steps, plain]) == (2, 5, 6)
    assert choice_numbers([steps[0], steps[0], plain]) == (2, 3, 4)  # taken: the next one


def test_the_number_survives_the_outbox() -> None:
    sent = Reply.of(
        Text("x"), Actions((Button("✓", "done", "2", number=2), Button("Show", "show")))
    )
    assert reply_from_json(sent.to_json()).buttons == sent.buttons
