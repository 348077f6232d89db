"""``outbox``: admins see what the bot could not deliver, to whom and why, and send it again or
drop it; the coordinators' digest says when there is some."""

from __future__ import annotations

from chatbot.delivery import DeliveryError
from chatbot.ids import ConversationId, UserId
from chatbot.reply import Reply
from tests.harness import ADMIN, COORDINATOR, Chat, RecordingMessenger


class RefusingSlack:
    """Slack answering ``not_in_channel`` to everything."""

    async def send_to_user(self, user_id: UserId, reply: Reply, *, key: str | None = None) -> None:
        raise DeliveryError("slack: not_in_channel", permanent=True)

    async def send_to_conversation(
        self, conversation_id: ConversationId, reply: Reply, *, key: str | None = None
    ) -> None:
        raise DeliveryError("slack: not_in_channel", permanent=True)


def undeliverable(chat: Chat, *texts: str) -> None:
    """Owe ``texts`` to a Slack channel the bot is not in, and let the outbox try."""
    chat.app.router.register("slack", RefusingSlack())
    for n, text in enumerate(texts):
        chat.app.services.messenger.send(
            "slack:C0GONE", Reply.text(text), to_user=False, key=f"k{n}"
        )
    chat.deliver()


def test_admins_see_what_could_not_be_delivered_to_whom_and_why(chat: Chat) -> None:
    undeliverable(chat, "Urgent report #1: the printer is on fire", "Digest of Monday")
    chat.clock.advance(hours=3)

    shown = chat.say("outbox", user=ADMIN)

    assert "2 messages could not be delivered" in shown
    assert "#1 to slack:C0GONE, 3 hours ago: «Urgent report #1: the printer is on fire»" in shown
    assert "· slack: not_in_channel" in shown
    assert "#2 to slack:C0GONE" in shown
    assert "outbox retry <number>" in shown


def test_only_admins_may_see_or_touch_the_dead_letters(chat: Chat) -> None:
    undeliverable(chat, "Urgent report #1")

    for user in ("victor", COORDINATOR):
        for line in ("outbox", "outbox drop 1", "outbox retry all"):
            shown = chat.say(line, user=user)
            assert "slack:C0GONE" not in shown
            assert "admin" in shown.lower(), shown
    assert chat.app.storage.outbox.dead_count() == 1


def test_a_message_sent_again_once_the_cause_is_fixed_arrives(chat: Chat) -> None:
    undeliverable(chat, "Urgent report #1", "Digest of Monday")
    fixed = RecordingMessenger()
    chat.app.router.register("slack", fixed)  # the bot was invited to the channel

    assert chat.say("outbox retry 2", user=ADMIN) == "Message #2 will be sent again."
    assert fixed.sent == [("slack:C0GONE", "Digest of Monday")]
    assert chat.say("outbox retry all", user=ADMIN) == "1 message will be sent again."
    assert fixed.sent[-1] == ("slack:C0GONE", "Urgent report #1")
    assert chat.say("outbox", user=ADMIN) == "Every message the bot owed was delivered."


def test_dropped_messages_are_forgotten(chat: Chat) -> None:
    undeliverable(chat, "one", "two", "three")

    assert chat.say("outbox drop #1", user=ADMIN) == "Message #1 dropped."
    assert "There is no undelivered message #1." in chat.say("outbox drop 1", user=ADMIN)
    assert "There is no undelivered message #9." in chat.say("outbox retry 9", user=ADMIN)
    assert chat.say("outbox drop all", user=ADMIN) == "2 messages dropped."
    assert chat.app.storage.outbox.dead_count() == 0
    assert "outbox retry <number>" in chat.say("outbox resend 1", user=ADMIN)
    assert "(#12) or all" in chat.say("outbox drop twelve", user=ADMIN)


def test_the_digest_tells_the_coordinators_when_messages_could_not_be_delivered(
    chat: Chat,
) -> None:
    assert "could not be delivered" not in chat.say("digest preview", user=COORDINATOR)
    undeliverable(chat, "Urgent report #1", "Digest of Monday")

    digest = chat.say("digest preview", user=COORDINATOR)

    assert "2 messages could not be delivered: admins, type outbox to see why." in digest


def test_in_french(chat_fr: Chat) -> None:
    undeliverable(chat_fr, "Signalement urgent n°1")
    chat_fr.clock.advance(hours=2)

    shown = chat_fr.say("envois", user=ADMIN)

    assert "1 message n'a pas pu être envoyé" in shown
    assert "il y a 2 heures" in shown
    assert chat_fr.say("envois reessayer tout", user=ADMIN) == "1 message sera renvoyé."
