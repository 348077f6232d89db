"""A direct message that reads like a problem is offered as a report; coordinators merge
duplicates (``merge N into M``), and everyone involved hears of it once."""

from __future__ import annotations

from chatbot.anomalies import AnomalyStatus
from tests.commands.anomalies.support import supported_by
from tests.harness import ANA_SLACK, BOB_MATRIX, COORDINATOR, VICTOR, Chat, say_as, sent_to


def test_a_problem_in_a_direct_message_is_offered_as_a_report(chat: Chat) -> None:
    for text in (
        "le site de la caf ne marche plus",
        "l'imprimante est en panne",
        "the wifi is down",
    ):
        answer = chat.say(text)
        assert answer.startswith("It sounds like a problem. Shall I report it to the coordinators?")
        assert "[1] Report it" in answer
    assert not chat.app.storage.anomalies.open_reports()  # nothing filed without asking
    filed = chat.say("1")  # "the wifi is down": Report it
    assert filed.startswith("Thank you! Report #1 is saved")
    saved = chat.app.storage.anomalies.get(1)
    assert saved is not None and (saved.text, saved.category) == ("the wifi is down", "materiel")


def test_a_lookup_question_is_still_a_lookup_and_a_channel_is_left_alone(chat: Chat) -> None:
    assert "3230" in chat.say("numéro de la caf")
    assert "It sounds like a problem" not in chat.say("qui appeler quand le wifi est en panne ?")
    assert "It sounds like a problem" not in chat.say("l'imprimante est en panne", private=False)
    searched = chat.say("le site de la caf ne marche plus")
    assert "[2] Search the directory instead" in searched
    assert "3230" in chat.say("2")


def test_a_coordinator_merges_a_duplicate_and_everyone_involved_hears_once(chat: Chat) -> None:
    say_as(chat, ANA_SLACK, "report La porte du local rue Haxo est cassée #site")
    supported_by(chat, 1, BOB_MATRIX)
    offered = chat.say("report porte cassée au local Haxo #site", user=COORDINATOR)
    assert "[2] Merge #2 into #1" in offered  # the coordinator's button on the similarity offer
    chat.say("report Le chauffage ne marche plus #site")
    supported_by(chat, 3, ANA_SLACK)
    chat.say("comment 3 vu aussi au 1er étage")
    before = len(chat.outbox.sent)

    answer = chat.say("merge 3 into 1", user=COORDINATOR)
    assert answer == (
        "Report #3 is merged into #1, which now has 2 +1; everyone following them was told."
    )
    merged = chat.app.storage.anomalies.get(3)
    kept = chat.app.storage.anomalies.get(1)
    assert merged is not None and kept is not None
    assert (merged.status, merged.merged_into, merged.supporters) == (AnomalyStatus.MERGED, 1, ())
    assert set(kept.supporters) == {BOB_MATRIX, VICTOR}
    comments = [c.text for c in chat.app.storage.anomalies.history(1) if c.kind == "comment"]
    assert comments == ["vu aussi au 1er étage"]
    told = chat.outbox.sent[before:]
    assert sorted(who for who, _text in told) == sorted([ANA_SLACK, BOB_MATRIX, VICTOR])
    assert all("Report #3 is the same problem as #1" in text for _who, text in told)

    assert "Duplicate of: #1" in chat.say("anomaly 3", user=COORDINATOR)
    assert "Duplicates: #3" in chat.say("anomaly 1", user=COORDINATOR)
    assert chat.say("fusionner 3 dans 1", user=COORDINATOR) == (
        "Report #3 is already merged into #1."
    )
    assert len(chat.outbox.sent) == before + 3  # nobody told twice


def test_merges_that_make_no_sense_are_refused_clearly(chat: Chat) -> None:
    for text in ("Porte cassée", "Plus de papier", "Fuite au 2e"):
        chat.say(f"report {text}")
    chat.say("resolve 2", user=COORDINATOR)
    assert chat.say("merge 1 into 1", user=COORDINATOR) == (
        "A report cannot be merged into itself."
    )
    assert chat.say("merge 1 into 2", user=COORDINATOR) == (
        "Report #2 is closed (resolved): merge into an open report."
    )
    assert chat.say("merge 2 into 1", user=COORDINATOR) == (
        "Report #2 is closed (resolved): reopen it first to merge it."
    )
    assert chat.say("merge 1 into 9", user=COORDINATOR) == "There is no report #9."
    assert chat.say("merge 1 3") == "Sorry, merge is for coordinators only."
    chat.say("ack 1", user=COORDINATOR)  # an acknowledged report may be merged too
    assert chat.say("merge 1 3", user=COORDINATOR).startswith("Report #1 is merged into #3")
    assert chat.say("merge 3 into 1", user=COORDINATOR) == (
        "Report #1 is itself merged into #3: merge into #3."
    )
    assert sent_to(chat, VICTOR)  # the reporter heard of the merge


def test_a_second_duplicate_of_the_same_person_adds_no_second_plus_one(chat: Chat) -> None:
    say_as(chat, ANA_SLACK, "report l'imprimante est cassée")
    for said in ("report l'imprimante ne marche plus", "report l'imprimante est en panne"):
        chat.say(said)
        assert chat.say("yes").startswith("Thanks: #")
    history = [change.kind for change in chat.app.storage.anomalies.history(1)]
    assert history.count("plusone") == 1
    first = chat.app.storage.anomalies.get(1)
    assert first is not None and first.plus_ones == 1
