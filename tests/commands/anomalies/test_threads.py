"""One place per report: an urgent report's updates go in the thread of its alert, whose card
is edited in place; followers' direct messages stay as they were."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from chatbot.delivery import DeliveryError
from chatbot.reply import Reply
from chatbot.settings import Settings
from tests.harness import COORDINATOR, Chat, sent_to

COORDINATORS = ("console:ada", f"console:{COORDINATOR}")
ALERT = "report Fuite d'eau dans la salle d'attente !urgent #site"


def alert_ref(chat: Chat, coordinator: str) -> str:
    [alert] = [t for t in sent_to(chat, coordinator) if t.startswith("Urgent report #1")]
    return chat.outbox.refs[(coordinator, alert)]


def thread_of(chat: Chat, recipient: str) -> list[tuple[str, str]]:
    return [(root, text) for who, root, text in chat.outbox.in_thread if who == recipient]


def cards_of(chat: Chat, recipient: str) -> list[tuple[str, str]]:
    return [(ref, text) for who, ref, text in chat.outbox.edits if who == recipient]


def test_an_ack_goes_in_the_alert_thread_and_edits_the_card(chat: Chat) -> None:
    chat.say(ALERT, user="bob")
    refs = {c: alert_ref(chat, c) for c in COORDINATORS}

    assert chat.say("ack 1", user=COORDINATOR) == "Report #1 acknowledged."

    for coordinator in COORDINATORS:
        assert len(sent_to(chat, coordinator)) == 1  # nothing new top-level
        assert thread_of(chat, coordinator) == [
            (refs[coordinator], f"Report #1 acknowledged by {COORDINATOR}.")
        ]
        [(ref, card)] = cards_of(chat, coordinator)
        assert ref == refs[coordinator]
        assert card.startswith("Urgent report #1 (Site or premises) from bob: Fuite d'eau")
        assert "Status: acknowledged" in card
        assert "[Acknowledge #1]" not in card and "[Show #1]" in card
    # the reporter still hears of it in a direct message, as before
    assert sent_to(chat, "console:bob")[-1].startswith("Your report #1")


def test_every_update_lands_in_the_thread_and_the_card_follows(chat: Chat) -> None:
    chat.say(ALERT, user="bob")
    ref = alert_ref(chat, "console:ada")
    chat.say("assign 1 console:victor", user=COORDINATOR)
    chat.say("comment 1 Le plombier passe à 14h", user="victor")
    chat.say("resolve 1 joint changé", user=COORDINATOR)
    chat.say("reopen 1", user=COORDINATOR)

    assert [text for root, text in thread_of(chat, "console:ada")] == [
        f"Report #1 assigned to console:victor by {COORDINATOR}.",
        "victor commented on report #1: Le plombier passe à 14h",
        f"Report #1 resolved by {COORDINATOR}: joint changé",
        f"Report #1 reopened by {COORDINATOR}.",
    ]
    assert {root for root, _text in thread_of(chat, "console:ada")} == {ref}
    cards = cards_of(chat, "console:ada")
    assert {r for r, _text in cards} == {ref}
    assert "Status: resolved" in cards[2][1]
    assert "Status: acknowledged" in cards[-1][1] and "Assigned to: console:victor" in cards[-1][1]
    assert len(sent_to(chat, "console:ada")) == 1


def test_a_normal_report_does_not_bother_the_coordinators(chat: Chat) -> None:
    chat.say("report La porte grince #site", user="bob")
    chat.say("ack 1", user=COORDINATOR)
    assert sent_to(chat, "console:ada") == []
    assert chat.outbox.in_thread == [] and chat.outbox.edits == []


def test_a_recipient_without_the_alert_gets_the_card_top_level_then_the_thread(
    tmp_path: Path,
) -> None:
    chat = Chat(tmp_path)
    try:
        chat.say(ALERT, user="bob")
        chat.settings = Settings(
            **{**chat.settings.model_dump(), "digest_targets": ["console:ops"]}
        )
        chat.restart()  # the coordinators now watch a channel that never saw the alert
        chat.say("ack 1", user=COORDINATOR)

        [card] = sent_to(chat, "console:ops")
        assert card.startswith("Urgent report #1") and "Status: acknowledged" in card
        assert thread_of(chat, "console:ops") == [
            (chat.outbox.refs[("console:ops", card)], f"Report #1 acknowledged by {COORDINATOR}.")
        ]
        chat.say("resolve 1", user=COORDINATOR)
        assert len(sent_to(chat, "console:ops")) == 1  # the card is the thread's root now
        [(ref, edited)] = cards_of(chat, "console:ops")
        assert ref == chat.outbox.refs[("console:ops", card)] and "Status: resolved" in edited
    finally:
        chat.close()


def test_a_lost_alert_is_replaced_by_a_new_card(
    chat: Chat, monkeypatch: pytest.MonkeyPatch
) -> None:
    chat.say(ALERT, user="bob")

    async def gone(recipient: str, message: str, reply: Reply, **_kw: object) -> None:
        raise DeliveryError("slack: message_not_found", permanent=True)

    monkeypatch.setattr(chat.outbox, "edit", gone)
    chat.say("ack 1", user=COORDINATOR)

    first, card = sent_to(chat, "console:ada")
    assert first.startswith("Urgent report #1") and "Status: acknowledged" in card
    assert thread_of(chat, "console:ada") == [
        (chat.outbox.refs[("console:ada", card)], f"Report #1 acknowledged by {COORDINATOR}.")
    ]
    assert chat.app.storage.outbox.dead_count() == 0


def test_a_retried_delivery_posts_once(chat: Chat, monkeypatch: pytest.MonkeyPatch) -> None:
    outbox = chat.app.storage.outbox
    real_mark_sent = outbox.mark_sent
    crashes = [1]

    def crash_once(message_id: int, *, at: datetime) -> None:
        if crashes:  # the platform took the alert, the process died before recording it
            crashes.pop()
            raise RuntimeError("killed")
        real_mark_sent(message_id, at=at)

    monkeypatch.setattr(outbox, "mark_sent", crash_once)
    chat.say(ALERT, user="bob")
    chat.clock.advance(minutes=3)  # its lease ran out: the message is due again
    chat.deliver()
    assert outbox.pending_count() == 0
    assert all(len(sent_to(chat, c)) == 1 for c in COORDINATORS)

    real_in_thread = chat.outbox.send_in_thread
    failures = [DeliveryError("slack: HTTP 500")]

    async def flaky(recipient: str, root: str, reply: Reply, **kw: bool | str | None) -> str | None:
        if failures:
            raise failures.pop()
        return await real_in_thread(recipient, root, reply, to_user=bool(kw["to_user"]))

    monkeypatch.setattr(chat.outbox, "send_in_thread", flaky)
    chat.say("ack 1", user=COORDINATOR)
    chat.clock.advance(seconds=30)
    chat.deliver()
    assert outbox.pending_count() == 0
    assert all(len(thread_of(chat, c)) == 1 for c in COORDINATORS)


def test_an_old_card_retried_late_does_not_hide_a_newer_one(
    chat: Chat, monkeypatch: pytest.MonkeyPatch
) -> None:
    chat.say(ALERT, user="bob")
    real_edit = chat.outbox.edit
    failures = [DeliveryError("slack: HTTP 500"), DeliveryError("slack: HTTP 500")]

    async def flaky(recipient: str, message: str, reply: Reply, **kw: bool | str | None) -> None:
        if failures:
            raise failures.pop()
        await real_edit(recipient, message, reply, to_user=bool(kw["to_user"]))

    monkeypatch.setattr(chat.outbox, "edit", flaky)
    chat.say("ack 1", user=COORDINATOR)  # both coordinators' cards fail this time
    chat.say("resolve 1", user=COORDINATOR)
    chat.clock.advance(minutes=1)
    chat.deliver()
    for coordinator in COORDINATORS:
        [(_ref, card)] = cards_of(chat, coordinator)
        assert "Status: resolved" in card
    assert chat.app.storage.outbox.pending_count() == 0
