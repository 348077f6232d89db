"""Who looks after each entry: ``owner``, ``interval``, ``flag`` and ``verifier-left``.

Each entry may have a verifier (a person, else the coordinators) and its own verification
interval (else its theme's ``DIRECTORY_STALE_DAYS_BY_THEME``, else ``DIRECTORY_STALE_DAYS``:
see :func:`chatbot.directory.verification_interval`). Anyone may flag an entry as wrong: its
verifier (else the coordinators) is told once per flag, and the card says so until the entry
is verified or edited. A verifier who leaves the workspace (or whom a coordinator says left,
``verifier-left``) gives their entries back to the coordinators, who are told which.
"""

from __future__ import annotations

import logging

from chatbot.commands import CommandSet, Words
from chatbot.context import Context
from chatbot.directory import Entry
from chatbot.errors import CommandError
from chatbot.events import MembershipChanged
from chatbot.i18n import N_, _
from chatbot.ids import UserId
from chatbot.parsing import fold
from chatbot.people_refs import person
from chatbot.reply import Actions, Button, Reply, Text
from chatbot.roles import Role
from chatbot.services import Services
from commands.directory.cards import entry_ref
from commands.directory.index import DirectoryIndex

log = logging.getLogger(__name__)

NOBODY_WORDS = frozenset({"none", "nobody", "personne", "aucun", "aucune"})
DEFAULT_WORDS = frozenset({"default", "defaut", "défaut"})
MAX_INTERVAL_DAYS = 3660
ROBOT = UserId("chatbot:directory")
"""The actor of what the bot does on its own (giving a departed verifier's entries back)."""


def stewardship_commands(index: DirectoryIndex) -> CommandSet:
    commands = CommandSet()

    @commands.command(
        "owner",
        aliases=("responsable", "verificateur"),
        usage=N_("<entry> <person | none>"),
        help=N_("Name who checks an entry at the source (none: the coordinators)."),
        role=Role.COORDINATOR,
    )
    async def owner(ctx: Context, entry: str, who: str) -> Reply:
        target = index.resolve(ctx, entry)
        verifier = None if fold(who) in NOBODY_WORDS else person(ctx, who)
        ctx.services.directory.assign(
            target.id or 0,
            verifier=verifier,
            every_days=target.verify_every_days,
            actor=ctx.user_id,
            at=ctx.now(),
        )
        if verifier is None:
            return Reply.text(
                _("«{name}» is now verified by the coordinators.").format(name=target.name)
            )
        name = await ctx.services.people.display_name(verifier)
        return Reply.text(
            _("«{name}» is now verified by {who}.").format(name=target.name, who=name)
        )

    @commands.command(
        "interval",
        aliases=("intervalle", "frequence"),
        usage=N_("<entry> <days | default>"),
        help=N_("How often an entry must be checked, in days (default: its theme's)."),
        role=Role.COORDINATOR,
    )
    async def interval(ctx: Context, entry: str, days: str) -> Reply:
        target = index.resolve(ctx, entry)
        every = None if fold(days) in {fold(w) for w in DEFAULT_WORDS} else _days(days)
        ctx.services.directory.assign(
            target.id or 0,
            verifier=target.verifier,
            every_days=every,
            actor=ctx.user_id,
            at=ctx.now(),
        )
        if every is None:
            return Reply.text(
                _("«{name}» now follows its theme's verification interval.").format(
                    name=target.name
                )
            )
        return Reply.text(
            _("«{name}» must now be checked every {days} days.").format(
                name=target.name, days=every
            )
        )

    @commands.command(
        "flag",
        aliases=("erreur", "inexact", "signaler-erreur"),
        usage=N_("<entry> <what is wrong>"),
        help=N_("Tell the directory's verifiers that an entry looks wrong."),
        labels={"entry": N_("Which entry?"), "what": N_("What looks wrong?")},
        prompt=True,
    )
    async def flag(ctx: Context, entry: str, what: Words) -> Reply:
        target = index.resolve(ctx, entry)
        if index.names_an_entry(ctx.services, what):  # a search typed after "This is wrong"
            raise CommandError(
                _(
                    "«{what}» names an entry, not what is wrong with «{name}»: nothing was "
                    "reported. To search: lookup {what}."
                ).format(what=what.strip(), name=target.name)
            )
        flagged = ctx.services.directory.flag(target.id or 0, what, actor=ctx.user_id, at=ctx.now())
        tell_about_flag(ctx.services, flagged, who=ctx.incoming.sender_name or ctx.user_id)
        return Reply.text(
            _("Thank you! «{name}» is marked as possibly outdated until someone checks it.").format(
                name=target.name
            )
        )

    @commands.command(
        "verifier-left",
        aliases=("départ-vérificateur",),
        usage=N_("<person>"),
        help=N_("A verifier left: the coordinators take over their entries."),
        role=Role.COORDINATOR,
    )
    async def verifier_left(ctx: Context, who: str) -> Reply:
        gone = person(ctx, who)
        released = ctx.services.directory.release_verifier(gone, actor=ctx.user_id, at=ctx.now())
        name = await ctx.services.people.display_name(gone)
        if not released:
            return Reply.text(_("{who} verifies no entry.").format(who=name))
        return Reply.text(reassigned_line(name, released))

    @commands.on(MembershipChanged)
    async def on_leaving(services: Services, event: MembershipChanged) -> None:
        """Someone left the whole workspace: the coordinators take over their entries, and
        are told which (once: the release is recorded once, see ``release_verifier``)."""
        if event.joined or event.conversation_id:
            return
        released = services.directory.release_verifier(event.user_id, actor=ROBOT, at=event.at)
        if not released:
            return
        name = event.user_name or await services.people.display_name(event.user_id)
        notice = Reply.text(reassigned_line(name, released))
        for coordinator in services.roles.at_least(Role.COORDINATOR):
            key = f"verifier-left:{event.user_id}:{event.at.isoformat()}:{coordinator}"
            services.messenger.send(coordinator, notice, to_user=True, key=key)

    return commands


