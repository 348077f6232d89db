"""The directory learns from what volunteers searched in vain.

A search that found nothing, followed within :data:`LEARN_WINDOW` by a successful one from the
same person, or a result chosen among alternatives, proposes the words searched as an alias of
the entry finally used. The proposal is a suggestion like any other (field
:data:`~chatbot.directory.ADD_ALIAS`): coordinators add it or ignore it; nothing is added
without them.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from chatbot.context import Context
from chatbot.directory import ADD_ALIAS, Entry, Suggestion
from chatbot.i18n import _
from chatbot.reply import Actions, Block, Button, Heading, Note, Text
from chatbot.services import Services
from commands.directory.cards import HIDDEN, quotes_internal_line, shown_value
from commands.directory.normalize import fold_query

log = logging.getLogger(__name__)

LEARN_WINDOW = timedelta(minutes=5)
MAX_ALIAS_LENGTH = 80


def learn_from_last_miss(ctx: Context, found: Entry) -> None:
    """After a successful lookup: the person's last miss, if recent, may name ``found``."""
    since = ctx.now() - LEARN_WINDOW
    missed = ctx.services.missed_searches.take_recent(ctx.user_id, since=since)
    if missed:
        propose_alias(ctx, missed, found)


def propose_alias(ctx: Context, query: str, entry: Entry) -> Suggestion | None:
    """Propose ``query`` as another name of ``entry``, unless it already is one (or is
    already proposed)."""
    alias = " ".join(query.split())[:MAX_ALIAS_LENGTH].strip()
    folded = fold_query(alias)
    if not folded or entry.id is None:
        return None
    # A referent's name is no alias either: an internal one must stay unfindable in a room.
    referents = (r.name for r in entry.referents)
    names = [fold_query(name) for name in (entry.name, *entry.aliases, *referents)]
    if set(folded.split()) <= {word for name in names for word in name.split()}:
        return None  # its names already hold every word: nothing to learn ("caf" -> CAF de Paris)
    for pending in ctx.services.suggestions.pending():
        if (
            pending.entry_id == entry.id
            and pending.field == ADD_ALIAS
            and fold_query(pending.value) == folded
        ):
            return None
    suggestion = ctx.services.suggestions.create(
        Suggestion(
            entry_id=entry.id,
            field=ADD_ALIAS,
            value=alias,
            suggested_by=ctx.user_id,
            suggested_by_name=ctx.incoming.sender_name,
            created_at=ctx.now(),
        )
    )
    log.info("proposed alias %r for entry #%s", alias, entry.id)
    return suggestion


def alias_proposal_line(suggestion: Suggestion, entry: Entry | None, *, see_internal: bool) -> str:
    """What someone searched is shown as the entry's card would show it (a search may name an
    internal entry by its internal line)."""
    alias = shown_value(entry, ADD_ALIAS, suggestion.value, see_internal=see_internal)
    return _("#{n} «{alias}» found nothing, then {who} used {entry}: add it as an alias?").format(
        n=suggestion.id,
        alias=alias,
        who=suggestion.suggested_by_name or suggestion.suggested_by,
        entry=suggestion.entry_name,
    )


def alias_buttons(suggestion: Suggestion) -> Actions:
    n = suggestion.id
    return Actions(
        (
            Button(_("Add as alias #{n}").format(n=n), "approve", str(n)),
            Button(
                _("Ignore #{n}").format(n=n),
                "reject",
                f"suggestion#{n} " + _("not another name of this entry"),
            ),
        )
    )


MAX_DIGEST_ALIASES = 5


def aliases_to_learn(services: Services) -> list[Block]:
    """The digest's section: what missed searches propose to add, one tap each. The digest
    goes to shared conversations: it shows what a card there would."""
    proposals = [s for s in services.suggestions.pending() if s.field == ADD_ALIAS]
    if not proposals:
        return []
    blocks: list[Block] = [Heading(_("Searches to learn from"))]
    for proposal in proposals[:MAX_DIGEST_ALIASES]:
        entry = services.directory.get(proposal.entry_id)
        line = alias_proposal_line(proposal, entry, see_internal=False)
        blocks += [Text(line), alias_buttons(proposal)]
    if len(proposals) > MAX_DIGEST_ALIASES:
        blocks.append(Note(_("Type suggestions for the full list.")))
    return blocks


def shown_misses(services: Services, queries: list[str]) -> list[str]:
    """Searches that found nothing, as a shared conversation (the digest) may quote them: one
    proposed as an alias is shown as that proposal is, one quoting an internal line not."""
    entries = services.directory.all()
    by_id = {entry.id: entry for entry in entries}
    proposed = {
        fold_query(s.value): by_id.get(s.entry_id)
        for s in services.suggestions.pending()
        if s.field == ADD_ALIAS
    }
    shown = []
    for query in queries:
        key = fold_query(" ".join(query.split())[:MAX_ALIAS_LENGTH])
        if key in proposed:
            shown.append(shown_value(proposed[key], ADD_ALIAS, query, see_internal=False))
        elif any(quotes_internal_line(entry, query) for entry in entries):
            shown.append(HIDDEN)
        else:
            shown.append(query)
    return shown
