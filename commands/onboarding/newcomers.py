"""What a newcomer types: ``onboarding`` (``accueil``) and its options, and ``done N``."""

from __future__ import annotations

from chatbot.commands import UsageError, Words, typed_number
from chatbot.context import Context
from chatbot.errors import CommandError
from chatbot.i18n import N_, _
from chatbot.onboarding import Newcomer, Template
from chatbot.parsing import tokenize
from chatbot.people_refs import person
from chatbot.reply import Note, Reply, Text
from chatbot.time_zones import find_zone
from commands.onboarding import coordinators, options, owners, reminders, views
from commands.onboarding.journey import onboarding_commands, template_of, tick, zone_of


@onboarding_commands.command(
    "onboarding",
    aliases=("accueil", "checklist"),
    usage=N_(
        "[option]\n"
        "• onboarding: your checklist and your progress; done <step>: tick a step\n"
        "• onboarding pause, onboarding resume: stop the reminders, or get them again\n"
        "• onboarding timezone <zone>: your steps arrive at your morning (Europe/Paris)\n"
        "• onboarding snooze [<newcomer>] <step> [days]: hold a reminder back\n"
        "Buddies and coordinators:\n"
        "• onboarding tick <newcomer> <step>: tick a step that is yours to do\n"
        "Coordinators:\n"
        "• onboarding status: who needs attention, then who is on track\n"
        "• onboarding start <user> [template] [part]: start someone's checklist\n"
        "• onboarding stop <user>: stop it (their progress is kept)\n"
        "• onboarding buddy <newcomer> <person>: choose a newcomer's buddy\n"
        "• onboarding waive <newcomer> <step> <reason>: count a step as done\n"
        "• onboarding history <user>: who ticked each step, and when\n"
        "• onboarding resend <person>: send a missed message again\n"
        "• onboarding templates: the checklists loaded"
    ),
    help=N_("See your onboarding checklist and your progress."),
)
async def onboarding(ctx: Context, action: str | None = None, rest: Words | None = None) -> Reply:
    if action is None:
        newcomer = _mine(ctx)
        template = template_of(ctx.services, newcomer)
        return views.progress(template, newcomer, zone_of(ctx.services, newcomer))
    option = options.find(action)
    if option is None:
        raise options.unknown(action)
    args = [t.text for t in tokenize(rest or "")]
    if option.name in ("pause", "resume", "timezone"):
        return _newcomer_action(ctx, option.name, args)
    if option.name == "tick":
        return await _tick_for(ctx, args)
    if option.name == "snooze":
        return reminders.snooze(ctx, args)
    return await coordinators.run(ctx, option.name, action, args)


def _newcomer_action(ctx: Context, action: str, args: list[str]) -> Reply:
    newcomer = _mine(ctx)
    store = ctx.services.onboarding
    if action == "pause":
        store.update(newcomer.user_id, {"paused": True})
        return Reply.text(_("Reminders paused. Type onboarding resume when you are ready again."))
    if action == "resume":
        store.update(newcomer.user_id, {"paused": False, "last_activity_at": ctx.now()})
        return Reply.text(
            _(
                "Welcome back! Your next steps arrive tomorrow morning; type "
                "onboarding to see them now."
            )
        )
    if not args:
        raise options.usage_error("timezone")
    zone = find_zone(" ".join(args))
    if zone is None:
        raise CommandError(
            _(
                "I don't know the time zone «{zone}». Try a name such as Europe/Paris or "
                "America/Montreal."
            ).format(zone=" ".join(args))
        )
    store.update(newcomer.user_id, {"timezone": zone.key})
    return Reply.text(
        _("Your time zone is now {zone}: your steps arrive at {time} your time.").format(
            zone=zone.key, time=ctx.services.settings.onboarding_nudge_time
        )
    )


@onboarding_commands.command(
    "done",
    aliases=("fait", "fini"),
    usage=N_("<step number> [more step numbers]"),
    help=N_(
        "Tick a step of your onboarding checklist: done 2 (or several: done 2 3); undone 2 "
        "unticks it."
    ),
)
async def done(ctx: Context, steps: Words | None = None) -> Reply:
    newcomer = _mine(ctx)
    template = template_of(ctx.services, newcomer)
    if not steps:
        return which_step(template, newcomer)
    numbers = _step_numbers(steps)
    for n in numbers:
        _check_own_step(template, newcomer, n)
    result = tick(ctx.services, newcomer, template, set(numbers), ctx.now(), by=ctx.user_id)
    if not result.steps:
        if len(numbers) == 1:
            return Reply.text(_("Step {n} was already done.").format(n=numbers[0]))
        listed = ", ".join(str(n) for n in sorted(set(numbers)))
        return Reply.text(_("Steps {numbers} were already done.").format(numbers=listed))
    return views.ticked_reply(
        template,
        result.newcomer,
        [s.number for s in result.steps],
        result.finished_days,
        result.completed,
    )


