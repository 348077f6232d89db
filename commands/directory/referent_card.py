"""How an entry's referents show on its card and in history: internal ones only where
internal details may show (``ctx.may_see_internal``), public ones everywhere."""

from __future__ import annotations

from chatbot.directory import Entry, Referent
from chatbot.i18n import N_, _
from chatbot.referents import is_public_text, referent_from_text

REFERENT_LABEL = N_("Referent")
HIDDEN = "…"


def referent_line(referent: Referent) -> str:
    """``Jean Dupont, directeur · 01 23 45 67 89 · jean@caf.fr``"""
    who = f"{referent.name}, {referent.function}" if referent.function else referent.name
    return " · ".join(part for part in (who, referent.phone, referent.email) if part)


def referent_items(referents: tuple[Referent, ...], *, see_internal: bool) -> list[tuple[str, str]]:
    """The card's (label, value) lines for the referents this context may see."""
    label = _(REFERENT_LABEL)
    internal = _("{text} (internal)").format(text=label)
    return [
        (label if r.public else internal, referent_line(r))
        for r in referents
        if see_internal or r.public
    ]


def hides_referents(referents: tuple[Referent, ...], *, see_internal: bool) -> bool:
    return not see_internal and any(not r.public for r in referents)


def shown_referent_text(entry: Entry | None, text: str, *, see_internal: bool) -> str:
    """A history line's referent (``chatbot.referents.referent_text``) as the card would show
    it: where internal details may not show, only a public referent of a public entry."""
    if not text:
        return ""
    if not see_internal and (entry is None or entry.internal or not is_public_text(text)):
        return HIDDEN
    referent = referent_from_text(text)
    line = referent_line(referent)
    return line if referent.public else _("{text} (internal)").format(text=line)
