"""Coordinators follow reports up; the reporter and the +1s hear of it on their platform."""

from __future__ import annotations

from tests.commands.anomalies.support import supported_by
from tests.harness import ANA_SLACK, BOB_MATRIX, COORDINATOR, VICTOR, Chat, say_as, sent_to


def reported_by_three_platforms(chat: Chat) -> None:
    """#1 reported on Slack, +1'd on Matrix and on the console."""
    say_as(chat, ANA_SLACK, "report Le lien vers le formulaire RSA est cassé #info-erronee")
    supported_by(chat, 1, BOB_MATRIX, VICTOR)
    chat.outbox.sent.clear()


def test_every_status_change_reaches_the_reporter_and_supporters_everywhere(chat: Chat) -> None:
    reported_by_three_platforms(chat)
    assert chat.say("ack 1", user=COORDINATOR) == "Report #1 acknowledged."
    assert chat.say("resolve 1 lien corrigé sur le site", user=COORDINATOR) == (
        "Report #1 resolved."
    )
    assert chat.say("reopen 1", user=COORDINATOR) == "Report #1 reopened."
    for follower in (ANA_SLACK, BOB_MATRIX, VICTOR):
        assert sent_to(chat, follower) == [
            "Your report #1 («Le lien vers le formulaire RSA est cassé») was acknowledged by "
            "coline.\nType anomaly 1 for details.",
            "Report #1 («Le lien vers le formulaire RSA est cassé») is resolved: lien corrigé "
            "sur le site\nType anomaly 1 for details.",
            "Report #1 («Le lien vers le formulaire RSA est cassé») was reopened.\n"
            "Type anomaly 1 for details.",
        ]


def test_the_lifecycle_refuses_impossible_steps(chat: Chat) -> None:
    """Each refusal says the status and, to coordinators, the changes still possible."""
    chat.say("report Plus de savon dans les sanitaires")
    assert chat.say("reopen 1", user=COORDINATOR) == (
        "Report #1 is still open (new). Possible now:\n  [1] Acknowledge   [2] Resolve   [3] Reject"
    )
    assert chat.say("1", user=COORDINATOR) == "Report #1 acknowledged."
    assert chat.say("ack 1", user=COORDINATOR) == (
        "Report #1 is already acknowledged. Possible now:\n  [1] Resolve   [2] Reject"
    )
    chat.say("resolve 1", user=COORDINATOR)
    assert chat.say("resolve 1", user=COORDINATOR) == (
        "Report #1 is already resolved. Possible now:\n  [1] Reopen"
    )
    assert chat.say("ack 1", user=COORDINATOR).startswith("Report #1 is already resolved.")
    assert chat.say("+1 1") == "Report #1 is already resolved."  # a volunteer has no choice
    assert chat.say("ack 9", user=COORDINATOR) == "There is no report #9."
    assert "is resolved. Thank you for reporting it!" in sent_to(chat, VICTOR)[-1]


def test_only_coordinators_decide_and_volunteers_see_their_own(chat: Chat) -> None:
    chat.say("report Plus de savon dans les sanitaires")
    say_as(chat, ANA_SLACK, "report Chaise cassée en salle 2")
    for command in ("ack 1", "resolve 1", "reject 1 non", "reopen 1", "assign 1 me", "redact 1"):
        assert "is for coordinators" in say_as(chat, BOB_MATRIX, command), command
    assert say_as(chat, BOB_MATRIX, "comment 2 vue aussi ce matin") == "There is no report #2."
    assert say_as(chat, ANA_SLACK, "comment 2 vue aussi ce matin") == "Comment added to report #2."
    assert say_as(chat, BOB_MATRIX, "comment 9 ?") == "There is no report #9."
    mine = chat.say("anomalies")
    assert "Plus de savon" in mine and "Chaise" not in mine
    assert chat.say("anomaly 2") == "There is no report #2."
    everything = chat.say("anomalies", user=COORDINATOR)
    assert everything.startswith("== 2 open reports ==")
    assert "Plus de savon" in everything and "Chaise" in everything


def test_a_coordinator_reads_a_report_with_its_history_and_actions(chat: Chat) -> None:
    say_as(
        chat,
        ANA_SLACK,
        "report Chaise cassée en salle 2 #materiel",
        conversation="slack:C0GENERAL",
        permalink="https://example.slack.com/archives/C0GENERAL/p1",
    )
    chat.say("comment 1 je passe demain avec un tournevis", user=COORDINATOR)
    card = chat.say("anomaly 1", user=COORDINATOR)
    assert card.startswith("== Report #1 ==\nChaise cassée en salle 2\n  Status: new")
    assert "Category: Equipment" in card
    assert "Reported by: U0ANA (slack)" in card
    assert "Original message: https://example.slack.com/archives/C0GENERAL/p1" in card
    assert "console:coline: je passe demain avec un tournevis" in card
    assert "[1] Acknowledge   [2] Resolve   [3] Reject" in card
    assert sent_to(chat, ANA_SLACK) == [
        "coline commented on report #1: je passe demain avec un tournevis\n"
        "Type anomaly 1 for details."
    ]


