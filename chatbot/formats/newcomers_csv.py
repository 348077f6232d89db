"""Newcomers to enrol at once, from a CSV file or the first sheet of an .xlsx workbook.

Columns: ``user`` (required: a platform id, ``slack:U0123`` or ``matrix:@ana:example.org``),
``name`` and ``template`` (optional: the default checklist when empty). Decoding and the ``;``
of French Excel are as for the directory (:mod:`chatbot.formats.directory_csv`). No platform
maps e-mail addresses to accounts here, so an e-mail in ``user`` is refused, asking for the id.
Every problem is reported, by line and column, and :class:`CsvImportError` raised: the caller
enrols nobody unless the whole file is right.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from chatbot.formats.csv_decoding import CsvImportError, RowError, decode
from chatbot.formats.xlsx import read_first_sheet
from chatbot.i18n import _
from chatbot.ids import UserId

COLUMNS = ("user", "name", "template")


@dataclass(frozen=True)
class NewcomerLine:
    line: int
    user: UserId
    name: str
    template: str
    """Empty: the default checklist."""


@dataclass(frozen=True)
class Checks:
    """What the caller knows: ``user_id`` returns an id as given or raises ``ValueError`` saying
    why it is none; ``onboarding``: whether someone is already on a checklist;
    ``template``: whether a checklist of that name exists."""

    user_id: Callable[[str], str]
    onboarding: Callable[[UserId], bool]
    template: Callable[[str], bool]


def read_newcomers(data: bytes, *, workbook: bool, checks: Checks) -> list[NewcomerLine]:
    """The newcomers listed in ``data`` (an .xlsx workbook when ``workbook``, else CSV text)."""
    if workbook:
        try:
            sheet, sheet_rows = read_first_sheet(data)
        except ValueError as exc:
            raise CsvImportError(
                [RowError(1, _("not a readable workbook: {reason}").format(reason=exc))]
            ) from None
        texts = [(n, ["" if c is None else str(c) for c in row]) for n, row in sheet_rows]
        return _read(texts, checks, sheet=sheet)
    text = decode(data)
    lines = io.StringIO(text, newline="").readlines()
    delimiter = ";" if lines and lines[0].count(";") > lines[0].count(",") else ","
    reader = csv.reader(lines, delimiter=delimiter)
    records: list[tuple[int, list[str]]] = []
    for cells in reader:
        if any(c.strip() for c in cells):
            records.append((reader.line_num, cells))
    return _read(records, checks, sheet="")


def _read(
    rows: Iterable[tuple[int, list[str]]], checks: Checks, *, sheet: str
) -> list[NewcomerLine]:
    rows = list(rows)
    if not rows:
        raise CsvImportError([RowError(1, _("the file is empty: a header line is expected"))])
    header_line, header = rows[0]
    names = [cell.strip().lower() for cell in header]
    errors: list[RowError] = []

    def problem(line: int, index: int, message: str) -> None:
        column = names[index] if index < len(names) and names[index] else str(index + 1)
        if sheet:
            errors.append(
                RowError(line, message, sheet=sheet, column=f"{_letter(index)} ({column})")
            )
        else:
            errors.append(
                RowError(
                    line, _("column {column}: {problem}").format(column=column, problem=message)
                )
            )

    for index, name in enumerate(names):
        if name and name not in COLUMNS:
            problem(header_line, index, _("unknown column; the columns are user, name, template"))
    if "user" not in names:
        errors.append(RowError(header_line, _("the user column is missing"), sheet=sheet))
        raise CsvImportError(errors)
    where = {name: names.index(name) for name in COLUMNS if name in names}
    seen: dict[str, int] = {}
    result = []
    for line, cells in rows[1:]:
        value = {name: (cells[i].strip() if i < len(cells) else "") for name, i in where.items()}
        user = value["user"]
        if not user:
            problem(line, where["user"], _("a platform id is required"))
            continue
        if "@" in user and ":" not in user:
            problem(
                line,
                where["user"],
                _(
                    "{value} looks like an e-mail address; no platform here finds accounts by "
                    "e-mail, give the platform id (slack:U0123, matrix:@ana:example.org)"
                ).format(value=user),
            )
            continue
        try:
            user = checks.user_id(user)
        except ValueError as exc:
            problem(line, where["user"], str(exc))
            continue
        if user in seen:
            problem(
                line,
                where["user"],
                _("{user} is already on line {line}").format(user=user, line=seen[user]),
            )
            continue
        seen[user] = line
        if checks.onboarding(UserId(user)):
            problem(line, where["user"], _("{user} is already onboarding").format(user=user))
            continue
        template = value.get("template", "")
        if template and not checks.template(template):
            problem(
                line,
                where["template"],
                _("there is no checklist called «{name}»").format(name=template),
            )
            continue
        result.append(
            NewcomerLine(line, UserId(user), value.get("name", ""), value.get("template", ""))
        )
    if errors:
        raise CsvImportError(errors)
    return result


def _letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters
