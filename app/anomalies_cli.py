"""``chatbot anomalies export FILE.csv``: every report, for a spreadsheet or an archive."""

from __future__ import annotations

import csv
import logging
from pathlib import Path
from typing import TextIO

from chatbot.anomalies import Anomaly
from chatbot.files import write_atomically
from chatbot.formats.directory_csv import spreadsheet_safe
from chatbot.i18n import _
from chatbot.ports import AnomalyRepository

log = logging.getLogger(__name__)

COLUMNS = (
    "number",
    "created_at",
    "status",
    "severity",
    "category",
    "text",
    "link",
    "reporter",
    "reporter_name",
    "platform",
    "conversation",
    "permalink",
    "assignee",
    "plus_ones",
    "supporters",
    "closed_at",
    "note",
    "merged_into",
    "redacted",
)


def _row(anomaly: Anomaly) -> list[str]:
    return [
        str(anomaly.id),
        anomaly.created_at.isoformat(),
        anomaly.status.value,
        anomaly.severity.value,
        anomaly.category,
        anomaly.text,
        anomaly.link,
        anomaly.reporter,
        anomaly.reporter_name,
        anomaly.platform,
        anomaly.conversation_id,
        anomaly.permalink or "",
        anomaly.assignee or "",
        str(anomaly.plus_ones),
        " ".join(anomaly.supporters),
        anomaly.closed_at.isoformat() if anomaly.closed_at else "",
        anomaly.note,
        str(anomaly.merged_into or ""),
        "yes" if anomaly.redacted else "",
    ]


def export_anomalies(repo: AnomalyRepository, path: Path | str, *, out: TextIO) -> int:
    """Write every report to ``path`` as UTF-8 CSV with a BOM (spreadsheets then read accents
    right); returns the exit code. A failed export never leaves half a file. Anyone can write a
    report, so a text like ``=HYPERLINK(...)`` is written as text, never run as a formula."""
    target = Path(path)

    def write(stream: TextIO) -> int:
        writer = csv.writer(stream)
        writer.writerow(COLUMNS)
        count = 0
        for anomaly in repo.each():
            writer.writerow([spreadsheet_safe(cell) for cell in _row(anomaly)])
            count += 1
        return count

    try:
        count = write_atomically(target, write, encoding="utf-8-sig")
    except OSError as exc:
        out.write(
            _("Cannot write {file}: {reason}").format(file=target, reason=exc.strerror) + "\n"
        )
        return 1
    log.info("exported %d reports to %s", count, target)
    out.write(_("{count} reports exported to {file}").format(count=count, file=target) + "\n")
    return 0
