"""What a new user met trying the console: a number typed after ``anomalie``, a phone number in
a comment, a digest sent by hand, raw ids, French filter words and an empty filtered list."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from chatbot.settings import Settings
from tests.harness import COORDINATOR, Chat, name_people, run_job, sent_to

WEDNESDAY_PARIS_15H = datetime(2026, 12, 2, 14, 0, tzinfo=UTC)
ROOM = "slack:C0COORD"
SENT_NOW_STATE = "digest:sent-now"
"""Where the bot writes down the period of the latest digest sent by hand."""


@pytest.fixture
def digest_chat(tmp_path: Path) -> Iterator[Chat]:
    """A bot in service for weeks, its digest going to one room, on Wednesday 2 December."""
    chat = Chat(tmp_path, demo=False)
    chat.settings = Settings(**{**chat.settings.model_dump(), "digest_targets": [ROOM]})
    chat.app.storage.state.set("first_started_at", "2026-11-01T00:00:00+00:00")
    chat.restart()
    chat.clock.current = datetime(2026, 12, 2, 7, 30, tzinfo=UTC)
    run_job(chat, "digest", deliver=True)  # Wednesday's scheduled digest, at 08:30 in Paris
    chat.outbox.sent.clear()
    chat.clock.current = WEDNESDAY_PARIS_15H
    yield chat
    chat.close()


# 1. "anomalie 3" names report 3


@pytest.mark.parametrize("typed", ["anomalie 1", "report #1", "signaler n°1", "anomalie N° 1"])
def test_a_number_alone_after_report_shows_that_report(chat: Chat, typed: str) -> None:
    chat.say("report La porte du local Haxo ne ferme plus #site")
    shown = chat.say(typed)
    assert shown.startswith("== Report #1 ==\nLa porte du local Haxo ne ferme plus")
    assert chat.say(typed) == chat.say("anomaly 1")
    assert chat.app.storage.anomalies.get(2) is None
    assert chat.outbox.sent == []


def test_a_number_naming_no_report_files_nothing_and_says_how_to_report(chat: Chat) -> None:
    assert chat.say("anomalie 3") == (
        "There is no report #3.\n"
        "  (To report a problem: report <what you saw> [#category] [!urgent] [link])"
    )
    assert chat.app.storage.anomalies.get(1) is None


def test_someone_elses_report_reads_as_missing_and_files_nothing(chat: Chat) -> None:
    chat.say("report La porte du local Haxo ne ferme plus", user="ana")
    assert chat.say("anomalie 1").startswith("There is no report #1.")
    assert chat.app.storage.anomalies.get(2) is None


def test_a_sentence_with_a_number_is_still_a_report(chat: Chat) -> None:
    assert chat.say("report 3 chaises cassées").startswith("Thank you! Report #1 is saved")


def test_in_french_too(chat_fr: Chat) -> None:
    assert chat_fr.say("anomalie 3").startswith("Il n'y a pas de signalement n°3.\n")


# 2. A comment is checked for personal data as a report is


def test_a_comment_with_a_phone_number_is_warned_like_a_report(chat: Chat) -> None:
    chat.say("report L'imprimante de l'accueil est en panne")
    said = chat.say("comment 1 toujours en panne, la dame au 06 12 34 56 78 attend")
    reported = chat.say("report la dame au 06 12 34 56 78 attend")
    assert said == (
        "Comment added to report #1.\n"
        "  (Your comment seems to contain a phone number: please keep personal data about the "
        "people we help out of reports. A coordinator can redact it.)"
    )
    assert "Your report seems to contain a phone number" in reported


def test_a_comment_without_personal_data_is_just_added(chat: Chat) -> None:
    chat.say("report L'imprimante de l'accueil est en panne")
    assert chat.say("comment 1 toujours en panne ce matin") == "Comment added to report #1."


def test_a_comment_given_when_asked_is_checked_too(chat_fr: Chat) -> None:
    chat_fr.say("report L'imprimante de l'accueil est en panne")
    chat_fr.say("comment 1")
    said = chat_fr.say("écrire à marie.dupont@example.org")
    assert "Votre commentaire semble contenir une adresse e-mail" in said


# 3. A digest sent by hand: titled with its day, and the next one starts after it


def test_a_digest_sent_now_is_titled_with_today_and_the_next_starts_after_it(
    digest_chat: Chat,
) -> None:
    chat = digest_chat
    chat.say("report Plus de tickets de bus")
    chat.clock.advance(minutes=1)
    assert chat.say("digest send", user=COORDINATOR) == f"Digest sent to {ROOM}."
    (sent,) = sent_to(chat, ROOM)
    assert sent.startswith(
        "Digest of Wednesday, December 2, 2026\nSince 2 Dec 2026 08:30.\n1 new report"
    )
    assert "Plus de tickets de bus" in sent

    preview = chat.say("digest", user=COORDINATOR)
    assert "(Since 2 Dec 2026 15:01.)" in preview
    assert "Plus de tickets de bus" not in preview.split("still open")[0]

    chat.clock.current = datetime(2026, 12, 2, 16, 0, tzinfo=UTC)
    chat.say("report La porte du local Haxo ne ferme plus")
    chat.clock.current = datetime(2026, 12, 3, 7, 30, tzinfo=UTC)  # Thursday 08:30 in Paris
    run_job(chat, "digest", deliver=True)
    _first, scheduled = sent_to(chat, ROOM)
    assert scheduled.startswith(
        "Digest of Thursday, December 3, 2026\nSince 2 Dec 2026 15:01.\n1 new report"
    )
    assert "La porte du local Haxo" in scheduled.split("still open")[0]
    assert "Plus de tickets de bus" not in scheduled.split("still open")[0]


def test_a_digest_sent_now_that_the_bot_stopped_before_enqueuing_goes_at_start_up(
    digest_chat: Chat,
) -> None:
    chat = digest_chat
    chat.say("report Plus de tickets de bus")
    chat.clock.advance(minutes=1)
    chat.say("digest send", user=COORDINATOR)
    written = chat.app.storage.state.get(SENT_NOW_STATE)
    assert written == "2026-12-02T07:30:00+00:00|2026-12-02T14:01:00+00:00"
    run_job(chat, "digest", deliver=True)  # start-up: the digest is enqueued once, not twice
    assert len(sent_to(chat, ROOM)) == 1

    # The same period written down but never enqueued (the bot stopped in between):
    chat.app.storage.state.set(
        SENT_NOW_STATE, "2026-12-02T07:30:00+00:00|2026-12-02T14:30:00+00:00"
    )
    chat.restart()
    run_job(chat, "digest", deliver=True)
    again = sent_to(chat, ROOM)
    assert len(again) == 2 and "Plus de tickets de bus" in again[1]
    run_job(chat, "digest", deliver=True)
    assert len(sent_to(chat, ROOM)) == 2


# 4. People are named, not shown by their ids


def test_people_are_named_in_answers_cards_lists_and_digests(digest_chat: Chat) -> None:
    chat = name_people(digest_chat, paul="Paul Martin", coline="Coline")
    chat.say("report Plus de tickets de bus")
    assert chat.say("assign 1 paul", user=COORDINATOR) == "Report #1 assigned to Paul Martin."
    card = chat.say("anomaly 1", user=COORDINATOR)
    assert "Assigned to: Paul Martin" in card
    assert "assigned to Paul Martin by Coline" in card
    assert "→ Paul Martin" in chat.say("anomalies", user=COORDINATOR)
    assert "→ Paul Martin" in chat.say("digest", user=COORDINATOR)
    chat.say("digest send", user=COORDINATOR)
    assert "→ Paul Martin" in sent_to(chat, ROOM)[0]
    assert "console:" not in card + sent_to(chat, ROOM)[0]


# 5. and 6. Filters in French, and an empty filtered list says which filter found nothing


@pytest.mark.parametrize("typed", ["tous", "toutes", "ouverts", "mes", "miens", "depuis 7"])
def test_french_filter_words_work(chat_fr: Chat, typed: str) -> None:
    chat_fr.say("report L'imprimante de l'accueil est en panne")
    assert chat_fr.say(f"anomalies {typed}").startswith("== 1 signalement")


@pytest.mark.parametrize("typed", ["fermés", "fermes", "résolus", "closed"])
def test_closed_words_list_the_closed_reports(chat_fr: Chat, typed: str) -> None:
    assert chat_fr.say(f"anomalies {typed}") == "Aucun signalement fermé pour l'instant."
    chat_fr.say("report L'imprimante de l'accueil est en panne")
    chat_fr.say("report Plus de papier")
    chat_fr.say("resolve 1 réparée", user=COORDINATOR)
    listed = chat_fr.say(f"anomalies {typed}", user=COORDINATOR)
    assert listed.startswith("== 1 signalement fermé ==")
    assert "imprimante" in listed and "papier" not in listed


def test_an_unknown_filter_lists_the_filters_in_french(chat_fr: Chat) -> None:
    assert chat_fr.say("anomalies bof") == (
        "Je ne comprends pas « bof ». Filtres : ouverts, fermés, tous, mes, #catégorie, depuis 7."
    )


def test_an_empty_filtered_list_names_its_filter(chat_fr: Chat) -> None:
    chat_fr.say("report L'imprimante de l'accueil est en panne #site")
    assert chat_fr.say("anomalies #materiel") == (
        "Aucun signalement ouvert ne correspond à « #materiel »."
    )
    assert chat_fr.say("anomalies tous #materiel") == (
        "Aucun signalement ne correspond à « #materiel »."
    )


def test_no_filter_and_nothing_open_is_all_clear(chat_fr: Chat) -> None:
    assert chat_fr.say("anomalies") == "Aucun signalement ouvert. Tout va bien !"
    assert chat_fr.say("anomalies ouverts") == "Aucun signalement ouvert. Tout va bien !"