def test_a_reject_button_asks_why_then_tells_the_reporter(chat: Chat) -> None:
    say_as(chat, BOB_MATRIX, "report Le 115 ne répond pas")
    chat.say("anomaly 1", user=COORDINATOR)
    assert chat.say("3", user=COORDINATOR).startswith("Why? The author is told.")
    assert chat.say("numéro saturé, pas une anomalie", user=COORDINATOR) == "Report #1 rejected."
    assert sent_to(chat, BOB_MATRIX) == [
        "Report #1 («Le 115 ne répond pas») was closed without action: numéro saturé, pas une "
        "anomalie\nType anomaly 1 for details."
    ]


def test_assigning_tells_the_assignee(chat: Chat) -> None:
    chat.say("report Vitre fêlée à l'accueil")
    assert (
        chat.say("assign 1 slack:U0ANA", user=COORDINATOR) == "Report #1 assigned to slack:U0ANA."
    )
    assert sent_to(chat, ANA_SLACK) == [
        "Report #1 is assigned to you: «Vitre fêlée à l'accueil»\n"
        "Type anomaly 1 for details, resolve 1 <what was done> once fixed."
    ]
    assert "Vitre" in say_as(chat, ANA_SLACK, "anomalies mine")
    assert chat.say("assign 1 me", user=COORDINATOR) == "Report #1 assigned to console:coline."


def test_filters_narrow_the_list(chat: Chat) -> None:
    chat.say("report Vitre fêlée #site")
    chat.clock.advance(days=10)
    chat.say("report Imprimante en panne #materiel")
    chat.say("resolve 1", user=COORDINATOR)
    assert "Imprimante" in chat.say("anomalies #materiel", user=COORDINATOR)
    assert "Vitre" not in chat.say("anomalies", user=COORDINATOR)
    closed_too = chat.say("anomalies all", user=COORDINATOR)
    assert "#1 · Site or premises · resolved · 10 days · Vitre fêlée" in closed_too
    assert "Vitre" not in chat.say("anomalies all since 3", user=COORDINATOR)
    assert "I don't understand «bidule»" in chat.say("anomalies bidule", user=COORDINATOR)


def test_redaction_keeps_the_record_without_the_text(chat: Chat) -> None:
    chat.say("report Mme Dupont 06 12 34 56 78 attend un rappel")
    chat.say("comment 1 rappeler Mme Dupont au 06 12 34 56 78")
    assert chat.say("redact 1", user=COORDINATOR) == (
        "The text of report #1 is redacted; its record and history stay."
    )
    card = chat.say("anomaly 1", user=COORDINATOR)
    assert "Dupont" not in card and "06 12" not in card
    assert "[redacted]" in card and "Reported by: victor (console)" in card


def test_my_reports_said_plainly_lists_the_reports_of_the_one_who_asks(chat: Chat) -> None:
    """``my reports`` / ``mes signalements`` in a direct message are ``anomalies mine``, not a
    directory search."""
    assert chat.say("my reports") == (
        "You have no open report. To report a problem: report <what you saw>."
    )
    chat.say("report Plus de savon dans les sanitaires")
    say_as(chat, ANA_SLACK, "report Chaise cassée en salle 2")
    for said in ("my reports", "My reports?", "my anomalies"):
        mine = chat.say(said)
        assert mine.startswith("== 1 open report ==\n  - #1 ·"), said
        assert "Plus de savon" in mine and "Chaise" not in mine


def test_mes_signalements_lists_them_in_french(chat_fr: Chat) -> None:
    chat_fr.say("signaler Plus de savon dans les sanitaires")
    assert chat_fr.say("mes signalements").startswith("== 1 signalement ouvert ==\n  - #1 ·")
    assert chat_fr.say("Mes signalements !").startswith("== 1 signalement ouvert ==")
    for asked in ("où en est mon signalement ?", "suivi signalement", "mes signalemnts"):
        assert chat_fr.say(asked).startswith("== 1 signalement ouvert =="), asked
    assert not chat_fr.say("mes sandales").startswith("== 1 signalement")


def test_a_plus_one_alone_asks_which_report(chat_fr: Chat) -> None:
    say_as(chat_fr, ANA_SLACK, "signaler la porte du local est cassée")
    chat_fr.say("signaler la porte du local ne ferme plus")  # offered: n°1
    assert chat_fr.say("+1").startswith("Quel numéro de signalement ?")
    assert chat_fr.say("1").startswith("Votre +1 sur le n°1 est compté")
