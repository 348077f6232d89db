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


def extracted() -> list[str]:
    ids: dict[str, None] = {}
    for package in PACKAGES:
        for _file, _line, message, *_rest in extract_from_dir(
            ROOT / package, method_map=[("**.py", "python")], keywords=KEYWORDS
        ):
            for msgid in message if isinstance(message, tuple) else (message,):
                ids.setdefault(msgid)
    return sorted(ids)


def update(language: str, ids: list[str], extra: dict[str, str]) -> int:
    path = LOCALE_DIR / language / "LC_MESSAGES" / "messages.po"
    known: dict[str, str] = {}
    if path.exists():
        with path.open("rb") as po:
            known = {m.id: m.string for m in read_po(po) if m.id and isinstance(m.id, str)}
    catalog = Catalog(locale=language, project="volunteer-chatbot", charset="utf-8")
    missing = 0
    for msgid in ids:
        text = extra.get(msgid) or known.get(msgid, "")
        missing += language != "en" and not text
        catalog.add(msgid, text)
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
