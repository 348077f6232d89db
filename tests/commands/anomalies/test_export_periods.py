"""``chatbot anomalies export FILE --since --until --status``: CSV or xlsx, with the timings."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime
from pathlib import Path

import openpyxl
import pytest

from app.anomalies_cli import AnomalyStatus, export_anomalies, export_filter
from tests.app.test_cli import chatbot
from tests.harness import COORDINATOR, Chat


def at(chat: Chat, day: int, hour: int) -> None:
    chat.clock.current = datetime(2026, 11, day, hour, 0, tzinfo=UTC)


def three_reports(chat: Chat) -> None:
    at(chat, 9, 9)
    chat.say("report Vitre fêlée à l'accueil #site")  # 1: before the period
    at(chat, 16, 9)
    chat.say('report =HYPERLINK("https://evil.example") imprimante #materiel')  # 2
    at(chat, 16, 11)
    chat.say("ack 2", user=COORDINATOR)
    at(chat, 17, 9)
    chat.say("resolve 2 ramette livrée", user=COORDINATOR)
    at(chat, 20, 22)  # 23:00 in Paris: still the 20th
    chat.say("report Le wifi ne marche plus #materiel")  # 3


def export(
    chat: Chat,
    target: Path,
    *,
    since: date | None = None,
    until: date | None = None,
    statuses: list[frozenset[AnomalyStatus]] | None = None,
) -> str:
    out = io.StringIO()
    only = export_filter(since, until, statuses, timezone=chat.settings.bot_timezone)
    assert export_anomalies(chat.app.storage.anomalies, target, out=out, only=only) == 0
    return out.getvalue()


def test_a_period_is_exported_to_csv_with_when_each_was_acknowledged(
    chat: Chat, tmp_path: Path
) -> None:
    three_reports(chat)
    target = tmp_path / "reports.csv"
    assert export(chat, target, since=date(2026, 11, 16), until=date(2026, 11, 20)) == (
        f"2 reports exported to {target}\n"
    )
    rows = list(csv.DictReader(target.read_text(encoding="utf-8-sig").splitlines()))
    assert [r["number"] for r in rows] == ["2", "3"]
    assert rows[0]["acknowledged_at"] == "2026-11-16T11:00:00+00:00"
    assert rows[0]["closed_at"] == "2026-11-17T09:00:00+00:00"
    assert rows[1]["acknowledged_at"] == rows[1]["closed_at"] == ""
    assert rows[0]["text"].startswith("'=HYPERLINK")


def test_the_status_filter_keeps_only_those(chat: Chat, tmp_path: Path) -> None:
    three_reports(chat)
    target = tmp_path / "open.csv"
    export(chat, target, statuses=[frozenset({AnomalyStatus.NEW})])
    rows = list(csv.DictReader(target.read_text(encoding="utf-8-sig").splitlines()))
    assert [r["number"] for r in rows] == ["1", "3"]


def test_an_xlsx_export_reads_back_and_runs_no_formula(chat: Chat, tmp_path: Path) -> None:
    three_reports(chat)
    target = tmp_path / "reports.xlsx"
    export(chat, target, since=date(2026, 11, 10))
    sheet = openpyxl.load_workbook(target).active
    assert sheet is not None
    header, *rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert header[:3] == ["number", "created_at", "status"]
    assert "acknowledged_at" in header and "closed_at" in header
    assert [row[0] for row in rows] == ["2", "3"]
    text = rows[0][header.index("text")]
    assert isinstance(text, str) and text.startswith("'=HYPERLINK")
    cells = [c for row in sheet.iter_rows() for c in row]
    assert not [c for c in cells if c.data_type == "f"]
    assert rows[0][header.index("acknowledged_at")] == "2026-11-16T11:00:00+00:00"


def test_the_command_line_filters_and_refuses_a_bad_date(tmp_path: Path) -> None:
    chatbot(tmp_path, "console", "--user", "victor", stdin="report imprimante en panne #materiel\n")
    target = tmp_path / "reports.xlsx"
    done = chatbot(
        tmp_path, "anomalies", "export", str(target), "--since", "2020-01-01", "--status", "open"
    )
    assert done.returncode == 0, done.stderr
    sheet = openpyxl.load_workbook(target).active
    assert sheet is not None and sheet.max_row == 2
    none = chatbot(tmp_path, "anomalies", "export", str(target), "--status", "resolved,rejected")
    assert (none.returncode, none.stdout) == (0, f"0 reports exported to {target}\n")
    bad = chatbot(tmp_path, "anomalies", "export", str(target), "--since", "30/11/2026")
    assert bad.returncode == 2
    assert "not a date '30/11/2026', e.g. 2026-11-30" in bad.stderr
    wrong = chatbot(tmp_path, "anomalies", "export", str(target), "--status", "done")
    assert wrong.returncode == 2 and "unknown status 'done'" in wrong.stderr
    backwards = chatbot(
        tmp_path,
        "anomalies",
        "export",
        str(target),
        "--since",
        "2026-11-20",
        "--until",
        "2026-11-01",
    )
    assert backwards.returncode == 2 and "--until comes before --since" in backwards.stderr


@pytest.mark.parametrize("name", ["reports.csv", "reports.xlsx"])
def test_an_unwritable_path_fails_cleanly_in_both_formats(
    chat: Chat, tmp_path: Path, name: str
) -> None:
    out = io.StringIO()
    target = tmp_path / "missing" / name
    assert export_anomalies(chat.app.storage.anomalies, target, out=out) == 1
    assert not target.exists()
