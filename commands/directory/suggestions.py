"""Suggested edits: anyone proposes, a coordinator approves or rejects, the suggester is told."""

from __future__ import annotations

import logging

from chatbot.commands import CommandSet, Words
from chatbot.context import Context
from chatbot.directory import (
    ADD_ALIAS,
    EDITABLE_FIELDS,
    REFERENT,
    ChangeKind,
    Entry,
    Suggestion,
    SuggestionStatus,
    field_as_text,
    field_from_text,
    suggested_phones,
)
from chatbot.errors import CommandError
from chatbot.i18n import N_, _, ngettext
from chatbot.paging import page_footer, page_of, page_only
from chatbot.prompts import is_confirmed
from chatbot.referents import ReferentError, is_referent_word
from chatbot.reply import Actions, Block, Button, Heading, Note, Reply, Text
from chatbot.roles import Role
from commands.directory.cards import shown_value
from commands.directory.editing import parse_value, require_field, value_of
from commands.directory.fields import FIELD_CHOICES, FIELD_LABELS, split_field
from commands.directory.index import DirectoryIndex
from commands.directory.learning import alias_buttons, alias_proposal_line
from commands.directory.referents import referent_suggestion_line, suggested_referent_change

log = logging.getLogger(__name__)


def suggestion_commands(index: DirectoryIndex) -> CommandSet:
    """``suggest``, ``suggestions`` and ``approve``; the entry a suggestion is about is named
    as ``index`` (the bot's own) resolves it."""
    commands = CommandSet()

    @commands.command(
        "suggest",
        aliases=("suggérer", "proposer"),
        usage=N_("<entry> <field> <value>"),
        help=N_("Suggest a correction to an entry; a coordinator will review it."),
        labels={
            "entry": N_("Which entry?"),
            "field": N_("Which field? (phone, e-mail, website, address, hours, notes...)"),
            "value": N_("What is the right value?"),
        },
        choices={"field": FIELD_CHOICES},
        prompt=True,
    )
    async def suggest(ctx: Context, entry: str, field: str, value: Words | None = None) -> Reply:
        target = index.resolve(ctx, entry)
        if is_referent_word(field):
            field_name, stored = REFERENT, suggested_referent_change(target, value_of(value))
        else:
            # The field's answer may hold the value too: "téléphone 04 72 11 11 11".
            field, typed = split_field(field, value or "")
            field_name = require_field(field)  # a field nobody knows is said before its value
            value = value_of(Words(typed))
            stored = value.strip()
            parse_value(field_name, value)
            if _already_there(target, field_name, stored):
                raise CommandError(
                    _(
                        "This is already the value of «{name}» ({field}): nothing to suggest."
                    ).format(name=target.name, field=_(FIELD_LABELS[field_name]).lower())
                )
        suggestion = ctx.services.suggestions.create(
            Suggestion(
                entry_id=target.id or 0,
                field=field_name,
                value=stored,
                suggested_by=ctx.user_id,
                suggested_by_name=ctx.incoming.sender_name,
                created_at=ctx.now(),
            )
        )
        return Reply.text(
            _("Thank you! Suggestion #{number} is saved; a coordinator will review it.").format(
                number=suggestion.id
            )
        )

    @commands.command(
        "suggestions",
        aliases=("propositions",),
        usage=N_("[page <n>]"),
        help=N_("List the suggested edits waiting for review."),
        role=Role.COORDINATOR,
        read_only=True,
    )
    async def suggestions(ctx: Context, page_words: Words | None = None) -> Reply:
        pending = ctx.services.suggestions.pending()
        if not pending:
            return Reply.text(_("No suggestion is waiting. All caught up!"))
        page = page_of(pending, page_only(page_words))
        blocks: list[Block] = [
            Heading(
                ngettext(
                    "One suggestion to review", "{count} suggestions to review", len(pending)
                ).format(count=len(pending))
            )
        ]
        for suggestion in page.items:
            blocks.append(Text(describe_suggestion(ctx, suggestion)))
            blocks.append(decision_buttons(suggestion))
        blocks.append(Note(_("Or type approve <number> / reject <number> <reason>.")))
        return Reply.of(*blocks, *page_footer(page, "suggestions"))

    @commands.command(
        "approve",
        aliases=("approuver", "accepter"),
        usage=N_("<number>"),
        help=N_("Apply a suggested edit and thank its author."),
        role=Role.COORDINATOR,
    )
    async def approve(ctx: Context, number: int, anyway: str = "") -> Reply:
        changed = None if is_confirmed(anyway) else _changed_since(ctx, number)
        if changed is not None:
            return changed
        try:
            done = ctx.services.suggestions.approve(number, actor=ctx.user_id, at=ctx.now())
        except ReferentError as error:  # the referent was renamed or removed meanwhile
            raise CommandError(
                _("Suggestion #{n} stays pending: {why}").format(n=number, why=error)
            ) from None
        await _tell_suggester(
            ctx,
            done,
            _("Your suggestion #{n} for «{entry}» was approved and applied. Thank you!").format(
                n=done.id, entry=done.entry_name
            ),
        )
        return Reply.text(_("Suggestion #{n} approved and applied.").format(n=done.id))

    @commands.command(
        "ignore",
        aliases=("ignorer",),
        usage=N_("<number> [reason]"),
        help=N_("Turn down a suggestion (a learnt alias, say) without applying it: ignore 3."),
        role=Role.COORDINATOR,
    )
    async def ignore(ctx: Context, number: int, reason: Words | None = None) -> Reply:
        """The "Ignore" button typed: a suggestion only, never a report of that number."""
        return await reject_suggestion(ctx, number, reason or _("not kept"))

    return commands


