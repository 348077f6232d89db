"""A volunteer reports a problem from any platform; duplicates become +1s; urgent ones go out."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from chatbot.anomalies import AnomalyStatus, Severity
from chatbot.ids import UserId
from chatbot.settings import Settings
from tests.harness import ANA_SLACK, BOB_MATRIX, COORDINATOR, VICTOR, Chat, say_as, sent_to


def test_a_report_is_numbered_once_saved_with_its_tags_and_origin(chat: Chat) -> None:
    answer = say_as(
        chat,
        ANA_SLACK,
        "report La porte du local Haxo ne ferme plus #site https://photos.example/porte.jpg",
        conversation="slack:C0GENERAL",
        permalink="https://example.slack.com/archives/C0GENERAL/p1700000000",
    )
    assert answer.startswith("Thank you! Report #1 is saved; the coordinators will see it.")
    assert "no personal data" in answer
    saved = chat.app.storage.anomalies.get(1)
    assert saved is not None
    assert saved.text == "La porte du local Haxo ne ferme plus https://photos.example/porte.jpg"
    assert (saved.category, saved.severity, saved.link) == (
        "site",
        Severity.NORMAL,
        "https://photos.example/porte.jpg",
    )
    assert (saved.reporter, saved.platform, saved.conversation_id) == (
        ANA_SLACK,
        "slack",
        "slack:C0GENERAL",
    )
    assert saved.permalink == "https://example.slack.com/archives/C0GENERAL/p1700000000"


def test_the_aliases_work_and_an_unknown_tag_stays_in_the_text(chat: Chat) -> None:
    chat.say("signaler Le bus #38 ne passe plus devant l'accueil")
    saved = chat.app.storage.anomalies.get(1)
    assert saved is not None
    assert saved.text == "Le bus #38 ne passe plus devant l'accueil"
    assert saved.category == "site"  # guessed from "accueil": #38 names no category
    assert chat.say("anomalie Imprimante en panne #materiel").startswith(
        "Thank you! Report #2 is saved"
    )


def test_report_alone_asks_what_was_seen_and_saves_it_with_a_guessed_category(
    chat: Chat,
) -> None:
    assert chat.say("report").startswith("What did you see?")
    answer = chat.say("Extincteur manquant au 2e étage")
    assert answer.startswith("Thank you! Report #1 is saved; the coordinators will see it.")
    assert "Category: Safety (my guess). Tap another one to change it." in answer
    saved = chat.app.storage.anomalies.get(1)  # saved before any choice is made
    assert saved is not None
    assert (saved.text, saved.category, saved.severity) == (
        "Extincteur manquant au 2e étage",
        "securite",
        Severity.NORMAL,
    )
    assert "[1] Site or premises   [2] Wrong information   [3] Equipment" in answer
    assert "[5] Other   [6] Urgent: tell the coordinators now\n  [7] Add details" in answer
    assert chat.say("1") == (
        "Report #1 is filed under Site or premises.\n"
        "  [1] Urgent: tell the coordinators now   [2] Add details"
    )
    changed = chat.app.storage.anomalies.get(1)
    assert changed is not None and changed.category == "site"
    assert not chat.outbox.sent
    assert chat.say("1") == "Report #1 is now urgent: the coordinators were told at once."
    saved = chat.app.storage.anomalies.get(1)
    assert saved is not None and saved.severity is Severity.URGENT
    assert len(sent_to(chat, f"console:{COORDINATOR}")) == 1
    assert say_as(chat, VICTOR, "report-urgent 1", is_action=True) == (
        "Report #1 is already urgent."
    )
    assert len(sent_to(chat, f"console:{COORDINATOR}")) == 1  # told once


def test_the_choices_change_only_ones_own_open_report(chat: Chat) -> None:
    chat.say("report L'imprimante du 2e ne marche plus")
    saved = chat.app.storage.anomalies.get(1)
    assert saved is not None and saved.category == "materiel"
    refused = say_as(chat, BOB_MATRIX, "report-category 1 site", is_action=True)
    assert refused == "You can only change your own reports."
    assert say_as(chat, BOB_MATRIX, "report-urgent 1", is_action=True) == refused
    assert chat.say("report-category 1 velo") == "There is no category velo."
    assert "filed under Safety" in chat.say("report-category 1 securite", user=COORDINATOR)
    chat.say("resolve 1", user=COORDINATOR)
    assert "already resolved" in chat.say("report-urgent 1")
    history = [c.kind for c in chat.app.storage.anomalies.history(1)]
    assert history == ["created", "category", "resolved"]


def test_a_report_typed_with_its_tags_is_not_asked_again(chat: Chat) -> None:
    answer = chat.say("report La porte du local ne ferme plus #site !urgent")
    assert answer.startswith("Thank you! Report #1 is saved; the coordinators were told at once.")
    assert "my guess" not in answer and "Urgent:" not in answer
    assert "[1] Add details" in answer  # optional details come after the report is saved
    assert chat.say("report Plus de papier #materiel").count("[") == 1  # Add details


def test_a_form_asks_what_was_seen_first_then_offers_the_category_and_urgency(
    chat: Chat,
) -> None:
    """What a Slack modal submits: ``report <description> #<category> !<severity>``."""
    form = chat.app.bot.form_for("report", user_id=UserId(ANA_SLACK))
    assert form is not None
    assert [f.name for f in form.fields] == ["description", "category", "severity"]
    assert [f.required for f in form.fields] == [True, False, False]
    assert ("urgent", "Urgent: the coordinators are told at once") in form.fields[2].choices
    line = form.command_line(
        {"category": "info-erronee", "severity": "urgent", "description": "Le 3919\nest faux"}
    )
    assert line == "report Le 3919\nest faux #info-erronee !urgent"
    assert form.errors({"description": "x", "severity": "normal"}) == {}
    assert form.errors({"category": "site"}) == {"description": "Please fill this in."}
    say_as(chat, ANA_SLACK, line)
    say_as(chat, ANA_SLACK, form.command_line({"description": "Le site", "severity": "normal"}))
    say_as(chat, ANA_SLACK, "report site urgent Le 115 sonne occupé")  # a form of old
    saved = [chat.app.storage.anomalies.get(n) for n in (1, 2, 3)]
    assert [(a.text, a.category, a.severity) for a in saved if a] == [
        ("Le 3919\nest faux", "info-erronee", Severity.URGENT),
        ("Le site", "site", Severity.NORMAL),
        ("Le 115 sonne occupé", "site", Severity.URGENT),
    ]


