"""Read and write the directory as CSV, the way coordinators keep it in a spreadsheet.

Columns are :data:`COLUMNS`, then the referents' repeated columns (``referent1_name``...: see
:mod:`chatbot.formats.referent_columns`); only ``name`` is required. Multi-valued cells use ``|``
(``CAF | Caisse d'allocations familiales``); a phone written ``interne: 01 40 ...`` is internal.
Files saved by French Excel work as they are: ``;`` delimiter, UTF-8 with a BOM ("CSV UTF-8")
or Windows-1252 ("CSV (séparateur: point-virgule)").

Choices made here:

- A ``str`` source is a path, as with :func:`open`; pass ``bytes`` or a text stream for contents.
- Encoding: UTF-8 with or without BOM. A file that is not UTF-8 and has no UTF-8 accented text
  at all is read as Windows-1252 (what Excel writes); a file mixing both is refused, naming the
  lines that are not UTF-8, rather than turning "é" into "Ã©".
- A url without a scheme that looks like a domain (``caf.fr/contact``) gets ``https://``.
- ``last_verified`` (``2024-03-05``, or ``05/03/2024`` as French Excel rewrites dates) becomes
  midnight UTC of that day; ``last_verified_by`` stays None: a spreadsheet does not say who
  checked. Export writes the UTC date, so times of day do not survive a round trip.
- Rows shorter than the header are padded with empty cells; rows with a value past the last
  column are refused.
- Line numbers are physical lines of the file (header = 1); a record whose quoted cell holds
  newlines is reported at the line where it starts.
- UTF-16 is read too: Excel's "Unicode text" (UTF-16 LE with a BOM, tab-delimited), and UTF-16
  without a BOM when every other byte is NUL. A workbook (.xlsx, .xls) is refused as such.
  (Decoding lives in :mod:`chatbot.formats.csv_decoding`.)
- A line holding a NUL character is refused, naming it (databases cannot store NUL).
- Formulas (OWASP "CSV injection"): on export, a cell starting with ``=``, ``+``, ``-``, ``@``,
  tab or CR gets a leading ``'`` so Excel and LibreOffice show it as text, unless it is a plain
  number or phone (``+33 1 23 45 67 89``, ``-12,5``: digits, spaces, ``.,()`` after the sign).
  A cell that already starts with ``'`` followed by such a value gets one more ``'``. Import
  drops one leading ``'`` exactly when the rest would have been protected: both directions use
  :func:`_formula_like`, so reading an export gives back every value, and a ``'`` a person
  typed before ordinary text (``'t is``) stays.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Any, TextIO

from chatbot.directory import (
    Entry,
    Visibility,
    field_as_text,
    parse_phones,
    split_list,
)
from chatbot.formats.csv_decoding import CsvImportError, RowError, decode, read_source
from chatbot.formats.csv_header import (
    COLUMNS,
    INTERNAL_COLUMNS,
    column_label,
    read_header,
)
from chatbot.formats.referent_columns import (
    has_referent_columns,
    read_referents,
    referent_cells,
    referent_header,
)
from chatbot.i18n import _

_FIELD_OF = {"phone": "phones", "last_verified": "last_verified_at"}
"""Entry fields whose name differs from their column's."""
_DELIMITERS = (",", ";", "\t")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]+$")
_BARE_DOMAIN = re.compile(r"^[\w-]+(\.[\w-]+)*\.[a-z]{2,}(:\d+)?([/?#]\S*)?$", re.IGNORECASE)
_FORMULA_STARTS = frozenset("=+-@\t\r")
_PLAIN_NUMBER = re.compile(r"[+-]?\d[\d .,()]*")
"""What a spreadsheet reads as a number or leaves as text, never as a formula."""
_DATE_FORMATS = ("%d/%m/%Y", "%d/%m/%Y %H:%M", "%d/%m/%Y %H:%M:%S", "%d-%m-%Y", "%d.%m.%Y")

Progress = Callable[[int, int], None]
"""Called with (physical lines read, total lines) while a file is read."""


