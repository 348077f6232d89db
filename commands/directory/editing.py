"""Changing the directory (coordinators): add, edit, remove, verify; and reading its history."""

from __future__ import annotations

from collections.abc import Sequence

from chatbot.commands import CommandSet, UsageError, Words
from chatbot.context import Context
from chatbot.directory import (
    ChangeKind,
    Entry,
    Phone,
    Visibility,
    field_from_text,
    parse_phones,
    suggested_phones,
)
from chatbot.errors import CommandError
from chatbot.forms import quote
from chatbot.i18n import N_, _
from chatbot.messenger import display_names
from chatbot.paging import page_footer, page_of, split_page
from chatbot.prompts import is_confirmed
from chatbot.referents import is_referent_word
from chatbot.reply import Actions, Button, Heading, Note, Reply, Text
from chatbot.roles import Role
from chatbot.services import Services
from commands.directory.cards import (
    card,
    entry_ref,
    format_day,
    may_verify,
    shown_value,
    summary_line,
)
from commands.directory.fields import FIELD_CHOICES, FIELD_LABELS, parse_field, split_field
from commands.directory.index import DirectoryIndex
from commands.directory.referents import change_referent

CHECKED_ALONE = ("phones", "hours")
STEWARD_LABELS = {"verifier": N_("Verifier"), "interval": N_("Verification interval")}
"""History lines of ``owner`` and ``interval`` (see commands.directory.stewardship)."""


def value_of(value: Words | None) -> Words:
    """The value typed after a field; when there is none, it is asked for (``prompt``)."""
    if not value or not value.strip():
        raise UsageError(missing="value")
    return value


