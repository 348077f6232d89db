"""Contract tests for what search learns: misses followed up, the programme's synonyms."""

from __future__ import annotations

from datetime import timedelta

from storage import Storage
from tests.storage.samples import ANA, AT, BOB


def test_a_recent_miss_is_taken_once_and_only_by_its_author(store: Storage) -> None:
    store.missed_searches.record("Les Bidules", user_id=BOB, at=AT)
    store.missed_searches.record("trucs", user_id=BOB, at=AT + timedelta(minutes=1))
    store.missed_searches.record("machins", user_id=ANA, at=AT + timedelta(minutes=1))
    later = AT + timedelta(minutes=3)

    assert store.missed_searches.take_recent(BOB, since=later - timedelta(minutes=5)) == "trucs"
    # Every earlier miss of Bob is followed up too: one success teaches one alias.
    assert store.missed_searches.take_recent(BOB, since=AT - timedelta(days=1)) is None
    assert store.missed_searches.take_recent(ANA, since=later) is None  # too old
    assert store.missed_searches.take_recent(ANA, since=AT) == "machins"
    # Followed-up misses still count in the digest.
    top = store.missed_searches.top(since=AT - timedelta(days=1), limit=5)
    assert {m.query for m in top} == {"les bidules", "trucs", "machins"}


def test_the_programme_thesaurus_is_versioned(store: Storage) -> None:
    assert store.thesaurus.current() is None
    revision = store.directory.revision()

    first = store.thesaurus.save("synonyms: [[a, b]]\n", actor=ANA, at=AT, note="+ b = a")
    second = store.thesaurus.save("synonyms: []\n", actor=BOB, at=AT + timedelta(hours=1))

    assert second.version > first.version
    assert store.thesaurus.current() == second
    history = store.thesaurus.history(limit=5)
    assert [v.version for v in history] == [second.version, first.version]
    assert history[1].note == "+ b = a" and history[1].actor == ANA
    assert history[1].at == AT
    # Search indexes in every process rebuild when the directory's revision moves.
    assert store.directory.revision() > revision
