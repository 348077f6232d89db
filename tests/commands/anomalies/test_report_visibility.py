"""A volunteer reads and acts only on the reports they made, +1'd or were given; any other
number gets the answer a missing one gets, so numbers cannot be tried one by one."""

from __future__ import annotations

from tests.harness import ANA_SLACK, BOB_MATRIX, COORDINATOR, Chat, say_as


def test_trying_numbers_reveals_nothing_and_grants_nothing(chat: Chat) -> None:
    say_as(chat, ANA_SLACK, "report Chaise cassée en salle 2 #materiel")
    chat.say("comment 1 je passe demain", user=COORDINATOR)
    for command in ("plusone 1", "+1 1", "comment 1 moi aussi", "anomaly 1"):
        assert chat.say(command) == "There is no report #1.", command
        missing = command.replace(" 1", " 9", 1)
        assert chat.say(missing) == "There is no report #9.", command
    assert chat.say("anomaly 1") == "There is no report #1."  # the +1 tried gave nothing
    report = chat.app.storage.anomalies.get(1)
    assert report is not None and report.supporters == ()
    assert [c.kind for c in chat.app.storage.anomalies.history(1)].count("comment") == 1


def test_the_offered_report_takes_a_plus_one_and_then_shows(chat: Chat) -> None:
    say_as(chat, ANA_SLACK, "report La porte du local rue Haxo est cassée #site")
    assert "Same as #1: +1 instead" in say_as(chat, BOB_MATRIX, "report porte cassée local Haxo")
    assert say_as(chat, BOB_MATRIX, "anomaly 1") == (
        "Report #1 is someone else's: add your +1 to follow it (+1 1)."
    )
    assert say_as(chat, BOB_MATRIX, "plusone 1").startswith("Your +1 on #1 is counted")
    assert "La porte du local rue Haxo est cassée" in say_as(chat, BOB_MATRIX, "anomaly 1")
    assert say_as(chat, BOB_MATRIX, "comment 1 toujours cassée") == "Comment added to report #1."
    chat.say("report Plus de papier pour l'imprimante")  # not the same problem: no offer
    assert chat.say("plusone 1") == "There is no report #1."
    assert chat.say("plusone 1 3") == "There is no report #1."  # nor by naming one's own


def test_the_assignee_sees_and_comments(chat: Chat) -> None:
    say_as(chat, ANA_SLACK, "report Chaise cassée en salle 2")
    chat.say("assign 1 console:victor", user=COORDINATOR)
    assert "Chaise cassée" in chat.say("anomaly 1")
    assert chat.say("comment 1 réparée demain") == "Comment added to report #1."


def test_the_assignee_resolves_and_the_reporter_hears_it(chat: Chat) -> None:
    say_as(chat, ANA_SLACK, "report Chaise cassée en salle 2")
    chat.say("assign 1 console:victor", user=COORDINATOR)
    assert "resolve 1 <what was done> once fixed" in chat.outbox.sent[-1][1]
    refused = "Sorry, resolve is for coordinators and the person the report is assigned to."
    assert say_as(chat, BOB_MATRIX, "resolve 1") == refused
    assert say_as(chat, BOB_MATRIX, "resolve 9") == refused  # whether it exists or not
    assert say_as(chat, ANA_SLACK, "resolve 1") == refused
    assert chat.say("resolve 1 nouvelle chaise") == "Report #1 resolved."
    recipient, told = chat.outbox.sent[-1]
    assert recipient == ANA_SLACK
    assert told.startswith("Report #1 («Chaise cassée en salle 2») is resolved: nouvelle chaise")
