"""Contract tests for thread roots: one per thread and recipient, replaced when lost, the
newest card kept, still there after reopening the database."""

from __future__ import annotations

from chatbot.ports import ThreadRoot
from storage import Storage, open_storage
from tests.storage.samples import AT

THREAD = "anomaly:12"


def test_a_root_is_kept_per_thread_and_recipient(store: Storage) -> None:
    threads = store.threads
    assert threads.root(THREAD, "slack:C1") is None
    threads.remember(THREAD, "slack:C1", ref="C1|1.000001", message_id=4, card=True, at=AT)
    threads.remember(THREAD, "console:ada", ref="7", message_id=5, card=False, at=AT)

    assert threads.root(THREAD, "slack:C1") == ThreadRoot(
        ref="C1|1.000001", message_id=4, card_message_id=4
    )
    assert threads.root(THREAD, "console:ada") == ThreadRoot(ref="7", message_id=5)
    assert threads.root("anomaly:13", "slack:C1") is None


def test_only_a_newer_card_counts_and_a_lost_root_is_replaced(database_url: str) -> None:
    first = open_storage(database_url)
    try:
        first.threads.remember(THREAD, "slack:C1", ref="C1|1", message_id=4, card=True, at=AT)
        first.threads.card_shown(THREAD, "slack:C1", message_id=9)
        first.threads.card_shown(THREAD, "slack:C1", message_id=7)  # older, retried late
    finally:
        first.close()
    second = open_storage(database_url)
    try:
        assert second.threads.root(THREAD, "slack:C1") == ThreadRoot(
            ref="C1|1", message_id=4, card_message_id=9
        )
        second.threads.remember(THREAD, "slack:C1", ref="C1|2", message_id=11, card=True, at=AT)
        assert second.threads.root(THREAD, "slack:C1") == ThreadRoot(
            ref="C1|2", message_id=11, card_message_id=11
        )
    finally:
        second.close()
