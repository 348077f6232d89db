"""Refresh chatbot/locale/*/LC_MESSAGES/messages.po from the code (``make i18n``).

Extracts every ``_()``/``N_()``/``ngettext()`` string, keeps the translations already in each
catalogue, adds the new ids untranslated (French falls back to English until translated, and
``tests/chatbot/test_translations.py`` fails until it is), and drops ids no longer used.
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[1]
LOCALE_DIR = ROOT / "chatbot" / "locale"
PACKAGES = ("chatbot", "commands", "adapters", "app")
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}


MessageId = str | tuple[str, str]
"""A message, or a (singular, plural) pair from ``ngettext``."""


def extracted() -> list[MessageId]:
    ids: dict[MessageId, None] = {}
    for package in PACKAGES:
        for _file, _line, message, *_rest in extract_from_dir(
            ROOT / package, method_map=[("**.py", "python")], keywords=KEYWORDS
        ):
            ids.setdefault(tuple(message) if isinstance(message, tuple | list) else message)
    return sorted(ids, key=lambda m: m if isinstance(m, str) else m[0])


def _forms(value: object) -> tuple[str, ...]:
    return tuple(value) if isinstance(value, tuple | list) else (str(value or ""),)


def update(language: str, ids: list[MessageId], extra: dict[str, str]) -> int:
    """Rewrite one catalogue; ``extra`` adds translations by msgid (each plural form by its own
    English text). Returns how many messages still lack a translation."""
    path = LOCALE_DIR / language / "LC_MESSAGES" / "messages.po"
    known: dict[str, str] = {}
    catalog = Catalog(locale=language, project="volunteer-chatbot", charset="utf-8")
    if path.exists():
        with path.open("rb") as po:
            existing = read_po(po)
        for m in existing:
            if m.id:
                known.update(zip(_forms(m.id), _forms(m.string), strict=False))
        # Keep the catalogue's plural rule: a newer Babel's CLDR data may count other forms
        # (French has 3 since Babel 2.19), which would leave every translated plural incomplete.
        catalog.mime_headers = [("Plural-Forms", existing.plural_forms)]
    missing = 0
    for msgid in ids:
        forms = tuple(extra.get(f) or known.get(f, "") for f in _forms(msgid))
        missing += language != "en" and not all(forms)
        catalog.add(msgid, forms if isinstance(msgid, tuple) else forms[0])
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as po:
        write_po(po, catalog, width=100, omit_header=False, sort_output=True)
    return missing


def main() -> int:
    ids = extracted()
    for language in ("fr", "en"):
        missing = update(language, ids, {})
        if missing:
            print(f"{language}: {missing} message(s) to translate in {LOCALE_DIR / language}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
