"""Quiet hours and the daily summary: each person chooses how and when they hear of reports."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from chatbot.settings import Settings
from tests.commands.anomalies.support import supported_by
from tests.harness import (
    ADMIN,
    ANA_SLACK,
    COORDINATOR,
    NUDGES,
    VICTOR,
    Chat,
    at_paris,
    name_people,
    no_env,
    run_job,
    say_as,
    sent_to,
)

COLINE = f"console:{COORDINATOR}"
SUMMARY = "notification-summary"


def test_quiet_hours_are_set_shown_and_turned_off(chat: Chat) -> None:
    assert chat.say("quiet") == (
        "You have no quiet hours: you hear of everything at once.\n"
        "  (Change them with quiet 20:00-08:00, or quiet off.)"
    )
    assert chat.say("quiet 20:00-08:00") == (
        "Quiet hours set: 20:00–08:00. Messages that are not urgent wait until 08:00."
    )
    assert chat.say("calme").startswith("Your quiet hours: 20:00–08:00 (Europe/Paris time).")
    assert chat.say("silence 21h-7h30").startswith("Quiet hours set: 21:00–07:30.")
    assert chat.say("quiet tonight") == "Type quiet 20:00-08:00, or quiet off."
    assert chat.say("quiet 20:00-20:00") == "Type quiet 20:00-08:00, or quiet off."
    assert chat.say("quiet off") == "Quiet hours off: you hear of everything at once."
    assert chat.say("quiet").startswith("You have no quiet hours")


def test_a_notification_waits_for_the_end_of_quiet_hours_across_midnight(chat: Chat) -> None:
    chat.say("report Plus de savon dans les sanitaires")
    chat.say("quiet 20:00-08:00")
    at_paris(chat, 23, 22, 30)
    chat.say("comment 1 je passe demain", user=COORDINATOR)
    assert sent_to(chat, VICTOR) == []
    chat.clock.current = datetime(2026, 11, 23, 23, 30, tzinfo=UTC)  # 00:30 in Paris: still quiet
    chat.say("ack 1", user=COORDINATOR)
    chat.deliver()
    assert sent_to(chat, VICTOR) == []
    at_paris(chat, 24, 7, 59)
    chat.deliver()
    assert sent_to(chat, VICTOR) == []
    at_paris(chat, 24, 8, 0)
    chat.deliver()
    assert [text.split("\n")[0] for text in sent_to(chat, VICTOR)] == [
        "coline commented on report #1: je passe demain",
        "Your report #1 («Plus de savon dans les sanitaires») was acknowledged by coline.",
    ]
    at_paris(chat, 24, 12, 0)  # outside the window: at once
    chat.say("comment 1 savon livré", user=COORDINATOR)
    assert sent_to(chat, VICTOR)[-1].startswith("coline commented on report #1: savon livré")


def test_an_urgent_alert_to_coordinators_always_goes_through(chat: Chat) -> None:
    chat.say("quiet 20:00-08:00", user=COORDINATOR)
    at_paris(chat, 23, 23, 0)
    say_as(chat, ANA_SLACK, "report Fuite d'eau dans la salle d'attente !urgent")
    [alert] = sent_to(chat, COLINE)
    assert alert.startswith("Urgent report #1")
    at_paris(chat, 23, 23, 30)
    run_job(chat, "anomaly-escalation", deliver=True)
    assert sent_to(chat, COLINE)[-1].startswith("Urgent report #1 is still unacknowledged")
    # ...but what is not urgent (being given the report) waits for the morning.
    chat.say(f"assign 1 {COLINE}", user=ADMIN)
    assert len(sent_to(chat, COLINE)) == 2
    at_paris(chat, 24, 8, 0)
    chat.deliver()
    assert sent_to(chat, COLINE)[-1].startswith("Report #1 is assigned to you")


def test_a_nudge_waits_for_the_end_of_quiet_hours(chat: Chat) -> None:
    """Onboarding's welcome and morning nudges go through the same outbox: they wait too."""
    chat.say("quiet 09:00-11:00")
    at_paris(chat, 23, 10, 0)
    chat.say("onboarding start victor", user=COORDINATOR)
    assert sent_to(chat, VICTOR) == []
    at_paris(chat, 23, 11, 0)
    chat.deliver()
    [welcome] = sent_to(chat, VICTOR)
    assert welcome.startswith("Welcome, victor!")
    at_paris(chat, 24, 9, 15)
    run_job(chat, NUDGES, deliver=True)
    assert len(sent_to(chat, VICTOR)) == 1
    at_paris(chat, 24, 11, 0)
    chat.deliver()
    assert sent_to(chat, VICTOR)[1].startswith("Good morning, victor!")


