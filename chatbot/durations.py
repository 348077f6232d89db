"""Durations as people read them: ``12 min``, ``5 h``, ``3 days``."""

from __future__ import annotations

from chatbot.i18n import _, ngettext


def duration(seconds: float) -> str:
    """``12 min``, ``5 h``, ``3 days``: rounded to what a reader needs."""
    minutes = round(seconds / 60)
    if minutes < 60:
        return _("{n} min").format(n=max(minutes, 1))
    hours = round(seconds / 3600)
    if hours < 48:
        return _("{n} h").format(n=hours)
    days = round(seconds / 86400)
    return ngettext("{n} day", "{n} days", days).format(n=days)