def editing_commands(index: DirectoryIndex) -> CommandSet:
    """``add``, ``edit``, ``remove``, ``verify`` and ``history``; entries are named as
    ``index`` (the bot's own) resolves them."""
    commands = CommandSet()

    @commands.reads("name")
    def new_name(services: Services, words: Sequence[str]) -> int:
        return index.name_before_theme(services, words)

    @commands.command(
        "add",
        aliases=("ajouter",),
        usage=N_("<name> [theme]"),
        help=N_("Add an entry to the directory, then complete it with edit."),
        role=Role.COORDINATOR,
        labels={"name": N_("Name"), "theme": N_("Theme")},
    )
    async def add(ctx: Context, name: str, theme: Words | None = None) -> Reply:
        if not name.strip():
            raise CommandError(_("The name cannot be empty."))
        entry = ctx.services.directory.add(
            Entry(name=name.strip(), theme=(theme or "").strip()), actor=ctx.user_id, at=ctx.now()
        )
        return Reply.of(
            Text(
                _("«{name}» added. Complete it with edit {ref} <field> <value>.").format(
                    name=entry.name, ref=quote(entry.name)
                )
            )
        ) + card(ctx, entry)

    @commands.command(
        "edit",
        aliases=("modifier", "corriger"),
        usage=N_("<entry> <field> <value>"),
        help=N_("Change one field of an entry (history is kept)."),
        role=Role.COORDINATOR,
        instead="suggest",
        labels={
            "entry": N_("Which entry?"),
            "field": N_("Which field? (phone, e-mail, website, address, hours, notes...)"),
            "value": N_("What is the new value?"),
        },
        choices={"field": FIELD_CHOICES},
        prompt=True,
    )
    async def edit(ctx: Context, entry: str, field: str, value: Words | None = None) -> Reply:
        target = index.resolve(ctx, entry)
        if is_referent_word(field):  # edit caf referent Jean Dupont phone 01 ...
            return change_referent(ctx, target, value_of(value))
        # The field's answer may hold the value too: "horaires lun-ven 9h-12h".
        field, typed = split_field(field, value or "")
        field_name = require_field(field)  # a field nobody knows is said before its value
        value = value_of(Words(typed))
        new_value = parse_value(field_name, value)
        kept: tuple[Phone, ...] = ()
        if field_name == "phones":
            # As for a suggestion: internal lines stay unless the value writes them anew.
            written = parse_phones(value)
            new_value = suggested_phones(target.phones, value)
            kept = tuple(p for p in new_value if p not in written)
        updated = ctx.services.directory.update(
            target.id or 0, {field_name: new_value}, actor=ctx.user_id, at=ctx.now()
        )
        reply = Reply.text(
            _("«{name}» updated: {field}.").format(
                name=updated.name, field=_(FIELD_LABELS[field_name])
            )
        )
        if kept:
            reply += Reply.of(
                Note(
                    _("Internal line kept: {phones} (to change it, write it: interne: …).").format(
                        phones=", ".join(p.number for p in kept)
                    )
                )
            )
        return reply + card(ctx, updated)

    @commands.command(
        "remove",
        aliases=("supprimer", "retirer"),
        usage=N_("<entry>"),
        help=N_("Remove an entry from the directory (its history stays)."),
        role=Role.COORDINATOR,
    )
    async def remove(ctx: Context, entry: str, confirmed: str = "") -> Reply:
        target = index.resolve(ctx, entry)
        if not is_confirmed(confirmed):
            # The name was read from the first words typed: the coordinator sees which entry.
            sure = Button(
                _("Remove «{name}»").format(name=target.name),
                "remove",
                f"{entry_ref(target)} yes",
                yes=True,
            )
            return Reply.of(
                Text(_("Remove «{name}» from the directory?").format(name=target.name)),
                Text(summary_line(ctx, target)),
                Actions((sure,)),
                Note(_("Its history stays. To keep it, do nothing.")),
            )
        ctx.services.directory.remove(target.id or 0, actor=ctx.user_id, at=ctx.now())
        return Reply.text(_("«{name}» removed from the directory.").format(name=target.name))

    @commands.command(
        "verify",
        aliases=("vérifier", "valider"),
        usage=N_("<entry> [phone | hours]"),
        help=N_(
            "Mark an entry as checked at the source today (or only its phone or its hours); "
            "coordinators, and the entry's verifier."
        ),
    )
    async def verify(ctx: Context, entry: Words) -> Reply:
        ref, field_name = _entry_and_field(entry)
        if ref.isdecimal() and ctx.is_coordinator and ctx.services.suggestions.get(int(ref)):
            # "valider 9": the suggestion's number, the word of its button
            raise CommandError(
                _(
                    "«{n}» names no entry. To approve suggestion #{n}: approve {n}; to verify "
                    "an entry by its number: verify #{n}."
                ).format(n=ref)
            )
        target = index.resolve(ctx, ref)
        if not may_verify(ctx, target):
            raise CommandError(
                _("Sorry, {command} is for {role}s only.").format(
                    command=ctx.registry.shown("verify"), role=_(Role.COORDINATOR.label)
                )
            )
        if field_name and not getattr(target, field_name):
            label = _(FIELD_LABELS[field_name]).lower()
            raise CommandError(
                _(
                    "«{name}» has no {field} to check; add it with edit {ref} {field} <value>."
                ).format(name=target.name, field=label, ref=quote(ref))
            )
        ctx.services.directory.verify(
            target.id or 0,
            actor=ctx.user_id,
            at=ctx.now(),
            field=field_name,
            actor_name=ctx.incoming.sender_name,
        )
        if field_name:
            return Reply.text(
                _("«{name}»: {field} marked as checked today. Thank you!").format(
                    name=target.name, field=_(FIELD_LABELS[field_name]).lower()
                )
            )
        return Reply.text(
            _("«{name}» marked as verified today. Thank you!").format(name=target.name)
        )

    @commands.command(
        "history",
        aliases=("historique",),
        usage=N_("<entry> [page <n>]"),
        help=N_("Show who changed an entry, when, and how."),
        read_only=True,
    )
    async def history(ctx: Context, entry: Words) -> Reply:
        """Newest first, a page at a time: what changed lately matters most."""
        ref, number = split_page(entry)
        if not ref:
            raise UsageError
        target = _entry_or_removed(ctx, ref)
        if target.internal and not ctx.may_see_internal:
            raise CommandError(_("This is an internal contact: ask me in a direct message."))
        page = page_of(ctx.services.directory.history(target.id or 0)[::-1], number)
        changes = page.items
        people = [c.actor for c in changes] + [c.suggested_by for c in changes]
        names = await display_names(ctx.services.people, people)
        lines = []
        for change in changes:
            when = format_day(change.at)
            match change.kind:
                case ChangeKind.CREATED:
                    line = _("{when}: created by {who}")
                case ChangeKind.VERIFIED if change.field:
                    line = _("{when}: {field} checked by {who}")
                case ChangeKind.VERIFIED:
                    line = _("{when}: verified by {who}")
                case ChangeKind.FLAGGED:
                    line = _("{when}: reported as possibly outdated by {who}: {new}")
                case ChangeKind.REMOVED:
                    line = _("{when}: removed by {who}")
                case _ if change.suggested_by:
                    line = _("{when}: {field} changed by {who}, suggested by {by}: {old} → {new}")
                case _:
                    line = _("{when}: {field} changed by {who}: {old} → {new}")
            see = ctx.may_see_internal
            old = shown_value(target, change.field, change.old, see_internal=see)
            new = shown_value(target, change.field, change.new, see_internal=see)
            labels = {**FIELD_LABELS, **STEWARD_LABELS}
            field_label = _(labels.get(change.field, change.field)) if change.field else ""
            lines.append(
                line.format(
                    when=when,
                    who=names[change.actor],
                    by=names.get(change.suggested_by, ""),
                    field=field_label,
                    old=old or "∅",
                    new=new or "∅",
                )
            )
        return Reply.of(
            Heading(_("History of {name}").format(name=target.name)),
            Text("\n".join(lines)) if lines else Note(_("No history yet.")),
            *page_footer(page, "history", target.name, button_args=entry_ref(target)),
        )

    def _entry_or_removed(ctx: Context, ref: str) -> Entry:
        """The entry ``ref`` names, or the one removed under that name: what it was stays
        told, to those who may see internal details (what it showed is no longer known)."""
        try:
            return index.resolve(ctx, ref)
        except CommandError:
            removal = ctx.services.directory.removed_named(ref)
            if removal is None:
                raise
            return Entry(
                id=removal.entry_id, name=removal.entry_name, visibility=Visibility.INTERNAL
            )

    return commands


