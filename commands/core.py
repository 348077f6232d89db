"""Commands about the bot itself: help, who am I, roles."""

from __future__ import annotations

import re

from chatbot.bot import closest_command, usage_line
from chatbot.commands import Command, CommandSet, UsageError, Words
from chatbot.context import Context
from chatbot.errors import CommandError
from chatbot.i18n import N_, _
from chatbot.parsing import fold
from chatbot.people_refs import person
from chatbot.reply import Heading, Note, Reply, Text
from chatbot.roles import Role

core_commands = CommandSet()


@core_commands.command(
    "help",
    aliases=("aide", "?"),
    usage=N_("[command]"),
    help=N_("List the commands, or explain one: help lookup."),
    read_only=True,
)
async def help_(ctx: Context, command: Words | None = None) -> Reply:
    if command and fold(command) not in _ME:
        return _help_for(ctx, command)
    lines = {role: [] for role in Role}  # type: dict[Role, list[str]]
    for declared in ctx.registry.visible():
        if declared.role <= ctx.role:
            lines[declared.role].append(f"{_names(declared)} · {_(declared.help)}")
    sections: list[Heading | Text | Note] = [
        Heading(_("What I can do")),
        Text("\n".join(lines[Role.VOLUNTEER])),
    ]
    for role, title in ((Role.COORDINATOR, N_("For coordinators")), (Role.ADMIN, N_("For admins"))):
        if lines[role]:
            sections += [Heading(_(title)), Text("\n".join(lines[role]))]
    sections.append(Note(_("Type help <command> for details, e.g. help lookup.")))
    return Reply.of(*sections)


_LOST = frozenset(
    {"au secours je suis perdu", "je suis perdu", "je suis perdue", "i am lost", "im lost"}
    | {"i m lost", "je ne comprends pas", "je comprends pas", "je ne comprends rien"}
    | {"je comprends rien"}
)
"""Pleas that, from a newcomer, are about their checklist."""
_ME = frozenset({"moi", "me", "nous", "us", "svp", "please", "stp"})
"""What follows "aide" in a plea, not a command's name: "aide moi", "help me"."""
_ASKING_FOR_HELP = frozenset(
    " ".join(phrase.split())
    for phrase in """
    aide moi|aidez moi|help me|help|aide|au secours je suis perdu|je suis perdu|je suis perdue
    |i am lost|im lost|i m lost|je ne comprends pas|je comprends pas|je ne comprends rien
    |je comprends rien|comment ca marche|comment ca fonctionne|comment tu marches
    |comment tu fonctionnes|comment ca s utilise|comment t utiliser|comment vous utiliser
    |comment utiliser le bot|comment faire|comment on fait|comment je fais|tu sers a quoi
    |a quoi tu sers|a quoi sert le bot|que sais tu faire|que peux tu faire|tu sais faire quoi
    |qu est ce que tu sais faire|qu est ce que tu fais|tu fais quoi|mode d emploi
    |what can you do|what do you do|how does it work|how does this work|how do i use this
    |how to use|how do you work|how does this bot work|what is this
    """.split("|")
)
"""Plain ways to ask how the bot works (folded, without punctuation or "svp")."""
_POLITE = frozenset("svp stp please sil vous plait merci thanks".split())
_HOW_TO = frozenset("comment how".split())
_HOW_TO_GLUE = frozenset(
    "faire fait fais on je j peux puis peut pour est ce que qu il faut do does can i to we "
    "you".split()
)
_WHAT_IS_DONE = frozenset(
    """
    un une le la les des du de d l mon ma mes probleme problemes anomalie anomalies souci
    soucis bug bugs erreur erreurs fiche fiches contact contacts numero numeros correction
    corrections changement chose a an the my problem problems issue issues entry entries
    error errors mistake mistakes number numbers change thing
    """.split()
)
"""What a question about a command may name besides it: "comment signaler un problème"."""