def which_step(template: Template, newcomer: Newcomer) -> Reply:
    """``fait`` alone, or "c'est fait": the steps there are to tick, as buttons."""
    buttons = views.done_buttons(views.open_steps(template, newcomer))
    if buttons is None:
        if newcomer.completed_at is not None:
            return Reply.text(_("Your checklist is complete: there is nothing left to tick."))
        return Reply.text(
            _("Nothing to tick for now: your next steps arrive on the morning they are due.")
        )
    return Reply.of(
        Text(_("Which step did you do?")),
        buttons,
        Note(_("Or type done <number>.")),
    )


@onboarding_commands.command(
    "undone",
    aliases=("décocher", "défaire", "untick"),
    usage=N_("<step number> [more step numbers]"),
    help=N_("Untick a step you ticked by mistake: undone 3."),
    hidden=True,
)
async def undone(ctx: Context, step: Words) -> Reply:
    numbers = _step_numbers(step)
    newcomer = _mine(ctx)
    template = template_of(ctx.services, newcomer)
    if newcomer.completed_at is not None:
        raise CommandError(
            _("Your checklist is complete, so its steps stay ticked. A coordinator can help.")
        )
    for n in numbers:
        _check_own_step(template, newcomer, n)
    store = ctx.services.onboarding
    taken_back, kept, never = [], [], []  # said in this order
    for n in dict.fromkeys(numbers):
        if store.untick(ctx.user_id, n):
            title = template.numbered()[n - 1].step.title
            taken_back.append(_("↺ Not done any more: {n}. {title}.").format(n=n, title=title))
        elif n in newcomer.done:
            kept.append(
                _(
                    "Step {n} was ticked by someone else or waived: ask them or a coordinator."
                ).format(n=n)
            )
        else:
            never.append(_("Step {n} was not ticked.").format(n=n))
    lines = [*taken_back, *kept, *never]
    newcomer = store.get(ctx.user_id) or newcomer
    buttons = views.done_buttons(views.open_steps(template, newcomer)) if taken_back else None
    return Reply.of(*(Text(line) for line in lines), buttons)


_AND = frozenset({"et", "and", "&"})


def _step_numbers(words: str) -> list[int]:
    """The steps of ``done 2``, ``done 1 2 3`` or ``fait 1, 2 et 3`` (``#2`` too)."""
    numbers = []
    for word in words.replace(",", " ").split():
        if word.casefold() in _AND:
            continue
        number = typed_number(word)
        if number is None:
            raise UsageError
        numbers.append(number)
    if not numbers:
        raise UsageError
    return numbers


def _check_own_step(template: Template, newcomer: Newcomer, number: int) -> None:
    if not 1 <= number <= template.total_steps:
        raise CommandError(
            _("There is no step {n}: your checklist has steps 1 to {total}.").format(
                n=number, total=template.total_steps
            )
        )
    owner = template.numbered()[number - 1].step.owner
    if owner != "newcomer" and number not in newcomer.done:
        raise CommandError(
            _("Step {n} is for your buddy to tick.").format(n=number)
            if owner == "buddy"
            else _("Step {n} is for a coordinator to tick.").format(n=number)
        )


def _mine(ctx: Context) -> Newcomer:
    newcomer = ctx.services.onboarding.get(ctx.user_id)
    if newcomer is None or newcomer.left_at is not None:
        raise CommandError(
            _("You have no onboarding checklist. A coordinator can start one for you.")
        )
    return newcomer


async def _tick_for(ctx: Context, args: list[str]) -> Reply:
    """``onboarding tick <newcomer> <step>``: the owner of a buddy or coordinator step ticks it."""
    if len(args) != 2 or not args[1].isdigit():
        raise options.usage_error("tick")
    user = person(ctx, args[0])
    newcomer = ctx.services.onboarding.get(user)
    if newcomer is None or not newcomer.in_progress:
        raise CommandError(_("{user} is not on an onboarding checklist.").format(user=user))
    template = template_of(ctx.services, newcomer)
    number = int(args[1])
    if not 1 <= number <= template.total_steps:
        raise CommandError(
            _("There is no step {n}: the checklist has steps 1 to {total}.").format(
                n=number, total=template.total_steps
            )
        )
    item = template.numbered()[number - 1]
    if item.step.owner == "newcomer":
        raise CommandError(
            _("Step {n} is for {user} to tick themselves.").format(n=number, user=user)
        )
    if not owners.may_tick(ctx.services, newcomer, item, ctx.user_id):
        raise CommandError(
            _("Sorry, step {n} is for {user}'s buddy to tick.").format(n=number, user=user)
            if item.step.owner == "buddy"
            else _("Sorry, step {n} is for a coordinator to tick.").format(n=number)
        )
    result = tick(ctx.services, newcomer, template, {number}, ctx.now(), by=ctx.user_id)
    if not result.steps:
        return Reply.text(_("Step {n} was already done.").format(n=number))
    called = await ctx.services.people.display_name(user)
    done = _("✓ Done for {user}: {number}. {title}.").format(
        user=called, number=number, title=item.step.title
    )
    ctx.services.messenger.send(
        user,
        views.ticked_reply(
            template,
            result.newcomer,
            [number],
            result.finished_days,
            result.completed,
            by=await ctx.services.people.display_name(ctx.user_id),
        ),
        to_user=True,
    )
    if result.completed:
        done += "\n" + _("{user} has now completed their checklist.").format(user=called)
    return Reply.text(done)
