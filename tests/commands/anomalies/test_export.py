"""``chatbot anomalies export FILE.csv`` writes every report, readable by a spreadsheet."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from app.anomalies_cli import export_anomalies
from tests.commands.anomalies.support import supported_by
from tests.harness import ANA_SLACK, BOB_MATRIX, COORDINATOR, Chat, say_as


def test_every_report_is_exported_with_its_state(chat: Chat, tmp_path: Path) -> None:
    say_as(
        chat,
        ANA_SLACK,
        "report Le lien «RSA» est cassé #info-erronee https://caf.example/rsa",
        conversation="slack:C0GENERAL",
        permalink="https://example.slack.com/archives/C0GENERAL/p1",
    )
    supported_by(chat, 1, BOB_MATRIX)
    chat.say("report Vitre fêlée !urgent")
    chat.say("resolve 2 vitrier passé", user=COORDINATOR)
    out = io.StringIO()
    target = tmp_path / "reports.csv"
    assert export_anomalies(chat.app.storage.anomalies, target, out=out) == 0
    assert out.getvalue() == f"2 reports exported to {target}\n"
    rows = list(csv.DictReader(target.read_text(encoding="utf-8-sig").splitlines()))
    assert [r["number"] for r in rows] == ["1", "2"]
    first, second = rows
    assert first["text"] == "Le lien «RSA» est cassé https://caf.example/rsa"
    assert (first["category"], first["link"], first["platform"]) == (
        "info-erronee",
        "https://caf.example/rsa",
        "slack",
    )
    assert first["permalink"] == "https://example.slack.com/archives/C0GENERAL/p1"
    assert (first["plus_ones"], first["supporters"]) == ("1", BOB_MATRIX)
    assert (second["status"], second["severity"], second["note"]) == (
        "resolved",
        "urgent",
        "vitrier passé",
    )
    assert second["closed_at"].startswith("2026-11-23T09:00:00")


def test_an_unwritable_path_fails_cleanly(chat: Chat, tmp_path: Path) -> None:
    out = io.StringIO()
    target = tmp_path / "missing" / "reports.csv"
    assert export_anomalies(chat.app.storage.anomalies, target, out=out) == 1
    assert out.getvalue().startswith(f"Cannot write {target}")
    assert not target.exists()


def test_a_report_is_never_run_as_a_spreadsheet_formula(chat: Chat, tmp_path: Path) -> None:
    chat.say("report =cmd|' /C calc'!A0 la vitre est cassée")
    target = tmp_path / "reports.csv"

    export_anomalies(chat.app.storage.anomalies, target, out=io.StringIO())

    [row] = list(csv.DictReader(target.read_text(encoding="utf-8-sig").splitlines()))
    assert row["text"] == "'=cmd|' /C calc'!A0 la vitre est cassée"  # text to a spreadsheet
    assert row["number"] == "1"