@dataclass(frozen=True)
class CsvTable:
    entries: list[Entry]
    columns: tuple[str, ...]
    """The columns of :data:`COLUMNS` the file has, in the file's order."""

    @property
    def missing_columns(self) -> tuple[str, ...]:
        return tuple(c for c in COLUMNS if c not in self.columns)

    @property
    def lacks_columns(self) -> bool:
        """Whether some fields are not in the file: missing columns, or no referent column
        (then :meth:`keeping_missing_columns` keeps the stored referents)."""
        return bool(self.missing_columns) or not has_referent_columns(self.columns)

    @property
    def public_view(self) -> bool:
        """Whether the file has every column but the internal ones: a public export, edited
        maybe. It cannot show internal phones and referents, so it does not remove them either
        (a file of a few columns, ``name,phone`` say, sets what it holds)."""
        return self.missing_columns == INTERNAL_COLUMNS

    def keeping_missing_columns(self, existing: Iterable[Entry]) -> list[Entry]:
        """The entries, with fields the file has no column for taken from ``existing`` entries
        of the same name: a file with only ``name,phone`` updates phones and nothing else, and
        a public export (:attr:`public_view`) keeps the internal phones and referents."""
        missing = [_FIELD_OF.get(c, c) for c in self.missing_columns]
        if not has_referent_columns(self.columns):
            missing.append("referents")
        if not missing:
            return self.entries
        by_key = {name_key(e.name): e for e in existing}
        merged = []
        for entry in self.entries:
            old = by_key.get(name_key(entry.name))
            if old is not None:
                entry = entry.with_changes({f: getattr(old, f) for f in missing})
                if self.public_view:
                    entry = _with_internal_details_of(old, entry)
            merged.append(entry)
        return merged


def _with_internal_details_of(old: Entry, entry: Entry) -> Entry:
    """``entry`` as a public file gives it, with the internal phones and referents ``old``
    has and the file could not show."""
    names = {name_key(r.name) for r in entry.referents}
    return entry.with_changes(
        {
            "phones": (
                *entry.phones,
                *(p for p in old.phones if p.internal and p not in entry.phones),
            ),
            "referents": (
                *entry.referents,
                *(r for r in old.referents if not r.public and name_key(r.name) not in names),
            ),
        }
    )


def read_entries(
    source: Path | str | bytes | TextIO, *, progress: Progress | None = None
) -> list[Entry]:
    """Every entry of a CSV file, or :class:`CsvImportError` listing every bad row."""
    return read_table(source, progress=progress).entries


def read_table(
    source: Path | str | bytes | TextIO, *, progress: Progress | None = None
) -> CsvTable:
    """Like :func:`read_entries`, also telling which columns the file has."""
    text = decode(read_source(source))
    lines = io.StringIO(text, newline="").readlines()
    nul = _("contains a NUL character")
    errors = [RowError(n, nul) for n, line in enumerate(lines, start=1) if "\x00" in line]
    if errors:  # reported; the rest of the file is still checked
        lines = [line.replace("\x00", "") for line in lines]
    reader = csv.reader(lines, delimiter=_detect_delimiter(lines), strict=True)
    return _table(_csv_rows(reader, len(lines), errors, progress), errors)


def table_from_rows(rows: Iterable[tuple[int, list[str]]], *, sheet: str) -> CsvTable:
    """The directory in a workbook's sheet: ``rows`` are (row number, cells as text), read as
    the lines of a CSV file are; :class:`CsvImportError` names the sheet, row and column."""
    errors: list[RowError] = []
    try:
        return _table(rows, errors, sheet=sheet)
    except CsvImportError as exc:
        raise CsvImportError([replace(e, sheet=sheet) for e in exc.errors]) from None


def _csv_rows(
    reader: Any, total: int, errors: list[RowError], progress: Progress | None
) -> Iterator[tuple[int, list[str]]]:
    """(first line, cells) of each record; what the csv module cannot read goes to ``errors``."""
    while True:
        start = reader.line_num + 1
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            errors.append(RowError(start, _csv_error_message(exc)))
            if reader.line_num < start:  # no progress: do not loop forever
                return
            continue
        finally:
            if progress is not None:
                progress(reader.line_num, total)
        yield start, cells