def test_personal_data_gets_a_warning_but_the_report_is_kept(chat: Chat) -> None:
    answer = chat.say("report Mme X (06 12 34 56 78, x@mail.example) attend depuis 2h")
    assert "Report #1 is saved" in answer
    assert "seems to contain an e-mail address, a phone number" in answer
    assert "social security number" in chat.say("report dossier 1 85 05 78 006 084 91 bloqué")


def test_a_similar_report_offers_a_plus_one_that_merges_it(chat: Chat) -> None:
    say_as(chat, ANA_SLACK, "report La porte du local rue Haxo est cassée #site")
    answer = say_as(chat, BOB_MATRIX, "report porte cassée au local Haxo")
    assert "Report #2 is saved" in answer
    assert "It looks like report #1 («La porte du local rue Haxo est cassée», 0 +1)" in answer
    assert "Same as #1: +1 instead" in answer
    merged = say_as(chat, BOB_MATRIX, "plusone 1 2", is_action=True)
    assert merged == (
        "Thanks: #2 is merged into #1, which now has 1 +1. You will hear when it is fixed."
    )
    first = chat.app.storage.anomalies.get(1)
    second = chat.app.storage.anomalies.get(2)
    assert first is not None and second is not None
    assert first.supporters == (BOB_MATRIX,)
    assert (second.status, second.merged_into) == (AnomalyStatus.MERGED, 1)
    assert "already merged into #1" in say_as(chat, BOB_MATRIX, "plusone 1 2")
    assert "You can only merge your own reports" in chat.say("plusone 1 2")


def test_one_failure_said_two_ways_is_offered_a_merge(chat: Chat) -> None:
    """Cassée and "ne marche plus" say the same failure; the room it is in says less."""
    say_as(chat, ANA_SLACK, "report l'imprimante du local est cassée")
    assert "It looks like report #1" in chat.say("report l'imprimante ne marche plus")
    assert "It looks like" not in chat.say("report le wifi ne marche plus")
    assert "It looks like" not in chat.say("report la porte du local est cassée")


def test_the_thing_broken_chooses_the_category_not_the_room_it_is_in(chat: Chat) -> None:
    chat.say("report l'imprimante du local est cassée")
    chat.say("report la porte du local ne ferme plus")
    chat.say("report le local est sale")
    chat.say("report le site ameli ne marche plus")  # a website: equipment, not premises
    categories = [report.category for report in chat.app.storage.anomalies.open_reports()]
    assert sorted(categories) == ["materiel", "materiel", "site", "site"]
    first = chat.app.storage.anomalies.get(1)
    assert first is not None and first.category == "materiel"


def test_a_different_problem_is_not_offered_a_merge(chat: Chat) -> None:
    chat.say("report La porte du local rue Haxo est cassée")
    assert "It looks like" not in chat.say("report Plus de papier pour l'imprimante")


def test_a_plus_one_on_an_offered_report_counts_once(chat: Chat) -> None:
    say_as(chat, ANA_SLACK, "report Le site de la CAF est en panne")
    assert "Same as #1: +1 instead" in chat.say("report site CAF en panne")
    assert chat.say("+1 1") == (
        "Your +1 on #1 is counted (1 in all). You will hear when it is fixed."
    )
    assert chat.say("plusone #1") == "Your +1 on #1 was already counted."
    assert "You reported #1 yourself" in say_as(chat, ANA_SLACK, "plusone 1")
    assert chat.say("plusone 7") == "There is no report #7."


