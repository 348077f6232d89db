"""Contract tests for shared answers: kept under an unguessable id, taken once, expiring."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

from sqlalchemy import func, select

from chatbot.reply import Fields, Heading, Reply
from storage import Storage, open_storage
from storage.tables import SharedAnswerRow, table_of
from tests.storage.samples import AT

CARD = Reply.of(Heading("CAF de Paris"), Fields((("Téléphone", "3230"),))).to_json()


def stored_rows(store: Storage) -> int:
    with store.engine.connect() as connection:
        count = select(func.count()).select_from(table_of(SharedAnswerRow))
        return int(connection.execute(count).scalar_one())


def test_an_answer_is_taken_once_as_it_was_kept(store: Storage) -> None:
    answers = store.shared_answers
    first = answers.keep(CARD, now=AT, until=AT + timedelta(minutes=30))
    second = answers.keep(CARD, now=AT, until=AT + timedelta(minutes=30))
    assert first != second and len(first) >= 20

    assert answers.take(first, now=AT + timedelta(minutes=29)) == CARD
    assert answers.take(first, now=AT + timedelta(minutes=29)) is None
    assert answers.take("report la porte est cassée", now=AT) is None


def test_an_expired_answer_is_not_given_and_is_swept(store: Storage) -> None:
    answers = store.shared_answers
    old = answers.keep(CARD, now=AT, until=AT + timedelta(minutes=30))
    assert answers.take(old, now=AT + timedelta(minutes=31)) is None

    stale = answers.keep(CARD, now=AT, until=AT + timedelta(minutes=30))
    answers.keep(CARD, now=AT + timedelta(hours=1), until=AT + timedelta(hours=2))
    assert stored_rows(store) == 1  # the stale one went with the next keep
    assert answers.take(stale, now=AT) is None


def test_of_two_processes_taking_an_answer_one_gets_it(database_url: str) -> None:
    stores = [open_storage(database_url) for _ in range(2)]
    try:
        kept = stores[0].shared_answers.keep(CARD, now=AT, until=AT + timedelta(minutes=30))
        with ThreadPoolExecutor(max_workers=2) as pool:
            taken = list(pool.map(lambda s: s.shared_answers.take(kept, now=AT), stores))
    finally:
        for one in stores:
            one.close()
    assert sorted(t is not None for t in taken) == [False, True]
