"""Entries a file seems to rename: a spreadsheet's "CPAS Ixelles" row that became "CPAS
d'Ixelles" is imported as a new entry beside the old one, which the coordinator must hear."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence

from rapidfuzz import fuzz, process

from chatbot.directory import Entry
from chatbot.formats.directory_csv import name_key
from chatbot.parsing import fold

ALIKE_NAMES = 88.0
"""How alike (rapidfuzz ratio of folded names) a new name and a dropped one must be."""
MAX_NAME_PAIRS = 10_000_000
"""Beyond this many (new, dropped) pairs, names are not compared, only e-mails and sites."""


def likely_renames(entries: Sequence[Entry], existing: Iterable[Entry]) -> list[tuple[str, str]]:
    """(new name, old name): each entry of ``entries`` the directory lacks that shares its
    e-mail or website, or nearly its name, with an existing entry ``entries`` no longer name
    (demo entries are no programme's own)."""
    in_file = {name_key(entry.name) for entry in entries}
    stored = list(existing)
    stored_keys = {name_key(entry.name) for entry in stored}
    dropped = [e for e in stored if not e.demo and name_key(e.name) not in in_file]
    new = [entry for entry in entries if name_key(entry.name) not in stored_keys]
    if not dropped or not new:
        return []
    # A contact tells one body only when no other entry has it (branches share "caf.fr").
    owners = Counter(c for entry in (*stored, *entries) for c in _contacts(entry))
    by_contact = {c: entry for entry in dropped for c in _contacts(entry) if owners[c] == 2}
    names = [fold(entry.name) for entry in dropped]
    compare_names = len(new) * len(dropped) <= MAX_NAME_PAIRS
    renames = []
    for entry in new:
        old = next((by_contact[c] for c in _contacts(entry) if c in by_contact), None)
        if old is None and compare_names:
            alike = process.extractOne(
                fold(entry.name), names, scorer=fuzz.ratio, score_cutoff=ALIKE_NAMES
            )
            old = dropped[alike[2]] if alike else None
        if old is not None:
            renames.append((entry.name, old.name))
    return renames


def _contacts(entry: Entry) -> set[str]:
    return {fold(c.strip()) for c in (entry.email, entry.url) if c.strip()}