def test_quiet_hours_default_from_settings(chat: Chat) -> None:
    chat.settings = Settings(**{**chat.settings.model_dump(), "bot_quiet_hours": "20:00-08:00"})
    chat.restart()
    assert chat.say("quiet") == (
        "Your quiet hours: 20:00–08:00 (Europe/Paris time).\n"
        "  (These are the bot's default. Change them with quiet 20:00-08:00, or quiet off.)"
    )
    chat.say("report Plus de savon dans les sanitaires")
    at_paris(chat, 23, 21, 0)
    chat.say("ack 1", user=COORDINATOR)
    assert sent_to(chat, VICTOR) == []
    chat.say("quiet off")
    chat.say("comment 1 je passe", user=COORDINATOR)
    assert sent_to(chat, VICTOR)[-1].startswith("coline commented on report #1")
    chat.say("quiet default")
    assert chat.say("quiet").startswith("Your quiet hours: 20:00–08:00")


def test_bad_default_quiet_hours_are_refused_at_start() -> None:
    with pytest.raises(ValueError, match="not quiet hours 'tonight'"):
        no_env(Settings, bot_quiet_hours="tonight")


def test_the_daily_summary_gathers_changes_and_is_sent_once(chat: Chat) -> None:
    assert chat.say("notifications").startswith("You hear of each change on your reports")
    assert chat.say("notifications quotidien") == (
        "Done: you get one summary a day, at 08:30, of what changed on your reports."
    )
    at_paris(chat, 23, 10, 0)
    chat.say("report Plus de savon dans les sanitaires")
    say_as(chat, ANA_SLACK, "report Chaise cassée en salle 2")
    supported_by(chat, 2, VICTOR)
    chat.say("ack 1", user=COORDINATOR)
    chat.say("comment 2 vue aussi ce matin", user=COORDINATOR)
    chat.say("comment 1 merci", user="victor")  # one's own doing is not news
    assert sent_to(chat, VICTOR) == []
    at_paris(chat, 24, 8, 29)
    run_job(chat, SUMMARY, deliver=True)
    assert sent_to(chat, VICTOR) == []  # today's summary covers yesterday 08:30 to now: not due
    at_paris(chat, 24, 8, 30)
    run_job(chat, SUMMARY, deliver=True)
    [summary] = sent_to(chat, VICTOR)
    assert summary.startswith("News of your reports\n2 changes since the last summary:")
    assert "#1 «Plus de savon dans les sanitaires» · acknowledged" in summary
    assert "23 Nov 2026 10:00 · acknowledged by console:coline" in summary
    assert "#2 «Chaise cassée en salle 2» · new" in summary
    assert "console:coline: vue aussi ce matin" in summary
    run_job(chat, SUMMARY, deliver=True)
    chat.restart()
    run_job(chat, SUMMARY, deliver=True)
    assert len(sent_to(chat, VICTOR)) == 1
    at_paris(chat, 25, 8, 30)
    run_job(chat, SUMMARY, deliver=True)
    assert len(sent_to(chat, VICTOR)) == 1  # nothing new: no summary
    assert sent_to(chat, ANA_SLACK)  # Ana chose nothing: she heard of each change
    assert chat.say("notifications each") == (
        "Done: you hear of each change on your reports as it happens."
    )
    chat.say("resolve 1", user=COORDINATOR)
    assert "is resolved" in sent_to(chat, VICTOR)[-1]


def test_the_daily_summary_names_people(chat: Chat) -> None:
    name_people(chat, coline="Coline", victor="Victor")
    chat.say("notifications daily")
    at_paris(chat, 23, 10, 0)
    chat.say("report Plus de savon dans les sanitaires")
    chat.say("ack 1", user=COORDINATOR)
    chat.say("assign 1 console:coline", user=COORDINATOR)
    at_paris(chat, 24, 8, 30)
    run_job(chat, SUMMARY, deliver=True)
    [summary] = sent_to(chat, VICTOR)
    assert "acknowledged by Coline" in summary
    assert "assigned to Coline by Coline" in summary
    assert "console:" not in summary


def test_the_daily_summary_obeys_quiet_hours_and_the_time_setting(chat: Chat) -> None:
    chat.settings = Settings(**{**chat.settings.model_dump(), "notify_summary_time": "07:00"})
    chat.restart()
    chat.say("notifications daily")
    chat.say("quiet 22:00-07:30")
    chat.say("report Plus de savon dans les sanitaires")
    chat.say("ack 1", user=COORDINATOR)
    at_paris(chat, 24, 7, 0)
    run_job(chat, SUMMARY, deliver=True)
    assert sent_to(chat, VICTOR) == []
    at_paris(chat, 24, 7, 30)
    chat.deliver()
    assert sent_to(chat, VICTOR)[0].startswith("News of your reports")


def test_in_french(chat_fr: Chat) -> None:
    assert chat_fr.say("calme 20h-8h") == (
        "Heures calmes enregistrées : 20:00–08:00. Les messages non urgents attendront 08:00."
    )
    assert chat_fr.say("silence").startswith("Vos heures calmes : 20:00–08:00")
    assert chat_fr.say("calme off").startswith("Heures calmes désactivées")
    assert chat_fr.say("notifications quotidien").startswith("C'est noté : vous recevrez un résumé")
    assert chat_fr.say("notifications chaque").startswith("C'est noté : vous serez prévenu")
