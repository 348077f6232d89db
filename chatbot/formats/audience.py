"""What a public export of the directory may show: public entries, their public fields.

Internal are: an entry whose visibility is internal (all of it), its ``notes``, its phones
marked internal (``interne: ...``) and its referents not marked public
(:func:`chatbot.referents.public_referents`). Every public format (CSV, xlsx, ods, the printable
list) goes through :func:`public_view`, and its columns are :data:`PUBLIC_COLUMNS`.
"""

from __future__ import annotations

from collections.abc import Iterable

from chatbot.directory import Entry
from chatbot.formats.csv_header import COLUMNS, INTERNAL_COLUMNS
from chatbot.referents import public_referents

PUBLIC_COLUMNS = tuple(c for c in COLUMNS if c not in INTERNAL_COLUMNS)


def public_view(entries: Iterable[Entry]) -> list[Entry]:
    """The public entries, each with only what anyone may see."""
    return [
        entry.with_changes(
            {
                "notes": "",
                "phones": tuple(p for p in entry.phones if not p.internal),
                "referents": public_referents(entry.referents),
            }
        )
        for entry in entries
        if not entry.internal
    ]