def _changed_since(ctx: Context, number: int) -> Reply | None:
    """What approving suggestion ``number`` would undo: the same field changed since it was
    made (a coordinator fixed it meanwhile); None when nothing was."""
    suggestion = ctx.services.suggestions.get(number)
    if suggestion is None or suggestion.field not in EDITABLE_FIELDS:
        return None
    if suggestion.status is not SuggestionStatus.PENDING:
        return None  # approving it again says it was decided (its own change came later)
    later = [
        c
        for c in ctx.services.directory.history(suggestion.entry_id)
        if c.kind is ChangeKind.UPDATED
        and c.field == suggestion.field
        and c.at > suggestion.created_at
    ]
    if not later:
        return None
    entry = ctx.services.directory.get(suggestion.entry_id)
    see = ctx.may_see_internal
    now = shown_value(entry, suggestion.field, later[-1].new, see_internal=see)
    value = shown_value(entry, suggestion.field, suggestion.value, see_internal=see)
    return Reply.of(
        Text(
            _(
                "«{entry}» ({field}) was changed after suggestion #{n} was made: it is now "
                "{now}. Approving it would put back {value}."
            ).format(
                entry=suggestion.entry_name,
                field=_(FIELD_LABELS[suggestion.field]).lower(),
                n=number,
                now=now or "∅",
                value=value or "∅",
            )
        ),
        Actions(
            (
                Button(
                    _("Approve #{n} anyway").format(n=number),
                    "approve",
                    f"{number} anyway",
                    yes=True,
                ),
                Button(_("Reject #{n}").format(n=number), "reject", f"suggestion#{number}"),
            )
        ),
    )


async def reject_suggestion(ctx: Context, number: int, reason: str) -> Reply:
    """Turn down a suggested edit, saying why (``reject``: see commands.decisions)."""
    done = ctx.services.suggestions.reject(number, actor=ctx.user_id, at=ctx.now(), reason=reason)
    await _tell_suggester(
        ctx,
        done,
        _("Your suggestion #{n} for «{entry}» was not kept: {reason}").format(
            n=done.id, entry=done.entry_name, reason=reason
        ),
    )
    return Reply.text(_("Suggestion #{n} rejected.").format(n=done.id))


def _already_there(entry: Entry, field_name: str, value: str) -> bool:
    """Whether approving ``value`` would leave ``field_name`` as it is."""
    if field_name == "phones":
        return suggested_phones(entry.phones, value) == entry.phones
    return field_from_text(field_name, value) == (getattr(entry, field_name) or "")


def decision_buttons(suggestion: Suggestion) -> Actions:
    """Approve / reject; for a learnt alias, "add as alias" / "ignore"."""
    n = suggestion.id
    if suggestion.field == ADD_ALIAS:
        return alias_buttons(suggestion)
    return Actions(
        (
            Button(_("Approve #{n}").format(n=n), "approve", str(n)),
            Button(_("Reject #{n}").format(n=n), "reject", f"suggestion#{n}"),
        )
    )


def describe_suggestion(ctx: Context, suggestion: Suggestion) -> str:
    """One line per suggestion; its values as the entry's card would show them here."""
    entry = ctx.services.directory.get(suggestion.entry_id)
    see = ctx.may_see_internal
    if suggestion.field == ADD_ALIAS:
        return alias_proposal_line(suggestion, entry, see_internal=see)
    if suggestion.field == REFERENT:
        return referent_suggestion_line(suggestion, entry, see_internal=see)
    old = field_as_text(entry, suggestion.field) if entry else ""
    value = suggestion.value
    if entry and suggestion.field == "phones":  # what approving leaves: internal lines stay
        value = " | ".join(str(p) for p in suggested_phones(entry.phones, value))
    return _("#{n} {entry}, {field}: {old} → {new} (by {who})").format(
        n=suggestion.id,
        entry=suggestion.entry_name,
        field=_(FIELD_LABELS[suggestion.field]),
        old=shown_value(entry, suggestion.field, old, see_internal=see) or "∅",
        new=shown_value(entry, suggestion.field, value, see_internal=see) or "∅",
        who=suggestion.suggested_by_name or suggestion.suggested_by,
    )


async def _tell_suggester(ctx: Context, suggestion: Suggestion, message: str) -> None:
    """The decision is already committed: a platform outage must not undo or hide it.

    A learnt alias was never asked for: its searcher is not told."""
    if suggestion.field == ADD_ALIAS:
        return
    try:
        ctx.services.messenger.send(suggestion.suggested_by, Reply.text(message), to_user=True)
    except Exception:
        log.warning(
            "could not tell %s about suggestion #%s",
            suggestion.suggested_by,
            suggestion.id,
            exc_info=True,
        )
