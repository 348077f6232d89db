"""Rows -> an .xlsx workbook (bytes), for exports a spreadsheet opens as it is.

Generic: a header and rows of text, numbers or dates. Anyone may have typed a cell's text, so a
cell that starts like a formula is written as text, protected as the CSV exports protect it
(:func:`chatbot.formats.directory_csv.spreadsheet_safe`), and every string is stored as a
string, never as a formula; characters a workbook cannot hold are dropped.

:func:`read_first_sheet` reads a workbook back: each cell's value, a formula's as the
spreadsheet last computed it (openpyxl computes nothing: a file openpyxl wrote with a formula
has no value for it, a file saved by Excel or LibreOffice has).
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from datetime import date, datetime

from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from chatbot.formats.directory_csv import spreadsheet_safe

Cell = str | int | float | datetime | date | None

MAX_WIDTH = 60


def rows_to_xlsx(header: Sequence[str], rows: Iterable[Sequence[Cell]], *, sheet: str) -> bytes:
    """A workbook of one sheet named ``sheet``: ``header`` in bold, frozen, then ``rows``."""
    workbook = Workbook(write_only=True)
    worksheet = workbook.create_sheet(title=sheet[:31] or "Sheet")
    worksheet.freeze_panes = "A2"
    widths = [min(max(len(name), 8), MAX_WIDTH) for name in header]
    for index, width in enumerate(widths, start=1):
        worksheet.column_dimensions[get_column_letter(index)].width = width + 2
    worksheet.append([_cell(worksheet, name, bold=True) for name in header])
    for row in rows:
        worksheet.append([_cell(worksheet, value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _cell(worksheet: object, value: Cell, *, bold: bool = False) -> WriteOnlyCell:
    if isinstance(value, datetime) and value.tzinfo is not None:
        value = value.replace(tzinfo=None)  # a workbook has no time zones: give them in UTC
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", spreadsheet_safe(value))
    cell = WriteOnlyCell(worksheet, value=value)
    if isinstance(value, str):
        cell.data_type = "s"  # "=..." stays text, whatever openpyxl guessed
    if bold:
        cell.font = Font(bold=True)
    return cell


def read_first_sheet(data: bytes) -> tuple[str, list[tuple[int, list[Cell]]]]:
    """The name of the workbook's first sheet and its rows: (row number, cell values), empty
    rows left out. Raises ``ValueError`` when ``data`` is no workbook openpyxl reads."""
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # zipfile, XML and openpyxl errors alike: not a readable workbook
        raise ValueError(str(exc) or type(exc).__name__) from exc
    try:
        worksheet = workbook.worksheets[0]
        rows: list[tuple[int, list[Cell]]] = []
        for number, values in enumerate(worksheet.iter_rows(values_only=True), start=1):
            cells = [_value(value) for value in values]
            if any(cell not in (None, "") for cell in cells):
                rows.append((number, cells))
        return worksheet.title, rows
    finally:
        workbook.close()


def _value(value: object) -> Cell:
    if value is None or isinstance(value, str | int | float | datetime | date):
        return value
    return str(value)  # a time, a timedelta, an error such as #DIV/0!
