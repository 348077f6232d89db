"""A suggested phone replaces the public line; the internal lines stay (whoever suggests may
not see them)."""

from tests.harness import COORDINATOR, Chat


def test_approving_a_phone_keeps_the_internal_line(chat: Chat) -> None:
    assert "Phone (internal): 01 00 00 00 05" in chat.say("lookup caf", user=COORDINATOR)
    chat.say("suggest caf phone 3231")
    pending = chat.say("suggestions", user=COORDINATOR)
    assert "Phone: 3230 | interne: 01 00 00 00 05 → 3231 | interne: 01 00 00 00 05" in pending
    assert chat.say("approve 1", user=COORDINATOR) == "Suggestion #1 approved and applied."
    card = chat.say("lookup caf", user=COORDINATOR)
    assert "Phone: 3231\n  Phone (internal): 01 00 00 00 05\n" in card
