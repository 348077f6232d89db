"""``chatbot anomalies export FILE.csv|FILE.xlsx [--since DATE] [--until DATE] [--status …]``:
the reports, for a spreadsheet or an archive (the format follows the file's extension)."""

from __future__ import annotations

import argparse
import csv
import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import TextIO
from zoneinfo import ZoneInfo

from chatbot.anomalies import OPEN_STATUSES, Anomaly, AnomalyStatus
from chatbot.files import cannot_write, write_atomically, write_bytes_atomically
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
    "acknowledged_at",
)
STATUS_WORDS = {
    **{status.value: frozenset({status}) for status in AnomalyStatus},
    "open": OPEN_STATUSES,
    "closed": frozenset({AnomalyStatus.RESOLVED, AnomalyStatus.REJECTED}),
}
"""What ``--status`` accepts (comma-separated or repeated)."""


@dataclass(frozen=True)
class ExportFilter:
    """Reports created in ``[since, until)`` (either open-ended) with one of ``statuses``
    (None: any)."""

    since: datetime | None = None
    until: datetime | None = None
    statuses: frozenset[AnomalyStatus] | None = None

    def keeps(self, anomaly: Anomaly) -> bool:
        return (
            (self.since is None or anomaly.created_at >= self.since)
            and (self.until is None or anomaly.created_at < self.until)
            and (self.statuses is None or anomaly.status in self.statuses)
        )


def export_date(text: str) -> date:
    """``--since``/``--until``'s argument: a day, ``YYYY-MM-DD`` (argparse exits 2 on others)."""
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("not a date {value!r}, e.g. 2026-11-30").format(value=text)
        ) from None


def export_statuses(text: str) -> frozenset[AnomalyStatus]:
    """``--status``'s argument: ``new,acknowledged``, ``open``, ``closed``..."""
    found: set[AnomalyStatus] = set()
    for word in filter(None, (part.strip().lower() for part in text.split(","))):
        if word not in STATUS_WORDS:
            raise argparse.ArgumentTypeError(
                _("unknown status {value!r}; use one of: {statuses}").format(
                    value=word, statuses=", ".join(STATUS_WORDS)
                )
            )
        found |= STATUS_WORDS[word]
    return frozenset(found)


def export_filter(
    since: date | None,
    until: date | None,
    statuses: Iterable[frozenset[AnomalyStatus]] | None,
    *,
    timezone: str,
) -> ExportFilter:
    """The filter of ``--since`` and ``--until`` (both days included, in ``timezone``)."""
    zone = ZoneInfo(timezone)

    def start_of(day: date) -> datetime:
        return datetime.combine(day, time(0, 0), tzinfo=zone)

    chosen = frozenset().union(*statuses) if statuses else None
    return ExportFilter(
        since=start_of(since) if since else None,
        until=start_of(until + timedelta(days=1)) if until else None,
        statuses=chosen,
    )


def _row(anomaly: Anomaly, acknowledged_at: datetime | None = None) -> list[str]:
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
        acknowledged_at.isoformat() if acknowledged_at else "",
    ]


def _rows(repo: AnomalyRepository, keep: Callable[[Anomaly], bool]) -> Iterator[list[str]]:
    """The kept reports' cells, by number, their first acknowledgement read per batch."""
    batch: list[Anomaly] = []

    def flush() -> Iterator[list[str]]:
        acknowledged = repo.first_responses(a.id for a in batch if a.id is not None)
        yield from (_row(a, acknowledged.get(a.id or 0)) for a in batch)
        batch.clear()

    for anomaly in repo.each():
        if keep(anomaly):
            batch.append(anomaly)
            if len(batch) >= 500:
                yield from flush()
    yield from flush()


def export_anomalies(
    repo: AnomalyRepository,
    path: Path | str,
    *,
    out: TextIO,
    only: ExportFilter | None = None,
) -> int:
    """Write the reports ``only`` keeps (all by default) to ``path``: an .xlsx workbook if its
    name ends so, else UTF-8 CSV with a BOM (spreadsheets then read accents right); returns the
    exit code. A failed export never leaves half a file. Anyone can write a report, so a text
    like ``=HYPERLINK(...)`` is written as text, never run as a formula."""
    target = Path(path)
    keep = (only or ExportFilter()).keeps

    def write(stream: TextIO) -> int:
        writer = csv.writer(stream)
        writer.writerow(COLUMNS)
        count = 0
        for row in _rows(repo, keep):
            writer.writerow([spreadsheet_safe(cell) for cell in row])
            count += 1
        return count

    try:
        if target.suffix.lower() == ".xlsx":
            from chatbot.formats.xlsx import rows_to_xlsx  # openpyxl: only when asked

            rows = list(_rows(repo, keep))
            write_bytes_atomically(target, rows_to_xlsx(COLUMNS, rows, sheet="reports"))
            count = len(rows)
        else:
            count = write_atomically(target, write, encoding="utf-8-sig")
    except OSError as exc:
        out.write(cannot_write(target, exc) + "\n")
        return 1
    log.info("exported %d reports to %s", count, target)
    out.write(_("{count} reports exported to {file}").format(count=count, file=target) + "\n")
    return 0
