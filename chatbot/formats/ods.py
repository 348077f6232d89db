"""Rows <-> an OpenDocument spreadsheet (.ods, LibreOffice's own format), with odfpy.

Generic, like :mod:`chatbot.formats.xlsx`: :func:`rows_to_ods` writes a header and rows, every
string as a string cell, protected as the CSV exports protect it
(:func:`chatbot.formats.directory_csv.spreadsheet_safe`), a multi-line cell as one paragraph
per line. :func:`read_first_sheet` reads each cell's value (``office:value`` for numbers, so a
formula gives what LibreOffice last computed; the text otherwise), expanding
``table:number-columns-repeated`` and ``table:number-rows-repeated`` without materialising the
thousands of empty cells LibreOffice describes that way, and dropping empty trailing cells.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any

from odf import teletype
from odf.namespaces import OFFICENS, TABLENS, TEXTNS
from odf.opendocument import OpenDocumentSpreadsheet, load
from odf.table import Table, TableCell, TableColumn, TableRow
from odf.text import P

from chatbot.formats.directory_csv import spreadsheet_safe

Cell = str | int | float | datetime | date | None

MAX_REPEAT = 10_000
"""Cells or rows a repeat may add with a value: more is a file built to exhaust memory."""


def rows_to_ods(header: Sequence[str], rows: Iterable[Sequence[Cell]], *, sheet: str) -> bytes:
    """A spreadsheet of one sheet named ``sheet``: ``header``, then ``rows``."""
    document = OpenDocumentSpreadsheet()
    table = Table(name=sheet or "Sheet")
    table.addElement(TableColumn(numbercolumnsrepeated=max(len(header), 1)))
    for values in (header, *rows):
        row = TableRow()
        for value in values:
            row.addElement(_cell(value))
        table.addElement(row)
    document.spreadsheet.addElement(table)
    buffer = io.BytesIO()
    document.write(buffer)
    return buffer.getvalue()


def _cell(value: Cell) -> TableCell:
    if value is None or value == "":
        return TableCell()
    if isinstance(value, bool):
        value = str(value)
    if isinstance(value, int | float):
        cell = TableCell(valuetype="float", value=value)
        cell.addElement(P(text=str(value)))
        return cell
    if isinstance(value, datetime | date):
        text = value.isoformat()
        cell = TableCell(valuetype="date", datevalue=text)
        cell.addElement(P(text=text))
        return cell
    cell = TableCell(valuetype="string")
    for line in _xml_safe(spreadsheet_safe(value)).split("\n"):
        paragraph = P()
        teletype.addTextToElement(paragraph, line)  # keeps runs of spaces and tabs
        cell.addElement(paragraph)
    return cell


def _xml_safe(text: str) -> str:
    """Without the control characters XML 1.0 cannot hold (tab and line breaks stay)."""
    return "".join(c for c in text if c >= " " or c in "\t\n")


def read_first_sheet(data: bytes) -> tuple[str, list[tuple[int, list[Cell]]]]:
    """The name of the first sheet and its rows: (row number, cell values), empty rows left
    out. Raises ``ValueError`` when ``data`` is no spreadsheet odfpy reads."""
    try:
        document = load(io.BytesIO(data))
    except Exception as exc:  # zipfile and XML errors alike: not a readable spreadsheet
        raise ValueError(str(exc) or type(exc).__name__) from exc
    tables = document.spreadsheet.getElementsByType(Table)
    if not tables:
        raise ValueError("no sheet")
    table = tables[0]
    rows: list[tuple[int, list[Cell]]] = []
    number = 0
    for row in table.getElementsByType(TableRow):
        repeat = _repeat(row, "number-rows-repeated")
        cells = _row_cells(row)
        if any(cell not in (None, "") for cell in cells):
            for _ in range(min(repeat, MAX_REPEAT)):
                number += 1
                rows.append((number, list(cells)))
        else:
            number += repeat
    return str(table.getAttrNS(TABLENS, "name") or ""), rows


def _row_cells(row: Any) -> list[Cell]:
    cells: list[Cell] = []
    pending_empty = 0
    for element in row.childNodes:
        if element.qname[1] not in ("table-cell", "covered-table-cell"):
            continue
        repeat = _repeat(element, "number-columns-repeated")
        value = _value(element) if element.qname[1] == "table-cell" else None
        if value in (None, ""):
            pending_empty += repeat  # added only if a value follows: trailing cells dropped
            continue
        cells.extend([None] * pending_empty)
        pending_empty = 0
        cells.extend([value] * min(repeat, MAX_REPEAT))
    return cells


def _repeat(element: Any, attribute: str) -> int:
    try:
        return max(1, int(element.getAttrNS(TABLENS, attribute) or 1))
    except ValueError:
        return 1


def _value(cell: Any) -> Cell:
    kind = cell.getAttrNS(OFFICENS, "value-type")
    if kind in ("float", "percentage", "currency"):
        raw = cell.getAttrNS(OFFICENS, "value")
        try:
            number = float(raw)
        except (TypeError, ValueError):
            return _text(cell)
        return int(number) if number.is_integer() else number
    if kind == "date":
        raw = cell.getAttrNS(OFFICENS, "date-value") or ""
        try:
            return datetime.fromisoformat(raw) if "T" in raw else date.fromisoformat(raw)
        except ValueError:
            return raw
    if kind == "boolean":
        return str(cell.getAttrNS(OFFICENS, "boolean-value") or "")
    return _text(cell)


def _text(cell: Any) -> str:
    """The cell's paragraphs, one line each (``text:s``, tabs and line breaks expanded)."""
    paragraphs = [node for node in cell.childNodes if node.qname == (TEXTNS, "p")]
    return "\n".join(teletype.extractText(p) for p in paragraphs)
