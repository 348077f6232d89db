"""The directory as a file, the format chosen by the file's extension: what the CLI calls.

``.csv`` (and anything else: the CSV reader says what it is not), ``.xlsx`` and ``.ods`` read
and write alike: the same columns, the same checks, all or nothing; a workbook's first sheet is
read, its errors name the sheet, row and column. ``.html`` (and ``.pdf``) are written only: the
printable list of :mod:`chatbot.formats.directory_html`. ``public`` exports keep what anyone
may see (:mod:`chatbot.formats.audience`).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TextIO

from chatbot.directory import Entry
from chatbot.formats.audience import PUBLIC_COLUMNS, public_view
from chatbot.formats.csv_decoding import CsvImportError, RowError
from chatbot.formats.directory_csv import (
    COLUMNS,
    CsvTable,
    Progress,
    entry_rows,
    read_table,
    table_from_rows,
    write_entries,
)
from chatbot.i18n import _

SHEETS = (".xlsx", ".ods")
PRINTABLE = (".html", ".htm", ".pdf")
WRITABLE = (".csv", *SHEETS, *PRINTABLE)
"""The extensions :func:`write_directory_file` knows."""
SHEET_NAME = "annuaire"


def extension(path: Path | str) -> str:
    return Path(path).suffix.casefold()


def read_directory_file(path: Path, *, progress: Progress | None = None) -> CsvTable:
    """The entries of ``path``, or :class:`CsvImportError` listing every problem."""
    suffix = extension(path)
    if suffix not in SHEETS:
        return read_table(path, progress=progress)
    data = path.read_bytes()
    try:
        if suffix == ".xlsx":
            from chatbot.formats.xlsx import read_first_sheet
        else:
            from chatbot.formats.ods import read_first_sheet
        sheet, rows = read_first_sheet(data)
    except ValueError as exc:
        message = _("this is not a readable {kind} spreadsheet: {reason}")
        raise CsvImportError([RowError(1, message.format(kind=suffix[1:], reason=exc))]) from None
    return table_from_rows(
        ((number, [cell_text(c) for c in cells]) for number, cells in rows), sheet=sheet
    )


def cell_text(value: object) -> str:
    """A workbook cell as the CSV reader expects it: ``2024-03-05`` for a date, ``3`` for 3.0."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.astimezone(UTC) if value.tzinfo else value
        return value.date().isoformat() if value.time() == datetime.min.time() else str(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def write_directory_file(
    path: Path,
    entries: Sequence[Entry],
    *,
    public: bool = False,
    internal: bool = False,
    excel: bool = False,
    at: datetime | None = None,
) -> int:
    """Write ``entries`` to ``path`` in its extension's format; the number written.

    ``public``: public entries and fields only. A printable list is public unless
    ``internal`` (everything, marked "Internal — do not share" on every page); a spreadsheet
    holds everything unless ``public``. ``at`` is the date the list says it was made.
    """
    from chatbot.files import write_atomically, write_bytes_atomically

    suffix = extension(path)
    if suffix in PRINTABLE:  # a printable list is public unless asked for the volunteers'
        shown = list(entries) if internal else public_view(entries)
        moment = at or datetime.now(UTC)
        if suffix == ".pdf":
            from chatbot.formats.directory_pdf import directory_pdf

            write_bytes_atomically(path, directory_pdf(shown, internal=internal, at=moment))
        else:
            from chatbot.formats.directory_html import directory_html

            html = directory_html(shown, internal=internal, at=moment)
            write_atomically(path, lambda stream: stream.write(html))
        return len(shown)
    columns = PUBLIC_COLUMNS if public else COLUMNS
    shown = public_view(entries) if public else list(entries)
    if suffix in SHEETS:
        header, rows = entry_rows(shown, columns=columns)
        if suffix == ".xlsx":
            from chatbot.formats.xlsx import rows_to_xlsx as to_bytes
        else:
            from chatbot.formats.ods import rows_to_ods as to_bytes
        write_bytes_atomically(path, to_bytes(header, rows, sheet=SHEET_NAME))
        return len(rows)
    delimiter, bom = (";", True) if excel else (",", False)

    def write(stream: TextIO) -> int:
        return write_entries(shown, stream, delimiter=delimiter, bom=bom, columns=columns)

    return write_atomically(path, write)
