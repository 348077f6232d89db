"""The header line of a directory file: its columns, by the names people give them (English,
French, the cards' labels), and the errors of a header nobody can read."""

from __future__ import annotations

import re

from chatbot.formats.csv_decoding import RowError
from chatbot.formats.referent_columns import referent_column
from chatbot.i18n import N_, _, ngettext
from chatbot.parsing import fold

INTERNAL_COLUMNS = ("notes",)
"""The columns a public export leaves out (internal phones and referents are cells of others)."""
COLUMNS: tuple[str, ...] = (
    "name",
    "aliases",
    "theme",
    "phone",
    "email",
    "url",
    "address",
    "hours",
    "notes",
    "visibility",
    "last_verified",
)

COLUMN_LIST = N_(
    "name, aliases, theme, phone, email, url, address, hours, notes, visibility, last_verified"
)
"""The columns as errors name them; its translation names them as the header may, in French:
"nom, autres noms, thème..." (a test checks that each is accepted)."""
assert ", ".join(COLUMNS) == COLUMN_LIST

# Header spellings accepted besides the column names (keys are folded, "_" for spaces,
# hyphens and apostrophes).
_HEADER_SYNONYMS = {
    "nom": "name",
    "intitule": "name",
    "organisme": "name",
    "structure": "name",
    "alias": "aliases",
    "autres_noms": "aliases",
    "autre_nom": "aliases",
    "sigle": "aliases",
    "sigles": "aliases",
    "categorie": "theme",
    "rubrique": "theme",
    "numero": "phone",
    "numero_de_telephone": "phone",
    "adresse_mail": "email",
    "adresse_e_mail": "email",
    "site_internet": "url",
    "lien": "url",
    "web": "url",
    "heures_d_ouverture": "hours",
    "horaires_d_ouverture": "hours",
    "remarques": "notes",
    "commentaire": "notes",
    "commentaires": "notes",
    "notes_pour_les_benevoles": "notes",
    "verifiee_le": "last_verified",
    "date_de_verification": "last_verified",
    "phones": "phone",
    "telephone": "phone",
    "telephones": "phone",
    "tel": "phone",
    "e_mail": "email",
    "mail": "email",
    "courriel": "email",
    "site": "url",
    "site_web": "url",
    "website": "url",
    "adresse": "address",
    "horaires": "hours",
    "note": "notes",
    "visibilite": "visibility",
    "verifie_le": "last_verified",
    "derniere_verification": "last_verified",
}


def read_header(cells: list[str], line: int, errors: list[RowError]) -> list[str] | None:
    header: list[str] = []
    unknown: list[str] = []
    twice: list[str] = []
    for cell in cells:
        key = re.sub(r"[\s'-]+", "_", fold(cell))
        column = key if key in COLUMNS else _HEADER_SYNONYMS.get(key) or referent_column(key)
        if not cell:  # spreadsheets add empty header cells after the last column
            column = ""
        elif column is None:
            unknown.append(cell)
        elif column in header and column not in twice:
            twice.append(column)
        header.append(column or cell)
    for column in twice:
        errors.append(
            RowError(line, _('the column "{column}" appears twice').format(column=column))
        )
    columns = _(COLUMN_LIST)
    if unknown:
        message = _("unknown columns: {unknown}; the columns are: {columns}")
        unknown_text = _quoted_few(unknown)
        errors.append(RowError(line, message.format(unknown=unknown_text, columns=columns)))
    if "name" not in header:
        message = _('the header has no "name" column; the columns are: {columns}')
        errors.append(RowError(line, message.format(columns=columns)))
    if unknown or "name" not in header:
        return None
    return header


def _quoted_few(values: list[str], shown: int = 5, width: int = 40) -> str:
    """``"a", "b" and 9,998 more``: a header of thousands of cells gets a one-line message."""
    text = ", ".join(
        f'"{v}"' if len(v) <= width else f'"{v[: width - 1]}…"' for v in values[:shown]
    )
    rest = len(values) - shown
    if rest > 0:
        text += " " + ngettext("and {n} more", "and {n} more", rest).format(n=rest)
    return text


def column_label(header: list[str], column: str) -> str:
    """``C ("phone")``: a column by its letter, as a spreadsheet shows it, and its name."""
    if column not in header:
        return column
    number, letters = header.index(column) + 1, ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return f'{letters} ("{column}")'