def _days(word: str) -> int:
    if not word.isdecimal() or not 1 <= int(word) <= MAX_INTERVAL_DAYS:
        raise CommandError(
            _("The interval is a number of days (1 to {most}) or default, not «{word}».").format(
                most=MAX_INTERVAL_DAYS, word=word
            )
        )
    return int(word)


def reassigned_line(who: str, entries: list[Entry]) -> str:
    return _("{who} left: the coordinators now verify {names}.").format(
        who=who, names=", ".join(e.name for e in entries)
    )


def flag_recipients(services: Services, entry: Entry) -> list[UserId]:
    """The entry's verifier, else every coordinator (and admin)."""
    if entry.verifier is not None:
        return [entry.verifier]
    return services.roles.at_least(Role.COORDINATOR)


def tell_about_flag(services: Services, entry: Entry, *, who: str) -> None:
    """Tell the entry's verifiers, once per flag (its time names it); already committed, so a
    platform outage is logged, never raised."""
    assert entry.flagged_at is not None
    reply = Reply.of(
        Text(
            _("{who} reports «{name}» as possibly outdated: {what}").format(
                who=who, name=entry.name, what=entry.flag
            )
        ),
        Actions(
            (
                Button(_("Show {name}").format(name=entry.name), "show", entry_ref(entry)),
                Button(_("Still correct"), "verify", entry_ref(entry)),
            )
        ),
    )
    for recipient in flag_recipients(services, entry):
        key = f"directory-flag:{entry.id}:{entry.flagged_at.isoformat()}:{recipient}"
        try:
            services.messenger.send(recipient, reply, to_user=True, key=key)
        except Exception:
            log.warning(
                "could not tell %s about the flag on #%s", recipient, entry.id, exc_info=True
            )
