"""How entries look in chat: a full contact card, or one line among other results.

Visibility is decided here, once: internal entries, internal phone lines and notes appear only
where the context allows (a private conversation, or a coordinator). :func:`shown_value` applies
the same rule to a value met elsewhere (a suggestion, a history line, the digest).
"""

from __future__ import annotations

from datetime import datetime

from babel.dates import format_date

from chatbot.context import Context
from chatbot.directory import REFERENT, Entry, Phone, field_from_text, is_stale
from chatbot.i18n import _, current_language
from chatbot.reply import Actions, Block, BulletList, Button, Fields, Heading, Link, Note, Reply
from commands.directory.fields import FIELD_LABELS, INTERNAL_FIELDS
from commands.directory.referent_card import (
    hides_referents,
    referent_items,
    shown_referent_text,
)

HIDDEN = "…"
"""What a reader sees instead of a value they may not see."""


def entry_ref(entry: Entry) -> str:
    """How buttons refer to an entry: by id, immune to renames and homonyms."""
    return f"#{entry.id}"


def internal_label(text: str) -> str:
    """``"Phone"`` -> ``"Phone (internal)"``."""
    return _("{text} (internal)").format(text=text)


def format_day(moment: datetime) -> str:
    return format_date(moment.date(), format="medium", locale=current_language())


def visible_phones(phones: tuple[Phone, ...], *, see_internal: bool) -> tuple[Phone, ...]:
    return tuple(p for p in phones if see_internal or not p.internal)


def shown_value(entry: Entry | None, field_name: str, text: str, *, see_internal: bool) -> str:
    """``text``, a value of ``entry``'s field (current, old or suggested), as the card would
    show it: whole where internal details may be seen (``ctx.may_see_internal``; never in the
    digest), else nothing of an internal (or removed) entry or field, and only public phone
    lines. Every line that quotes a field value passes it through here."""
    if field_name == REFERENT:
        return shown_referent_text(entry, text, see_internal=see_internal)
    if see_internal:
        return text
    if entry is None or entry.internal or field_name in INTERNAL_FIELDS:
        return HIDDEN if text else ""
    if field_name != "phones":
        return HIDDEN if quotes_internal_line(entry, text) else text
    phones = field_from_text("phones", text)
    assert isinstance(phones, tuple)
    public = visible_phones(phones, see_internal=False)
    parts = [str(p) for p in public] + ([HIDDEN] if len(public) < len(phones) else [])
    return " | ".join(parts)


def quotes_internal_line(entry: Entry, text: str) -> bool:
    """Whether ``text`` (a searched alias, say) holds one of the entry's internal numbers
    (of 4 digits or more: a short extension would hide every value holding its digits)."""
    digits = "".join(c for c in text if c.isdigit())
    return any(p.internal and len(p.digits) >= 4 and p.digits in digits for p in entry.phones)


def card(ctx: Context, entry: Entry) -> Reply:
    """The full contact card of ``entry`` as this context may see it."""
    if entry.internal and not ctx.may_see_internal:
        return Reply.of(
            Heading(entry.name),
            Note(_("This is an internal contact: ask me in a direct message to see it.")),
        )
    see_internal = ctx.may_see_internal
    phones = visible_phones(entry.phones, see_internal=see_internal)
    hidden_details = len(phones) < len(entry.phones) or (entry.notes and not see_internal)
    items: list[tuple[str, str]] = []
    for phone in phones:
        label = _(FIELD_LABELS["phones"])
        items.append((internal_label(label) if phone.internal else label, phone.number))
    for field_name in ("email", "address", "hours"):
        value = getattr(entry, field_name)
        if value:
            items.append((_(FIELD_LABELS[field_name]), value))
    if entry.aliases:
        items.append((_(FIELD_LABELS["aliases"]), ", ".join(entry.aliases)))
    if entry.notes and see_internal:
        items.append((_(FIELD_LABELS["notes"]), entry.notes))
    items += referent_items(entry.referents, see_internal=see_internal)
    hidden_details = hidden_details or hides_referents(entry.referents, see_internal=see_internal)
    title = internal_label(entry.name) if entry.internal else entry.name
    return Reply.of(
        Heading(title),
        Note(entry.theme) if entry.theme else None,
        Fields(tuple(items)) if items else None,
        Link(entry.url, entry.url) if entry.url else None,
        Note(_("Some internal details are hidden here: ask me in a direct message."))
        if hidden_details
        else None,
        _verification_note(ctx, entry),
        Actions(tuple(_card_buttons(ctx, entry))),
    )


def _verification_note(ctx: Context, entry: Entry) -> Note:
    """The freshness badge: verified on which day by whom, or to check; the fields checked
    alone since; and what someone reported as possibly outdated."""
    lines = []
    if entry.flag:
        shown = (
            HIDDEN
            if quotes_internal_line(entry, entry.flag) and not ctx.may_see_internal
            else entry.flag
        )
        lines.append(_("⚠ Reported as possibly outdated: {what}").format(what=shown))
    lines.append(_freshness(ctx, entry))
    for label, checked in (
        (FIELD_LABELS["phones"], entry.phones_verified_at),
        (FIELD_LABELS["hours"], entry.hours_verified_at),
    ):
        if checked is not None and (
            entry.last_verified_at is None or checked > entry.last_verified_at
        ):
            lines.append(
                _("{field} checked on {day}.").format(field=_(label), day=format_day(checked))
            )
    return Note("\n".join(lines))


def _freshness(ctx: Context, entry: Entry) -> str:
    if entry.last_verified_at is None:
        return _("⚠ To check: never verified.")
    day = format_day(entry.last_verified_at)
    settings = ctx.services.settings
    if is_stale(
        entry,
        ctx.now(),
        settings.directory_stale_days,
        by_theme=settings.directory_stale_days_by_theme,
    ):
        return _("⚠ To check: last verified on {day}.").format(day=day)
    if entry.last_verified_by_name:
        return _("Verified on {day} by {who}.").format(day=day, who=entry.last_verified_by_name)
    return _("Verified on {day}.").format(day=day)


def may_verify(ctx: Context, entry: Entry) -> bool:
    """Coordinators verify every entry; a verifier, the entries they look after."""
    return ctx.is_coordinator or (entry.verifier is not None and entry.verifier == ctx.user_id)


def _card_buttons(ctx: Context, entry: Entry) -> list[Button]:
    buttons = [
        Button(_("Suggest an edit"), "suggest", entry_ref(entry)),
        Button(_("This is wrong"), "flag", entry_ref(entry)),
    ]
    if may_verify(ctx, entry):
        buttons.append(Button(_("Still correct"), "verify", entry_ref(entry)))
    return buttons


def summary_line(ctx: Context, entry: Entry) -> str:
    """One line: name, theme and the first phone this context may see."""
    if entry.internal and not ctx.may_see_internal:
        return internal_label(entry.name)
    phones = visible_phones(entry.phones, see_internal=ctx.may_see_internal)
    phone = phones[0].number if phones else ""
    return " · ".join(part for part in (entry.name, entry.theme, phone) if part)


def entry_list(ctx: Context, entries: list[Entry]) -> Block:
    return BulletList(tuple(summary_line(ctx, e) for e in entries))