def _table(
    rows: Iterable[tuple[int, list[str]]], errors: list[RowError], *, sheet: str = ""
) -> CsvTable:
    header: list[str] | None = None
    entries: list[Entry] = []
    first_line_of: dict[str, int] = {}
    for start, raw in rows:
        cells = [_clean(cell) for cell in raw]
        if not any(cells):
            continue
        if header is None:
            header = read_header(cells, start, errors)
            if header is None:
                break
            continue
        entry = _entry_from_row(header, cells, start, errors)
        if entry is None:
            continue
        key = name_key(entry.name)
        if key in first_line_of:
            message = (
                _('"{name}" is also on row {other}; a name can appear only once')
                if sheet
                else _('"{name}" is also on line {other}; a name can appear only once')
            )
            errors.append(
                RowError(start, message.format(name=entry.name, other=first_line_of[key]))
            )
            continue
        first_line_of[key] = start
        entries.append(entry)
    if header is None and not errors:
        errors.append(RowError(1, _("the file is empty: a header line is expected")))
    if errors:
        if header is not None:
            errors = [replace(e, column=column_label(header, e.column)) for e in errors]
        raise CsvImportError(errors)
    return CsvTable(entries, tuple(c for c in header or () if c))


def write_entries(
    entries: Iterable[Entry],
    target: Path | TextIO,
    *,
    delimiter: str = ",",
    bom: bool = False,
    columns: tuple[str, ...] = COLUMNS,
) -> int:
    """Write a header and one row per entry; returns the number of entries written.

    ``bom=True`` with ``delimiter=";"`` is what French Excel opens without a question.
    ``columns`` (some of :data:`COLUMNS`) leaves the others out, as a public export does.
    """
    if isinstance(target, Path):
        with target.open("w", encoding="utf-8", newline="") as stream:
            return write_entries(entries, stream, delimiter=delimiter, bom=bom, columns=columns)
    if bom:
        target.write("\ufeff")
    writer = csv.writer(target, delimiter=delimiter, lineterminator="\r\n")
    header, rows = entry_rows(entries, columns=columns)
    writer.writerow(header)
    for row in rows:
        writer.writerow([spreadsheet_safe(cell) for cell in row])
    return len(rows)


def entry_rows(
    entries: Iterable[Entry], *, columns: tuple[str, ...] = COLUMNS
) -> tuple[tuple[str, ...], list[list[str]]]:
    """The header and one row of text cells per entry, as every format writes them; cells are
    not yet protected with :func:`spreadsheet_safe` (each writer does it, once)."""
    entries = list(entries)
    referent_columns = referent_header(entries)
    rows = [
        _row_of(entry, columns) + referent_cells(entry, len(referent_columns)) for entry in entries
    ]
    return tuple(columns) + referent_columns, rows


def _row_of(entry: Entry, columns: tuple[str, ...]) -> list[str]:
    cells = []
    for column in columns:
        if column == "last_verified":
            at = entry.last_verified_at
            cells.append(
                "" if at is None else (at.astimezone(UTC) if at.tzinfo else at).date().isoformat()
            )
        else:
            cells.append(field_as_text(entry, _FIELD_OF.get(column, column)))
    return cells


def spreadsheet_safe(cell: str) -> str:
    """Keep a spreadsheet from running a cell as a formula (``=HYPERLINK(...)``, ``@SUM``): a
    leading apostrophe makes it text. Reading the file back drops it (see :func:`_clean`)."""
    return "'" + cell if _formula_like(cell) else cell


def _formula_like(cell: str) -> bool:
    """Starts like a formula and is not a plain number or phone, or is an already protected
    such value (so that protection round-trips)."""
    if cell[:1] in _FORMULA_STARTS:
        return not _PLAIN_NUMBER.fullmatch(cell)
    return cell[:1] == "'" and _formula_like(cell[1:])


