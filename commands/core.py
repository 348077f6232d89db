"""Commands about the bot itself: help, who am I, roles."""

from __future__ import annotations

from chatbot.bot import closest_command, usage_line
from chatbot.commands import Command, CommandSet
from chatbot.context import Context
from chatbot.errors import CommandError
from chatbot.i18n import N_, _
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
async def help_(ctx: Context, command: str = "") -> Reply:
    if command:
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


def _names(declared: Command) -> str:
    """The command's name and its other-language word: ``lookup / annuaire`` in English,
    ``annuaire / lookup`` in French."""
    shown = declared.shown_name
    other = declared.name if shown != declared.name else next(iter(declared.aliases), "")
    return f"{shown} / {other}" if other else shown


def _help_for(ctx: Context, word: str) -> Reply:
    declared = ctx.registry.find(word)
    if declared is None:
        guess = closest_command(ctx.registry, word)
        if guess:
            raise CommandError(
                _("I don't know the command {word}. Did you mean {guess}?").format(
                    word=word, guess=guess
                )
            )
        raise CommandError(_("I don't know the command {word}.").format(word=word))
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
