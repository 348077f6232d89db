"""Coordinators manage an entry's named contacts (referents); volunteers suggest fixes to them.

``referent add caf Jean Dupont; directeur; 01 23 45 67 89; jean@caf.fr public``,
``referent edit caf Jean Dupont phone 01 98 76 54 32`` (also ``edit caf referent ...``),
``referent remove caf Jean Dupont``; ``suggest caf referent Jean Dupont phone 01 ...``.
"""

from __future__ import annotations

from chatbot.commands import CommandSet, Words
from chatbot.context import Context
from chatbot.directory import Entry, Suggestion
from chatbot.errors import CommandError
from chatbot.i18n import N_, _
from chatbot.parsing import fold
from chatbot.referents import (
    SUGGESTIBLE_ATTRIBUTES,
    ReferentError,
    added,
    checked,
    edited,
    find,
    named,
    parse_change,
    parse_referent,
    parse_suggestion_value,
    removed,
    suggestion_value,
    with_text,
)
from chatbot.reply import Reply
from chatbot.roles import Role
from commands.directory.cards import HIDDEN, card
from commands.directory.index import DirectoryIndex

ATTRIBUTE_LABELS = {
    "name": N_("Name"),
    "function": N_("Function"),
    "phone": N_("Phone"),
    "email": N_("E-mail"),
    "visibility": N_("Visibility"),
}
_ACTIONS = {
    "add": "add",
    "ajouter": "add",
    "ajout": "add",
    "new": "add",
    "nouveau": "add",
    "edit": "edit",
    "modifier": "edit",
    "changer": "edit",
    "corriger": "edit",
    "set": "edit",
    "remove": "remove",
    "supprimer": "remove",
    "retirer": "remove",
    "enlever": "remove",
    "delete": "remove",
}


def referent_commands(index: DirectoryIndex) -> CommandSet:
    """``referent add|edit|remove``; entries are named as ``index`` resolves them."""
    commands = CommandSet()

    @commands.command(
        "referent",
        aliases=("referents", "referente"),
        usage=N_("add|edit|remove <entry> <name>..."),
        help=N_(
            "Manage an entry's named contacts (internal unless public): "
            "referent add caf Jean Dupont; director; 01 23 45 67 89; jean@caf.fr public."
        ),
        role=Role.COORDINATOR,
    )
    async def referent(
        ctx: Context,
        action: str | None = None,
        entry: str | None = None,
        details: Words | None = None,
    ) -> Reply:
        verb = _ACTIONS.get(fold(action or "").strip())
        if verb is None or entry is None or not (details or "").strip():
            raise CommandError(referent_usage())
        target = index.resolve(ctx, entry)
        text = (details or "").strip()
        if verb == "edit":
            return change_referent(ctx, target, text)
        try:
            if verb == "add":
                new = parse_referent(text)
                referents = added(target.referents, new)
                message = _("Referent «{name}» added to «{entry}».")
                name = new.name
            else:
                name = named(target.referents, text).name
                referents = removed(target.referents, text)
                message = _("Referent «{name}» removed from «{entry}».")
        except ReferentError as error:
            raise _error(error) from None
        updated = _save(ctx, target, referents)
        return Reply.text(message.format(name=name, entry=updated.name)) + card(ctx, updated)

    return commands


def referent_usage() -> str:
    return _(
        "To manage referents:\n"
        "referent add <entry> <name>; <function>; <phone>; <e-mail> [public]\n"
        "referent edit <entry> <name> <function|phone|e-mail|name|public|internal> <value>\n"
        "referent remove <entry> <name>"
    )


def change_referent(ctx: Context, target: Entry, text: str) -> Reply:
    """``referent edit``, and ``edit <entry> referent ...``: one attribute of one referent."""
    try:
        name, attribute, value = parse_change(text)
        referents = edited(target.referents, name, attribute, value)
    except ReferentError as error:
        raise _error(error) from None
    updated = _save(ctx, target, referents)
    shown = value if attribute == "name" else named(target.referents, name).name
    return Reply.text(
        _("Referent «{name}» of «{entry}» updated: {attribute}.").format(
            name=shown, entry=updated.name, attribute=_(ATTRIBUTE_LABELS[attribute])
        )
    ) + card(ctx, updated)


def _save(ctx: Context, target: Entry, referents: tuple[object, ...]) -> Entry:
    return ctx.services.directory.update(
        target.id or 0, {"referents": referents}, actor=ctx.user_id, at=ctx.now()
    )


def _error(error: ReferentError) -> CommandError:
    if not str(error):
        return CommandError(referent_usage())
    why = str(error) if str(error).endswith(".") else f"{error}."
    if why[:1].isupper():  # a sentence of its own: "There is no referent named..."
        return CommandError(why)
    return CommandError(_("The referent was not changed: {why}").format(why=why))


def suggested_referent_change(target: Entry, text: str) -> str:
    """The stored value of ``suggest <entry> referent <name> <function|phone|e-mail> <value>``,
    checked as a coordinator's edit would be; or :class:`CommandError` saying what works."""
    usage = _(
        "To suggest a fix to a referent: suggest <entry> referent <name> "
        "<function|phone|e-mail> <value>"
    )
    try:
        name, attribute, value = parse_change(text)
    except ReferentError:
        raise CommandError(usage) from None
    if attribute not in SUGGESTIBLE_ATTRIBUTES:
        raise CommandError(usage)
    try:
        current = named(target.referents, name)
        checked(with_text(current, attribute, value))
    except ReferentError as error:
        raise _error(error) from None
    return suggestion_value(current.name, attribute, value)


def referent_suggestion_line(
    suggestion: Suggestion, entry: Entry | None, *, see_internal: bool
) -> str:
    """A suggested referent change in the coordinators' list, hidden as its card hides it."""
    name, attribute, value = parse_suggestion_value(suggestion.value)
    position = None if entry is None else find(entry.referents, name)
    current = None if entry is None or position is None else entry.referents[position]
    old = getattr(current, attribute, "") if current is not None else ""
    visible = see_internal or (
        entry is not None and not entry.internal and current is not None and current.public
    )
    return _("#{n} {entry}, referent {name}, {field}: {old} → {new} (by {who})").format(
        n=suggestion.id,
        entry=suggestion.entry_name,
        name=name if visible else HIDDEN,
        field=_(ATTRIBUTE_LABELS.get(attribute, attribute)),
        old=(old if visible else HIDDEN) or "∅",
        new=(value if visible else HIDDEN) or "∅",
        who=suggestion.suggested_by_name or suggestion.suggested_by,
    )