def _detect_delimiter(lines: list[str]) -> str:
    """The delimiter the header line uses most (``;`` for French Excel, ``,`` otherwise)."""
    header = next((line for line in lines if line.strip()), "")
    counts = {d: header.count(d) for d in _DELIMITERS}
    best = max(_DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


def _csv_error_message(exc: csv.Error) -> str:
    if "unexpected end of data" in str(exc):
        return _('a quoted cell is never closed: a " is missing')
    if "field larger than field limit" in str(exc):
        return _("a cell is longer than {limit} characters").format(limit=csv.field_size_limit())
    return _('a quote (") is misplaced: {detail}').format(detail=exc)


def _entry_from_row(
    header: list[str], cells: list[str], line: int, errors: list[RowError]
) -> Entry | None:
    if any(cells[len(header) :]):  # empty cells past the last column are harmless
        message = _("{count} cells but the header has {columns} columns")
        errors.append(RowError(line, message.format(count=len(cells), columns=len(header))))
        return None
    if any(cell for column, cell in zip(header, cells, strict=False) if not column):
        errors.append(RowError(line, _("a cell is under a column with no name")))
        return None
    row = dict(zip(header, cells, strict=False))
    problems: list[str] = []
    columns: list[str] = []  # the column of each problem, "" where its message names it

    def at(column: str) -> None:
        columns.extend([column] * (len(problems) - len(columns)))

    name = row.get("name", "")
    if not name:
        problems.append(_("the name is empty"))
    at("name")
    phones = parse_phones(row.get("phone", ""))
    for phone in phones:
        if not phone.digits:
            problems.append(_('the phone "{phone}" has no digits').format(phone=phone))
    at("phone")
    email = row.get("email", "")
    if email and not _EMAIL.match(email):
        problems.append(_('"{email}" is not an email address').format(email=email))
    at("email")
    url = _normalise_url(row.get("url", ""), problems)
    at("url")
    visibility = Visibility.parse(row.get("visibility", ""))
    if visibility is None:
        problems.append(
            _('visibility "{value}" is neither "public" nor "internal"').format(
                value=row["visibility"]
            )
        )
    at("visibility")
    verified_at = _parse_date(row.get("last_verified", ""), problems)
    at("last_verified")
    referents = read_referents(row, problems)
    at("")
    errors.extend(RowError(line, p, column=c) for p, c in zip(problems, columns, strict=True))
    if problems or visibility is None:
        return None
    return Entry(
        name=name,
        aliases=_unique(split_list(row.get("aliases", ""))),
        theme=row.get("theme", ""),
        phones=phones,
        email=email,
        url=url,
        address=row.get("address", ""),
        hours=row.get("hours", ""),
        notes=row.get("notes", ""),
        visibility=visibility,
        last_verified_at=verified_at,
        referents=referents,
    )


def name_key(name: str) -> str:
    """Names match ignoring case and repeated spaces, as storage matches them."""
    return " ".join(name.split()).casefold()


def _clean(cell: str) -> str:
    """Strip a cell, drop the apostrophe :func:`spreadsheet_safe` put before a formula-like
    value, and give inner line breaks one form, whatever wrote the file. The apostrophe is
    judged on the cell as export wrote it, before stripping or line breaks change (``'+1`` CR)."""
    raw = cell.lstrip()
    cell = cell.strip()
    if raw[:1] == "'" and _formula_like(raw[1:]):
        cell = cell[1:]
    return cell.replace("\r\n", "\n").replace("\r", "\n")


def _unique(values: list[str]) -> tuple[str, ...]:
    seen: dict[str, str] = {}
    for value in values:
        seen.setdefault(value.casefold(), value)
    return tuple(seen.values())


def _normalise_url(url: str, problems: list[str]) -> str:
    if not url or re.match(r"^https?://\S+$", url, re.IGNORECASE):
        return url
    if _BARE_DOMAIN.match(url):
        return f"https://{url}"
    problems.append(
        _('"{url}" is not a web address (it should start with https://)').format(url=url)
    )
    return url


def _parse_date(text: str, problems: list[str]) -> datetime | None:
    if not text:
        return None
    day: date | None = None
    try:
        day = datetime.fromisoformat(text).date()
    except ValueError:
        for pattern in _DATE_FORMATS:
            try:
                day = datetime.strptime(text, pattern).date()
                break
            except ValueError:
                continue
    if day is None:
        problems.append(
            _('"{value}" is not a date; write it 2024-03-05 or 05/03/2024').format(value=text)
        )
        return None
    return datetime.combine(day, time(), tzinfo=UTC)
