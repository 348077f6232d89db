"""Contract tests for open questions: one per person and conversation, taken once, expiring."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

from sqlalchemy import func, select

from chatbot.ids import ConversationId
from chatbot.ports import OpenQuestion
from storage import Storage, open_storage
from storage.tables import OpenQuestionRow, table_of
from tests.storage.samples import ANA, AT, BOB

DM = ConversationId("slack:D0ANA")
CHANNEL = ConversationId("slack:C0GENERAL")


def asked(line: str, *, minutes: int = 0, rest_of_line: bool = False) -> OpenQuestion:
    at = AT + timedelta(minutes=minutes)
    expires_at = at + timedelta(minutes=15)
    return OpenQuestion(
        command_line=line, rest_of_line=rest_of_line, asked_at=at, expires_at=expires_at
    )


def stored_rows(store: Storage) -> int:
    with store.engine.connect() as connection:
        count = select(func.count()).select_from(table_of(OpenQuestionRow))
        return int(connection.execute(count).scalar_one())


def test_a_question_is_taken_once_with_what_was_asked(store: Storage) -> None:
    question = asked("report", rest_of_line=True)
    store.open_questions.ask(ANA, DM, question)

    taken = store.open_questions.take(ANA, DM, now=AT + timedelta(minutes=1))

    assert taken == question
    assert taken is not None and taken.expires_at.utcoffset() == timedelta(0)
    assert store.open_questions.take(ANA, DM, now=AT + timedelta(minutes=1)) is None


def test_one_question_per_person_and_conversation(store: Storage) -> None:
    store.open_questions.ask(ANA, DM, asked("suggest caf"))
    store.open_questions.ask(ANA, DM, asked("suggest cpam", minutes=1))
    store.open_questions.ask(ANA, CHANNEL, asked("report"))
    store.open_questions.ask(BOB, DM, asked("done"))

    now = AT + timedelta(minutes=2)
    assert store.open_questions.take(ANA, DM, now=now) == asked("suggest cpam", minutes=1)
    assert store.open_questions.take(ANA, DM, now=now) is None
    assert store.open_questions.take(ANA, CHANNEL, now=now) == asked("report")
    assert store.open_questions.take(BOB, DM, now=now) == asked("done")


def test_an_expired_question_is_no_longer_open(store: Storage) -> None:
    question = asked("suggest caf")
    store.open_questions.ask(ANA, DM, question)
    store.open_questions.ask(BOB, DM, question)

    assert store.open_questions.take(ANA, DM, now=question.expires_at) == question
    late = question.expires_at + timedelta(seconds=1)
    assert store.open_questions.take(BOB, DM, now=late) is None
    assert stored_rows(store) == 0


def test_asking_sweeps_questions_nobody_answered(store: Storage) -> None:
    store.open_questions.ask(BOB, DM, asked("suggest caf"))
    store.open_questions.ask(ANA, DM, asked("report", minutes=16))

    assert stored_rows(store) == 1


def test_cancel_says_whether_a_question_was_open(store: Storage) -> None:
    question = asked("suggest caf")
    store.open_questions.ask(ANA, DM, question)
    store.open_questions.ask(BOB, DM, question)

    assert store.open_questions.cancel(ANA, DM, now=AT) is True
    assert store.open_questions.cancel(ANA, DM, now=AT) is False
    assert store.open_questions.take(ANA, DM, now=AT) is None
    late = question.expires_at + timedelta(seconds=1)
    assert store.open_questions.cancel(BOB, DM, now=late) is False
    assert stored_rows(store) == 0


def test_two_processes_seeing_the_answer_take_the_question_once(
    store: Storage, database_url: str
) -> None:
    other = open_storage(database_url)  # its own engine and connections, like another process
    try:
        for round_ in range(3):
            store.open_questions.ask(ANA, DM, asked(f"suggest caf {round_}"))
            repositories = [store.open_questions, other.open_questions] * 4
            with ThreadPoolExecutor(max_workers=8) as pool:
                taken = list(pool.map(lambda r: r.take(ANA, DM, now=AT), repositories))
            assert [t.command_line for t in taken if t is not None] == [f"suggest caf {round_}"]
    finally:
        other.close()
