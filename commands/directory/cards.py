"""How entries look in chat: a full contact card, or one line among other results.

Visibility is decided here, once: internal entries, internal phone lines and notes appear only
where the context allows (a private conversation, or a coordinator).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from babel.dates import format_date

from chatbot.context import Context
from chatbot.directory import Entry
from chatbot.i18n import _, current_language
from chatbot.reply import Actions, Block, BulletList, Button, Fields, Heading, Link, Note, Reply
from commands.directory.fields import FIELD_LABELS


def entry_ref(entry: Entry) -> str:
    """How buttons refer to an entry: by id, immune to renames and homonyms."""
    return f"#{entry.id}"


def internal_label(text: str) -> str:
    """``"Phone"`` -> ``"Phone (internal)"``."""
    return _("{text} (internal)").format(text=text)


def is_stale(ctx: Context, entry: Entry) -> bool:
    if entry.last_verified_at is None:
        return True
    limit = timedelta(days=ctx.services.settings.directory_stale_days)
    return ctx.now() - entry.last_verified_at > limit


def format_day(moment: datetime) -> str:
    return format_date(moment.date(), format="medium", locale=current_language())


def card(ctx: Context, entry: Entry) -> Reply:
    """The full contact card of ``entry`` as this context may see it."""
    if entry.internal and not ctx.may_see_internal:
        return Reply.of(
            Heading(entry.name),
            Note(_("This is an internal contact: ask me in a direct message to see it.")),
        )
    see_internal = ctx.may_see_internal
    phones = [p for p in entry.phones if see_internal or not p.internal]
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
    if entry.last_verified_at is None:
        return Note(_("⚠ To check: never verified."))
    day = format_day(entry.last_verified_at)
    if is_stale(ctx, entry):
        return Note(_("⚠ To check: last verified on {day}.").format(day=day))
    return Note(_("Verified on {day}.").format(day=day))


def _card_buttons(ctx: Context, entry: Entry) -> list[Button]:
    buttons = [Button(_("Suggest an edit"), "suggest", entry_ref(entry))]
    if ctx.is_coordinator:
        buttons.append(Button(_("Still correct"), "verify", entry_ref(entry)))
    return buttons


def summary_line(ctx: Context, entry: Entry) -> str:
    """One line: name, theme and the first phone this context may see."""
    if entry.internal and not ctx.may_see_internal:
        return internal_label(entry.name)
    phone = next((p.number for p in entry.phones if ctx.may_see_internal or not p.internal), "")
    return " · ".join(part for part in (entry.name, entry.theme, phone) if part)


def entry_list(ctx: Context, entries: list[Entry]) -> Block:
    return BulletList(tuple(summary_line(ctx, e) for e in entries))
