"""Bytes of a CSV file to text, and the errors an import reports by line.

See :mod:`chatbot.formats.directory_csv` for the encodings read and why.
"""

from __future__ import annotations

import io
import logging
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from chatbot.i18n import _

log = logging.getLogger(__name__)

_UTF16_BOMS = {"utf-16-le": b"\xff\xfe", "utf-16-be": b"\xfe\xff"}
_WORKBOOK_SIGNATURES = (b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")
"""How .xlsx/.ods (zip) and .xls files start."""
_SURROGATE = re.compile("[\ud800-\udfff]")


@dataclass(frozen=True)
class RowError:
    """A problem of one row: ``line`` is the CSV line, or the row of ``sheet`` in a workbook.

    ``column`` names the cell's column where known; a CSV error reads as it always has
    (``line 3: ...``), a workbook's names its sheet, row and column."""

    line: int
    message: str
    sheet: str = ""
    column: str = ""

    def __str__(self) -> str:
        if not self.sheet:
            return _("line {line}: {message}").format(line=self.line, message=self.message)
        if not self.column:
            return _('sheet "{sheet}", row {row}: {message}').format(
                sheet=self.sheet, row=self.line, message=self.message
            )
        return _('sheet "{sheet}", row {row}, column {column}: {message}').format(
            sheet=self.sheet, row=self.line, column=self.column, message=self.message
        )


class CsvImportError(ValueError):
    """The file cannot be imported; ``errors`` lists every problem, by line (any file the
    directory import reads: CSV, xlsx or ods)."""

    def __init__(self, errors: list[RowError]) -> None:
        self.errors = sorted(errors, key=lambda e: (e.sheet, e.line))
        super().__init__("\n".join(str(e) for e in self.errors))


def read_source(source: Path | str | bytes | TextIO) -> bytes | str:
    """The contents of ``source``: a ``str`` is a path, as with :func:`open`."""
    if isinstance(source, bytes):
        return source
    if isinstance(source, str | Path):
        return Path(source).read_bytes()
    return source.read()


def decode(data: bytes | str) -> str:
    """The text of a file, without BOM, or :class:`CsvImportError` naming the lines that
    cannot be decoded."""
    if isinstance(data, str):
        return data.removeprefix("\ufeff")
    if data.startswith(_WORKBOOK_SIGNATURES):
        message = _('this is a spreadsheet workbook, not a CSV file; save it as "CSV UTF-8"')
        raise CsvImportError([RowError(1, message)])
    codec = _utf16_codec(data)
    if codec is not None:
        return _decode_utf16(data.removeprefix(_UTF16_BOMS[codec]), codec)
    data = data.removeprefix(b"\xef\xbb\xbf")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    bad_lines, utf8_lines = [], 0
    for number, line in enumerate(data.splitlines(), start=1):
        try:
            utf8_lines += not line.decode("utf-8").isascii()
        except UnicodeDecodeError:
            bad_lines.append(number)
    if not utf8_lines:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            pass
        else:
            log.info("the file is not UTF-8; read it as Windows-1252")
            return text
    message = _('this line is not valid UTF-8 text; save the file again as "CSV UTF-8"')
    raise CsvImportError([RowError(number, message) for number in bad_lines])


def _utf16_codec(data: bytes) -> str | None:
    """UTF-16 by its BOM or, without one, by NUL bytes: mostly-Latin UTF-16 has a NUL in
    every other byte, which UTF-8 or Windows-1252 text does not."""
    for codec, bom in _UTF16_BOMS.items():
        if data.startswith(bom):
            return codec
    sample = data[:4096]
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    if odd * 2 > len(sample) // 2 and even * 4 < odd:
        return "utf-16-le"
    if even * 2 > len(sample) // 2 and odd * 4 < even:
        return "utf-16-be"
    return None


def _decode_utf16(data: bytes, codec: str) -> str:
    """Decode, naming the lines with a lone surrogate, or cut short (an odd byte count)."""
    text = data[: len(data) // 2 * 2].decode(codec, errors="surrogatepass")
    lines = io.StringIO(text, newline="").readlines()
    bad_lines = [n for n, line in enumerate(lines, start=1) if _SURROGATE.search(line)]
    if len(data) % 2:
        bad_lines.append(max(len(lines), 1))
    if bad_lines:
        message = _('this line is not valid UTF-16 text; save the file again as "CSV UTF-8"')
        raise CsvImportError([RowError(number, message) for number in sorted(set(bad_lines))])
    log.info("the file is UTF-16 (%s)", codec)
    return text
