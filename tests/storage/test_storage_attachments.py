"""Attachments of reports on every backend: once per platform file, counted, gone on redaction."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest

from chatbot.attachments import Attachment
from chatbot.errors import NotFound
from chatbot.ids import ConversationId, UserId
from storage import Storage, open_storage
from tests.storage.samples import ANA, AT, BOB
from tests.storage.test_storage_anomalies import report

COLINE = UserId("console:coline")
SCREENSHOT = Attachment(
    file_id="F0SCREEN",
    name="porte.png",
    mime_type="image/png",
    size=48_000,
    url="https://example.slack.com/files/U0ANA/F0SCREEN/porte.png",
)
ENCRYPTED = Attachment(
    file_id="mxc://example.org/AbCdEf",
    name="facture.pdf",
    mime_type="application/pdf",
    size=120_000,
    url="mxc://example.org/AbCdEf",
    decryption='{"key": {"k": "secret"}, "iv": "x", "hashes": {"sha256": "y"}}',
)


def test_attachments_are_kept_with_who_and_when_and_read_back_in_order(store: Storage) -> None:
    store.anomalies.create(report())
    added = store.attachments.attach(1, [SCREENSHOT], platform="slack", by=ANA, at=AT)
    later = AT + timedelta(seconds=20)
    store.attachments.attach(1, [ENCRYPTED], platform="matrix", by=ANA, at=later)
    assert [a.attachment for a in added] == [SCREENSHOT]
    kept = store.attachments.of(1)
    assert [(a.attachment, a.platform, a.attached_by, a.attached_at) for a in kept] == [
        (SCREENSHOT, "slack", ANA, AT),
        (ENCRYPTED, "matrix", ANA, later),
    ]
    assert store.attachments.of(2) == []


def test_a_file_is_attached_once_however_often_it_comes(store: Storage) -> None:
    store.anomalies.create(report())
    store.anomalies.create(report("Autre chose"))
    store.attachments.attach(1, [SCREENSHOT], platform="slack", by=ANA, at=AT)
    assert (
        store.attachments.attach(1, [SCREENSHOT, SCREENSHOT], platform="slack", by=ANA, at=AT) == []
    )
    assert store.attachments.attach(2, [SCREENSHOT], platform="slack", by=ANA, at=AT) == []
    # The same id on another platform is another file.
    assert len(store.attachments.attach(2, [SCREENSHOT], platform="matrix", by=ANA, at=AT)) == 1
    assert len(store.attachments.of(1)) == len(store.attachments.of(2)) == 1


def test_counts_say_how_many_files_each_report_has(store: Storage) -> None:
    for text in ("un", "deux", "trois"):
        store.anomalies.create(report(text))
    store.attachments.attach(1, [SCREENSHOT, ENCRYPTED], platform="slack", by=ANA, at=AT)
    store.attachments.attach(3, [ENCRYPTED], platform="matrix", by=ANA, at=AT)
    assert store.attachments.counts([1, 2, 3, 3]) == {1: 2, 3: 1}
    assert store.attachments.counts([]) == {}


def test_attaching_to_a_missing_report_says_so(store: Storage) -> None:
    with pytest.raises(NotFound):
        store.attachments.attach(7, [SCREENSHOT], platform="slack", by=ANA, at=AT)
    with pytest.raises(NotFound):
        store.attachments.attach(0, [SCREENSHOT], platform="slack", by=ANA, at=AT)


def test_redacting_a_report_deletes_its_attachments_and_refuses_new_ones(store: Storage) -> None:
    store.anomalies.create(report())
    store.anomalies.create(report("Autre chose"))
    store.attachments.attach(1, [SCREENSHOT], platform="slack", by=ANA, at=AT)
    store.attachments.attach(2, [ENCRYPTED], platform="matrix", by=ANA, at=AT)
    store.anomalies.redact(1, actor=COLINE, at=AT)
    assert store.attachments.of(1) == []
    assert store.attachments.counts([1, 2]) == {2: 1}
    assert store.attachments.attach(1, [SCREENSHOT], platform="slack", by=ANA, at=AT) == []
    assert store.attachments.of(1) == []


def test_the_latest_report_is_the_reporters_own_here_and_recent(store: Storage) -> None:
    here = ConversationId("slack:D0ANA")
    store.anomalies.create(report("ancien", conversation_id=here, created_at=AT))
    store.anomalies.create(
        report("récent", conversation_id=here, created_at=AT + timedelta(seconds=30))
    )
    store.anomalies.create(report("ailleurs", created_at=AT + timedelta(seconds=40)))
    store.anomalies.create(
        report("de Bob", reporter=BOB, conversation_id=here, created_at=AT + timedelta(seconds=50))
    )
    since = AT + timedelta(seconds=10)
    assert store.attachments.latest_report(ANA, here, since=since) == 2
    assert store.attachments.latest_report(BOB, here, since=since) == 4
    assert store.attachments.latest_report(ANA, here, since=AT + timedelta(minutes=2)) is None
    store.anomalies.redact(2, actor=COLINE, at=AT)
    assert store.attachments.latest_report(ANA, here, since=since) is None


def test_two_processes_attaching_the_same_file_keep_one(database_url: str) -> None:
    stores = [open_storage(database_url) for _ in range(2)]
    try:
        stores[0].anomalies.create(report())
        with ThreadPoolExecutor(2) as pool:
            results = list(
                pool.map(
                    lambda s: s.attachments.attach(
                        1, [SCREENSHOT], platform="slack", by=ANA, at=AT
                    ),
                    stores,
                )
            )
        assert sorted(len(r) for r in results) == [0, 1]
        assert len(stores[0].attachments.of(1)) == 1
    finally:
        for store in stores:
            store.close()
