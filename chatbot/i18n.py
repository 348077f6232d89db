"""Translations through gettext catalogues kept as Babel ``.po`` files.

Message ids are English; ``BOT_LANGUAGE`` (French by default) picks the catalogue. The ``.po``
files are compiled in memory at first use, so there is no build step to forget.
"""

from __future__ import annotations

import gettext
import io
from collections.abc import Sequence
from contextvars import ContextVar
from functools import cache
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

LOCALE_DIR = Path(__file__).parent / "locale"
DEFAULT_LANGUAGE = "fr"
DOMAIN = "messages"

_language: ContextVar[str] = ContextVar("language", default=DEFAULT_LANGUAGE)


def available_languages() -> list[str]:
    return sorted(p.name for p in LOCALE_DIR.iterdir() if (p / "LC_MESSAGES").is_dir())


def set_language(language: str) -> None:
    """Make ``language`` the one every following ``_()`` in this context uses."""
    if language not in available_languages():
        raise ValueError(f"unknown language {language!r}; available: {available_languages()}")
    _language.set(language)


def current_language() -> str:
    return _language.get()


@cache
def catalogue(language: str) -> gettext.NullTranslations:
    po_path = LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"
    if not po_path.exists():
        return gettext.NullTranslations()
    with po_path.open("rb") as po_file:
        catalog = read_po(po_file, locale=language)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


def _(message: str) -> str:
    """Translate ``message`` into the current language."""
    return catalogue(_language.get()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return catalogue(_language.get()).ngettext(singular, plural, n)


def or_list(values: Sequence[str]) -> str:
    """``a, b or c`` in the current language."""
    if len(values) < 2:
        return "".join(values)
    return _("{values} or {last}").format(values=", ".join(values[:-1]), last=values[-1])


def N_(message: str) -> str:
    """Mark ``message`` for extraction without translating it yet (declarations at import)."""
    return message
