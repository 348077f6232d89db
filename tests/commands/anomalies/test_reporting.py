"""A volunteer reports a problem from any platform; duplicates become +1s; urgent ones go out."""

from __future__ import annotations

from pathlib import Path

from chatbot.anomalies import AnomalyStatus, Severity
from chatbot.ids import UserId
from chatbot.settings import Settings
from tests.harness import ANA_SLACK, BOB_MATRIX, COORDINATOR, Chat, say_as, sent_to


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
    assert (saved.text, saved.category) == ("Le bus #38 ne passe plus devant l'accueil", "autre")
    assert chat.say("anomalie Imprimante en panne #materiel").startswith(
        "Thank you! Report #2 is saved"
    )


def test_report_alone_asks_what_kind_how_urgent_and_what(chat: Chat) -> None:
    assert chat.say("report").startswith("What kind of problem?")
    assert chat.say("#securite").startswith("Is it urgent?")
    assert chat.say("normal").startswith("What did you see?")
    assert chat.say("Extincteur manquant au 2e étage").startswith("Thank you! Report #1")
    saved = chat.app.storage.anomalies.get(1)
    assert saved is not None
    assert (saved.text, saved.category, saved.severity) == (
        "Extincteur manquant au 2e étage",
        "securite",
        Severity.NORMAL,
    )


def test_a_form_submission_reads_its_fields(chat: Chat) -> None:
    """What a Slack modal submits: ``report <category> <severity> <description>``."""
    form = chat.app.bot.form_for("report", user_id=UserId(ANA_SLACK))
    assert form is not None
    assert [f.name for f in form.fields] == ["category", "severity", "description"]
    assert ("urgent", "Urgent: the coordinators are told at once") in form.fields[1].choices
    line = form.command_line(
        {"category": "info-erronee", "severity": "urgent", "description": "Le 3919 est faux"}
    )
    say_as(chat, ANA_SLACK, line)
    saved = chat.app.storage.anomalies.get(1)
    assert saved is not None
    assert (saved.text, saved.category, saved.severity) == (
        "Le 3919 est faux",
        "info-erronee",
        Severity.URGENT,
    )


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


def test_a_different_problem_is_not_offered_a_merge(chat: Chat) -> None:
    chat.say("report La porte du local rue Haxo est cassée")
    assert "It looks like" not in chat.say("report Plus de papier pour l'imprimante")


def test_anyone_adds_a_plus_one_once(chat: Chat) -> None:
    say_as(chat, ANA_SLACK, "report Le site de la CAF est en panne")
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
