"""Text the bot cannot keep: bytes that were not UTF-8, and NUL characters.

Bytes that are not UTF-8 reach the bot as lone surrogates (``surrogateescape`` on the console,
``\\udcff`` escapes in a platform's JSON); no database stores them and no UTF-8 output can
carry them. PostgreSQL refuses NUL in text, SQLite would keep it but cut it short elsewhere.
:meth:`chatbot.bot.Bot.handle` answers such a message with :func:`refusal` before any command
sees it; outputs pass what they print through :func:`printable`.
"""

from __future__ import annotations

import io
import re
from typing import TextIO

from chatbot.i18n import _

_SURROGATE = re.compile("[\ud800-\udfff]")


def refusal(text: str) -> str | None:
    """Why ``text`` cannot be handled (translated), or None when it can."""
    if _SURROGATE.search(text):
        return _(
            "I could not read that message: part of it is not text (not UTF-8). "
            "Please type it again or paste it as plain text."
        )
    if "\x00" in text:
        return _(
            "That message holds a NUL character (\\0), which cannot be saved. "
            "Please send it again without it."
        )
    return None


def printable(text: str) -> str:
    """``text`` with any lone surrogate replaced by U+FFFD: always encodable as UTF-8."""
    return _SURROGATE.sub("\ufffd", text)


def tolerant_input(stream: TextIO) -> TextIO:
    """Read bytes that are not UTF-8 as lone surrogates (then refused politely) instead of
    raising ``UnicodeDecodeError``, which would end the console. Only before the first read."""
    if isinstance(stream, io.TextIOWrapper):
        stream.reconfigure(errors="surrogateescape")
    return stream


def safe_output(stream: TextIO, *, utf8: bool) -> TextIO:
    """Never fail on a character the stream's encoding lacks (it becomes ``?``); with
    ``utf8`` (``--json``), write UTF-8 whatever the locale."""
    if isinstance(stream, io.TextIOWrapper):
        if utf8:
            stream.reconfigure(encoding="utf-8", errors="replace")
        else:
            stream.reconfigure(errors="replace")
    return stream
