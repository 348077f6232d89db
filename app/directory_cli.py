"""What ``chatbot directory import|export|search`` do, as plain functions the CLI calls.

Each takes its streams explicitly and returns an exit code, so tests call them directly.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Sequence
from datetime import datetime
from pathlib import Path
from typing import TextIO

from chatbot.directory import Entry
from chatbot.errors import NameTaken
from chatbot.files import cannot_read, cannot_write, write_atomically
from chatbot.formats.audience import PUBLIC_COLUMNS, public_view
from chatbot.formats.directory_csv import COLUMNS, CsvImportError, write_entries
from chatbot.formats.directory_files import (
    WRITABLE,
    extension,
    read_directory_file,
    write_directory_file,
)
from chatbot.formats.renames import likely_renames
from chatbot.forms import quote
from chatbot.i18n import _, ngettext, or_list
from chatbot.ids import UserId
from chatbot.ports import DirectoryRepository, ThesaurusRepository
from commands.directory.fields import FIELD_LABELS
from commands.directory.search import SearchIndex
from commands.directory.thesaurus import ThesaurusError, parse_thesaurus

log = logging.getLogger(__name__)

PROGRESS_MIN_LINES = 500
"""Files with fewer lines than this import without a progress bar."""


class ProgressBar:
    """A one-line text bar redrawn in place with carriage returns, only when a step changes."""

    def __init__(self, stream: TextIO, *, label: str, width: int = 30) -> None:
        self._stream = stream
        self._label = label
        self._width = width
        self._percent = -1

    def __call__(self, done: int, total: int) -> None:
        if total < PROGRESS_MIN_LINES:
            return
        percent = min(100, done * 100 // total)
        if percent == self._percent:
            return
        self._percent = percent
        filled = self._width * percent // 100
        bar = "#" * filled + "." * (self._width - filled)
        self._stream.write(f"\r{self._label} [{bar}] {percent:3d}%")
        self._stream.flush()

    def close(self) -> None:
        if self._percent >= 0:
            self._stream.write("\n")
            self._stream.flush()
            self._percent = -1


def import_directory(
    directory: DirectoryRepository,
    path: Path | str,
    *,
    actor: UserId,
    now: datetime,
    out: TextIO,
    err: TextIO,
    progress: bool | None = None,
) -> int:
    """Create or update entries from a CSV, xlsx or ods file (by its extension), all or nothing.

    Every bad row is reported on ``err`` as ``line N: reason`` (in a workbook: its sheet, row
    and column) and nothing is saved. Columns
    the file lacks keep their stored values (only for entries that exist already). Into a
    directory holding only demo entries, the file replaces them, and ``out`` says so. A progress
    bar goes to ``err`` for large files when ``progress`` is True (None: when ``err`` is a
    terminal).
    """
    path = Path(path)
    show_progress = _isatty(err) if progress is None else progress
    bar = ProgressBar(err, label=_("Reading {file}").format(file=path.name))
    try:
        table = read_directory_file(path, progress=bar if show_progress else None)
    except OSError as exc:
        err.write(cannot_read(path, exc) + "\n")
        return 1
    except CsvImportError as exc:
        bar.close()
        err.write(
            _("{file}: {count} problem(s), nothing was imported:").format(
                file=path, count=len(exc.errors)
            )
            + "\n"
        )
        for error in exc.errors:
            err.write(f"{error}\n")
        return 1
    bar.close()
    entries = table.entries
    kept_internal = False
    # Demo entries the import replaces lend no values to the file's rows, nor are renamed.
    existing = [] if directory.holds_only_demo() else directory.all()
    renames = likely_renames(entries, existing)
    if table.lacks_columns and existing:
        entries = table.keeping_missing_columns(existing)
        kept_internal = table.public_view and any(
            len(after.phones) > len(before.phones) or len(after.referents) > len(before.referents)
            for before, after in zip(table.entries, entries, strict=True)
        )
    if show_progress and len(entries) >= PROGRESS_MIN_LINES:
        err.write(_("Saving {count} entries…").format(count=len(entries)) + "\n")
    try:
        result = directory.import_entries(entries, actor=actor, at=now)
    except NameTaken as exc:
        err.write(_("{file}: nothing was imported: {reason}").format(file=path, reason=exc) + "\n")
        return 1
    out.write(
        _("{file}: {created} created, {updated} updated, {unchanged} unchanged").format(
            file=path,
            created=result.created,
            updated=result.updated,
            unchanged=result.unchanged,
        )
        + "\n"
    )
    if result.replaced_demo:
        out.write(
            ngettext(
                "The {count} demo entry was replaced.",
                "The {count} demo entries were replaced.",
                result.replaced_demo,
            ).format(count=result.replaced_demo)
            + "\n"
        )
    if kept_internal:
        out.write(_("A public file: the internal phones and referents were kept.") + "\n")
    if result.undone_edits:
        out.write(_undone_edits(result.undone_edits) + "\n")
    for new_name, old_name in renames[:MAX_RENAMES_LISTED]:
        out.write(
            _(
                "«{new}» is new but looks like «{old}», which this file no longer lists: if it "
                "was renamed, both are in the directory now (remove {old_ref})."
            ).format(new=new_name, old=old_name, old_ref=quote(old_name))
            + "\n"
        )
    log.debug("imported %s: %s", path, result)
    return 0


MAX_UNDONE_LISTED = 10
MAX_RENAMES_LISTED = 10


def _undone_edits(undone: Sequence[tuple[str, str]]) -> str:
    """The warning that the file wrote back values changed in the chat since its export."""
    fields: dict[str, list[str]] = {}
    for name, changed in undone:
        fields.setdefault(name, []).append(_(FIELD_LABELS.get(changed, changed)).lower())
    listed = [f"{name} ({', '.join(labels)})" for name, labels in fields.items()]
    if len(listed) > MAX_UNDONE_LISTED:
        more = len(listed) - MAX_UNDONE_LISTED
        listed = [*listed[:MAX_UNDONE_LISTED], _("{count} more").format(count=more)]
    return _(
        "Warning: this file changed back what was edited in the chat since: {entries}. "
        "Their history keeps the chat's values."
    ).format(entries="; ".join(listed))


def export_directory(
    directory: DirectoryRepository,
    path: Path | str,
    *,
    excel: bool,
    out: TextIO,
    public: bool = False,
    internal: bool = False,
    now: datetime | None = None,
) -> int:
    """Write every entry to ``path`` (``-``: CSV to ``out``), ready for :func:`import_directory`.

    The format is the extension's: ``.csv``, ``.xlsx``, ``.ods``, or the printable list
    ``.html`` (public unless ``internal``). ``public`` keeps public entries and fields only;
    ``excel`` writes a CSV French Excel opens directly: ``;`` delimiter and a UTF-8 BOM.
    """
    entries = directory.all()
    if str(path) == "-":
        delimiter, bom = (";", True) if excel else (",", False)
        shown, columns = (public_view(entries), PUBLIC_COLUMNS) if public else (entries, COLUMNS)
        write_entries(shown, out, delimiter=delimiter, bom=bom, columns=columns)
        return 0
    path = Path(path)
    if extension(path) not in WRITABLE:
        known = or_list(WRITABLE)
        out.write(_("Cannot write {file}: name it {known}.").format(file=path, known=known) + "\n")
        return 1
    try:
        count = write_directory_file(
            path, entries, public=public, internal=internal, excel=excel, at=now
        )
    except OSError as exc:
        out.write(cannot_write(path, exc) + "\n")
        return 1
    out.write(_("{count} entries exported to {file}").format(count=count, file=path) + "\n")
    return 0


def search_directory(
    index_or_entries: SearchIndex | Sequence[Entry],
    queries: Iterable[str],
    *,
    as_json: bool,
    limit: int,
    out: TextIO,
) -> int:
    """Print the best matches of each query, one line per query, in the order given.

    ``queries`` is the QUERY argument as a one-item list, or ``sys.stdin`` (one query a line;
    a blank line still answers a line, so answers stay aligned with questions). With
    ``as_json`` each line is a JSON array of ``{"id", "name", "theme", "score"}``, best first.
    """
    index = (
        index_or_entries
        if isinstance(index_or_entries, SearchIndex)
        else SearchIndex(index_or_entries)
    )
    for raw in queries:
        query = raw.rstrip("\r\n")
        hits = index.search(query, limit=limit) if query.strip() else []
        if as_json:
            found = [
                {
                    "id": h.entry.id,
                    "name": h.entry.name,
                    "theme": h.entry.theme,
                    "score": round(h.score, 1),
                }
                for h in hits
            ]
            out.write(json.dumps(found, ensure_ascii=False) + "\n")
        elif hits:
            answers = " ; ".join(f"{h.entry.name} [{h.score:.0f}]" for h in hits)
            out.write(f"{query} -> {answers}\n")
        else:
            out.write(f"{query} -> " + _("(nothing found)") + "\n")
        out.flush()
    return 0


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def import_synonyms(
    thesaurus: ThesaurusRepository, path: Path | str, *, actor: UserId, now: datetime, out: TextIO
) -> int:
    """Make the YAML file at ``path`` the programme's synonyms (a new version), if it is valid:
    every problem is printed and nothing changes otherwise."""
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except OSError as exc:
        out.write(cannot_read(path, exc) + "\n")
        return 1
    except UnicodeDecodeError:
        out.write(_("{path}: not UTF-8 text").format(path=path) + "\n")
        return 1
    try:
        own = parse_thesaurus(text)
    except ThesaurusError as error:
        out.write(_("{file} was not imported:").format(file=path) + "\n")
        out.writelines(f"  {problem}\n" for problem in error.problems)
        return 1
    version = thesaurus.save(text, actor=actor, at=now, note="")
    out.write(
        _("{count} synonym groups imported from {file} (version {v}).").format(
            count=len(own), file=path, v=version.version
        )
        + "\n"
    )
    return 0


def export_synonyms(thesaurus: ThesaurusRepository, path: Path | str, *, out: TextIO) -> int:
    """Write the programme's current synonyms (``-``: to ``out``), ready to edit and import."""
    current = thesaurus.current()
    text = current.text if current is not None else "synonyms: []\nneeds: []\n"
    if str(path) == "-":
        out.write(text)
        return 0
    try:
        write_atomically(Path(path), lambda stream: stream.write(text))
    except OSError as exc:
        out.write(cannot_write(path, exc) + "\n")
        return 1
    out.write(_("Synonyms written to {file}").format(file=path) + "\n")
    return 0