def test_an_urgent_report_reaches_every_coordinator_at_once(chat: Chat) -> None:
    answer = say_as(chat, BOB_MATRIX, "report Fuite d'eau dans la salle d'attente !urgent #site")
    assert "the coordinators were told at once" in answer
    for coordinator in ("console:ada", f"console:{COORDINATOR}"):
        [alert] = sent_to(chat, coordinator)
        assert alert.startswith(
            "Urgent report #1 (Site or premises) from @bob:example.org: Fuite d'eau"
        )
        assert "[Acknowledge #1]" in alert


def test_urgent_reports_go_to_the_digest_targets_when_set(tmp_path: Path) -> None:
    chat = Chat(tmp_path)
    chat.settings = Settings(
        **{
            **chat.settings.model_dump(),
            "digest_targets": ["slack:C0COORD", "matrix:!coord:example.org"],
        }
    )
    chat.restart()
    try:
        chat.say("report Plus de chauffage à l'accueil !urgent")
        recipients = [who for who, _text in chat.outbox.sent]  # each platform in its own lane
        assert sorted(recipients) == ["matrix:!coord:example.org", "slack:C0COORD"]
    finally:
        chat.close()


def test_only_a_well_formed_web_address_becomes_the_report_link(chat: Chat) -> None:
    typed = {
        'le site https://evil.example">clic</a> est en panne': "",
        "le site javascript:alert(1) est en panne": "",
        "la page https://caf..fr/ est vide": "",
        'voir https://evil.example">x</a> puis https://www.caf.fr/aide.': "https://www.caf.fr/aide",
        "la porte ne ferme plus (photo: https://photos.example/porte.jpg)": (
            "https://photos.example/porte.jpg"
        ),
    }
    for n, text in enumerate(typed, start=1):
        chat.say(f"report {text}")
        saved = chat.app.storage.anomalies.get(n)
        assert saved is not None
        assert (saved.text, saved.link) == (text, typed[text])


def test_a_report_that_names_a_contact_points_to_its_card(chat: Chat) -> None:
    """ "report a child in danger" reaches the coordinators, and the 119 is one tap away: the
    volunteer may have been looking for the number."""
    reply = chat.reply("report un enfant en danger")
    assert "Report #1 is saved" in reply.plain_text()
    assert "Looking for a contact instead?" in reply.plain_text()
    assert "Allô enfance en danger (119) · Urgences et violences · 119" in reply.plain_text()
    [shown] = [b for b in reply.buttons if b.action_id == "show"]
    assert shown.label == "Show Allô enfance en danger (119)"
    assert chat.say(shown.command_line).startswith("== Allô enfance en danger (119) ==")
    ordinary = chat.reply("report la porte du local Haxo est cassée")
    assert "Looking for a contact" not in ordinary.plain_text()
    assert all(b.action_id != "show" for b in ordinary.buttons)


def test_an_internal_contact_is_pointed_to_only_where_it_may_be_read(chat: Chat) -> None:
    text = "report la ligne partenaires cpam ne répond plus"
    in_room = chat.reply(text, private=False)
    assert "partenaires" not in " ".join(b.label for b in in_room.buttons)
    in_private = chat.reply(text)
    assert "Show Ligne partenaires CPAM" in [b.label for b in in_private.buttons]


def test_ok_or_thanks_answering_what_was_seen_reports_nothing(chat: Chat) -> None:
    assert chat.say("report").startswith("What did you see?")
    refused = chat.say("ok")
    assert refused.startswith("«ok» does not say what you saw, so nothing was reported.")
    assert "Report #" not in chat.say("report merci !")
    assert chat.app.storage.anomalies.get(1) is None
    assert chat.say("report la porte est cassée").startswith("Thank you! Report #1 is saved")


def test_cest_urgent_soon_after_a_report_marks_it_urgent(chat: Chat) -> None:
    chat.say("report la porte des toilettes est cassée")
    chat.say("lookup caf")  # the report's choices are gone
    assert chat.say("C'est urgent !") == (
        "Report #1 is now urgent: the coordinators were told at once."
    )
    report = chat.app.storage.anomalies.get(1)
    assert report is not None and report.severity is Severity.URGENT
    assert "Report #" not in chat.say("urgent", user="anne")  # anne reported nothing


def test_an_alert_already_sent_is_no_missing_audience(
    chat: Chat, caplog: pytest.LogCaptureFixture
) -> None:
    chat.say("report fuite d'eau dans les toilettes !urgent")
    with caplog.at_level(logging.WARNING):
        assert chat.say("c'est urgent") == "Report #1 is already urgent."
    assert "no coordinator" not in caplog.text


def test_cest_urgent_long_after_a_report_is_not_about_it(chat: Chat) -> None:
    chat.say("report la porte des toilettes est cassée")
    chat.clock.advance(hours=1)
    assert "Report #1" not in chat.say("c'est urgent")
    report = chat.app.storage.anomalies.get(1)
    assert report is not None and report.severity is Severity.NORMAL
