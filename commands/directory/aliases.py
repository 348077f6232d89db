"""``alias``: add what someone searched in vain as another name of an entry (coordinators).

What a missed search proposes on its own is a suggestion (see :mod:`commands.directory.learning`,
approved with ``approve``); this is for the misses no later success named: the coordinator
knows which entry was meant. The searched words come first (quoted when they are several), the
entry last, so a form (the cockpit's charts page) can hold the words and let the coordinator
type the entry: ``alias "allocs familiales" CAF de Paris``.
"""

from __future__ import annotations

from chatbot.commands import CommandSet, Words
from chatbot.context import Context
from chatbot.directory import ADD_ALIAS
from chatbot.errors import CommandError
from chatbot.i18n import N_, _
from chatbot.reply import Reply
from chatbot.roles import Role
from commands.directory.index import DirectoryIndex
from commands.directory.learning import MAX_ALIAS_LENGTH
from commands.directory.normalize import fold_query


def alias_commands(index: DirectoryIndex) -> CommandSet:
    commands = CommandSet()

    @commands.command(
        "alias",
        aliases=("autre-nom",),
        usage=N_('"<words searched>" <entry>'),
        help=N_("Add words someone searched as another name of an entry."),
        role=Role.COORDINATOR,
    )
    async def alias(ctx: Context, words: str, entry: Words) -> Reply:
        name = " ".join(words.split())[:MAX_ALIAS_LENGTH].strip()
        if not fold_query(name):
            raise CommandError(_("Which words should find the entry?"))
        target = index.resolve(ctx, entry.strip())
        known = {fold_query(n) for n in (target.name, *target.aliases)}
        if fold_query(name) in known:
            return Reply.text(
                _("«{name}» already finds «{entry}».").format(name=name, entry=target.name)
            )
        proposed = [
            pending
            for pending in ctx.services.suggestions.pending()
            if pending.entry_id == target.id
            and pending.field == ADD_ALIAS
            and fold_query(pending.value) == fold_query(name)
        ]
        if proposed:  # the search already proposed it: approving applies it, once
            ctx.services.suggestions.approve(proposed[0].id or 0, actor=ctx.user_id, at=ctx.now())
        else:
            ctx.services.directory.update(
                target.id or 0,
                {"aliases": (*target.aliases, name)},
                actor=ctx.user_id,
                at=ctx.now(),
            )
        return Reply.text(_("«{name}» now finds «{entry}».").format(name=name, entry=target.name))

    return commands
