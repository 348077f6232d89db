"""Urgent reports nobody acknowledges are sent again, to coordinators then to admins; normal
ones left untouched are flagged in the digest."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import cast

from app.wiring import build_app
from chatbot.anomalies import Anomaly
from chatbot.ports import AnomalyRepository
from chatbot.settings import Settings
from commands.anomalies.escalation import escalate_due
from tests.harness import ADMIN, BOB_MATRIX, COORDINATOR, Chat, run_job, say_as, sent_to

ADA = f"console:{ADMIN}"
COLINE = f"console:{COORDINATOR}"
JOB = "anomaly-escalation"


def urgent_report(chat: Chat) -> None:
    say_as(chat, BOB_MATRIX, "report Fuite d'eau dans la salle d'attente !urgent #site")
    chat.outbox.sent.clear()


def test_an_unacknowledged_urgent_report_goes_to_coordinators_then_admins(chat: Chat) -> None:
    urgent_report(chat)
    chat.clock.advance(minutes=29)
    run_job(chat, JOB, deliver=True)
    assert chat.outbox.sent == []
    chat.clock.advance(minutes=1)
    run_job(chat, JOB, deliver=True)
    for coordinator in (ADA, COLINE):
        [again] = sent_to(chat, coordinator)
        assert again.startswith(
            "Urgent report #1 is still unacknowledged after 30 minutes (Site or premises, from "
            "@bob:example.org): Fuite d'eau"
        )
        assert "[Acknowledge #1]" in again
    card = chat.say("anomaly 1", user=COORDINATOR)
    assert "Escalated: sent again to coordinators · 23 Nov 2026 10:30" in card
    chat.outbox.sent.clear()
    chat.clock.advance(minutes=29)
    run_job(chat, JOB, deliver=True)
    assert chat.outbox.sent == []
    chat.clock.advance(minutes=1)
    run_job(chat, JOB, deliver=True)
    [to_admin] = chat.outbox.sent  # ada is the only admin; coline is not told a third time
    assert to_admin[0] == ADA
    assert to_admin[1].startswith("Urgent report #1 is still unacknowledged after 60 minutes")
    assert "The coordinators were reminded" in to_admin[1]
    assert "sent again to coordinators, then to admins" in chat.say("anomaly 1", user=COORDINATOR)
    chat.outbox.sent.clear()
    chat.clock.advance(hours=5)
    run_job(chat, JOB, deliver=True)
    assert chat.outbox.sent == []  # two levels, then it is the admins'


def test_acknowledging_stops_the_escalation(chat: Chat) -> None:
    urgent_report(chat)
    chat.clock.advance(minutes=30)
    run_job(chat, JOB, deliver=True)
    assert len(chat.outbox.sent) == 2
    chat.say("ack 1", user=COORDINATOR)
    chat.outbox.sent.clear()
    chat.clock.advance(minutes=45)
    run_job(chat, JOB, deliver=True)
    assert sent_to(chat, ADA) == []
    # Acknowledged before the first delay: never escalated at all.
    say_as(chat, BOB_MATRIX, "report Plus de chauffage !urgent")
    chat.say("ack 2", user=COORDINATOR)
    chat.outbox.sent.clear()
    chat.clock.advance(hours=3)
    run_job(chat, JOB, deliver=True)
    assert chat.outbox.sent == []
    assert "Escalated" not in chat.say("anomaly 2", user=COORDINATOR)


def test_the_delay_is_a_setting(chat: Chat) -> None:
    chat.settings = Settings(**{**chat.settings.model_dump(), "anomaly_escalate_minutes": 5})
    chat.restart()
    urgent_report(chat)
    chat.clock.advance(minutes=5)
    run_job(chat, JOB, deliver=True)
    assert "after 5 minutes" in sent_to(chat, COLINE)[0]


def test_a_normal_report_is_never_escalated(chat: Chat) -> None:
    say_as(chat, BOB_MATRIX, "report Chaise cassée en salle 2")
    chat.outbox.sent.clear()
    chat.clock.advance(hours=2)
    run_job(chat, JOB, deliver=True)
    assert chat.outbox.sent == []


class _Stale:
    """The reports a process read just before another escalated them (a race)."""

    def __init__(self, repo: AnomalyRepository, seen: list[Anomaly]) -> None:
        self._repo = repo
        self._seen = seen

    def unacknowledged_urgent(self, *, below_level: int) -> list[Anomaly]:
        return self._seen

    def __getattr__(self, name: str) -> object:
        return getattr(self._repo, name)


def test_two_processes_escalate_once(chat: Chat, tmp_path: Path) -> None:
    urgent_report(chat)
    other = build_app(chat.settings, clock=chat.clock)
    try:
        chat.clock.advance(minutes=30)
        seen = other.services.anomalies.unacknowledged_urgent(below_level=2)
        late = replace(
            other.services, anomalies=cast(AnomalyRepository, _Stale(other.storage.anomalies, seen))
        )
        assert escalate_due(chat.app.services) == 1
        assert escalate_due(late) == 0  # its level was committed by the first
        run_job(chat, JOB, deliver=True)
        assert len(sent_to(chat, COLINE)) == 1 and len(sent_to(chat, ADA)) == 1
        chat.clock.advance(minutes=30)
        seen = other.services.anomalies.unacknowledged_urgent(below_level=2)
        late = replace(
            late, anomalies=cast(AnomalyRepository, _Stale(other.storage.anomalies, seen))
        )
        assert escalate_due(late) == 1
        assert escalate_due(chat.app.services) == 0
        chat.deliver()
        assert len(sent_to(chat, ADA)) == 2 and len(sent_to(chat, COLINE)) == 1
    finally:
        other.storage.close()


def test_the_digest_lists_reports_waiting_for_a_long_time(chat: Chat) -> None:
    chat.say("report Chaise cassée en salle 2")
    chat.clock.advance(days=1)
    chat.say("report Plus de savon dans les sanitaires")
    chat.say("report Fuite au plafond !urgent")
    chat.clock.advance(days=7, hours=1)
    digest = chat.say("digest", user=COORDINATOR)
    assert "== Waiting for a long time: 2 reports ==" in digest
    waiting = digest.split("Waiting for a long time")[1].split("==")[1].splitlines()
    assert waiting[1].startswith("  - #1 · ")
    assert waiting[1].endswith(" · untouched for 8 days · Chaise cassée en salle 2")
    assert waiting[2].startswith("  - #2 · ")
    assert waiting[2].endswith(" · untouched for 7 days · Plus de savon dans les sanitaires")
    assert len(waiting) == 4  # and the note: the urgent #3 has its own reminder
    assert "No status change, assignment or comment for 7 days or more." in digest
    chat.say("comment 1 je passe demain", user=COORDINATOR)
    chat.say("assign 2 me", user=COORDINATOR)
    assert "Waiting for a long time" not in chat.say("digest", user=COORDINATOR)
    chat.clock.advance(days=7, minutes=1)
    assert "Waiting for a long time: 2 reports" in chat.say("digest", user=COORDINATOR)
    chat.say("resolve 1", user=COORDINATOR)
    assert "Waiting for a long time: 1 report ==" in chat.say("digest", user=COORDINATOR)