@core_commands.understands_first
async def asking_for_help(ctx: Context, text: str, sure_only: bool) -> Reply | None:
    """ "comment ça marche ?", "aidez-moi": help; "comment faire pour signaler un problème ?":
    help on report, before the directory takes the words for a search."""
    words = [w for w in re.findall(r"[a-z0-9]+", fold(text)) if w not in _POLITE]
    if " ".join(words) in _ASKING_FOR_HELP:
        if " ".join(words) in _LOST and ctx.services.onboarding.in_progress(ctx.user_id):
            return None  # a newcomer lost in their checklist: its understander says who helps
        return await help_(ctx)
    if len(words) < 2 or words[0] not in _HOW_TO:
        return None
    rest = words[1:]
    while rest and rest[0] in _HOW_TO_GLUE:
        rest = rest[1:]
    command = ctx.registry.find(rest[0]) if rest else None
    if command is None or command.hidden or not set(rest[1:]) <= _WHAT_IS_DONE:
        return None
    if command.role > ctx.role and command.instead:
        return _help_for(ctx, command.instead)  # "comment corriger une fiche": suggest
    return _help_for(ctx, rest[0])


def _names(declared: Command) -> str:
    """The command's name and its other-language word: ``lookup / annuaire`` in English,
    ``annuaire / lookup`` in French."""
    shown = declared.shown_name
    other = declared.name if shown != declared.name else next(iter(declared.aliases), "")
    return f"{shown} / {other}" if other else shown


def _help_for(ctx: Context, word: str) -> Reply:
    declared = ctx.registry.find(word)
    if declared is None:
        guess = closest_command(ctx.registry, word, ctx.role) if " " not in word else None
        if guess:
            raise CommandError(
                _("I don't know the command {word}. Did you mean {guess}?").format(
                    word=word, guess=guess
                )
            )
        raise UsageError  # "aide alimentaire": a search, if the directory is sure of it
    others = [w for w in declared.words if w != declared.shown_name]
    return Reply.of(
        Heading(declared.shown_name),
        Text(_(declared.help)),
        Text(_("Usage: {usage}").format(usage=usage_line(declared))),
        Note(_("Also: {aliases}").format(aliases=", ".join(others))) if others else None,
        _role_note(declared),
    )


def _role_note(declared: Command) -> Note | None:
    if declared.role is Role.VOLUNTEER:
        return None
    return Note(_("Reserved for: {role}s.").format(role=_(declared.role.label)))


@core_commands.command(
    "whoami",
    aliases=("moi", "qui-suis-je"),
    help=N_("Show how the bot knows you and your role."),
    read_only=True,
)
async def whoami(ctx: Context) -> Reply:
    return Reply.text(
        _("You are {name} ({id}), {role}.").format(
            name=ctx.incoming.sender_name, id=ctx.user_id, role=_(ctx.role.label)
        )
    )


@core_commands.command(
    "role",
    usage=N_("<user id> <volunteer|coordinator|admin>"),
    help=N_("Give someone a role, e.g. role slack:U024BE7LH coordinator."),
    role=Role.ADMIN,
    labels={"user": N_("User id"), "role": N_("Role")},
)
async def role(ctx: Context, user: str, role: str) -> Reply:
    new_role = Role.parse(role)
    if new_role is None:
        raise CommandError(
            _("Unknown role «{role}»: volunteer, coordinator or admin.").format(role=role)
        )
    who = person(ctx, user)
    if who == ctx.user_id and new_role < Role.ADMIN:
        raise CommandError(_("You cannot lower your own role; ask another admin."))
    ctx.services.roles.give(who, new_role, actor=ctx.user_id, at=ctx.now())
    return Reply.text(_("{user} is now {role}.").format(user=who, role=_(new_role.label)))


@core_commands.command(
    "roles",
    help=N_("List who has which role."),
    role=Role.COORDINATOR,
    read_only=True,
)
async def roles(ctx: Context) -> Reply:
    people = sorted(ctx.services.roles.granted().items())
    if not people:
        return Reply.text(_("Nobody has a coordinator or admin role yet."))
    return Reply.of(
        Heading(_("Roles")),
        Text("\n".join(f"{user} · {_(r.label)}" for user, r in people)),
    )