def _entry_and_field(typed: str) -> tuple[str, str]:
    """``mission locale téléphone`` -> (``mission locale``, ``phones``): the entry may be
    several words, quoted or not, and the field checked alone comes last."""
    words = typed.split()
    field_name = ""
    if len(words) > 1 and parse_field(words[-1]) is not None:
        field_name = checked_alone(words[-1])
        typed = " ".join(words[:-1])
    return typed.strip().strip('"«»“” '), field_name


def checked_alone(word: str) -> str:
    """The field ``verify <entry> <field>`` checks alone: phones or hours (they change most)."""
    field_name = parse_field(word)
    if field_name is None or field_name not in CHECKED_ALONE:
        raise CommandError(
            _("Only the phone or the hours can be verified alone, not «{field}».").format(
                field=word
            )
        )
    return field_name


def require_field(word: str) -> str:
    field_name = parse_field(word)
    if field_name is None:
        names = ", ".join(_(label).lower() for label in FIELD_LABELS.values())
        raise CommandError(
            _("I don't know the field «{field}». Fields: {names}.").format(field=word, names=names)
        )
    return field_name


def parse_value(field_name: str, text: str) -> object:
    try:
        value = field_from_text(field_name, text)
    except ValueError:
        raise CommandError(
            _("Visibility must be public or internal, not «{value}».").format(value=text)
        ) from None
    if field_name == "phones":
        for phone in parse_phones(text):
            if not phone.digits:
                raise CommandError(
                    _("«{phone}» is no phone number: it has no digits.").format(phone=phone.number)
                )
    return value
