"""Overdue steps: a reminder to the step's owner the day after it was due, then, every
``ONBOARDING_REMINDER_GRACE_DAYS``, to the newcomer's buddy, then to the coordinators.

Each reminder is claimed in the database before it is sent (the level only moves up from the one
below, and the outbox key is the same in every process), so two bot processes send it once.
Whoever gets one may snooze it (a button; ``onboarding snooze [<newcomer>] <step> [days]``):
the next one then waits until that day. Runs in the onboarding nudge job."""

from __future__ import annotations

import logging
from datetime import date, timedelta

from chatbot.context import Context
from chatbot.errors import CommandError
from chatbot.i18n import _
from chatbot.ids import UserId
from chatbot.onboarding import Newcomer, NumberedStep, Reminder, Template
from chatbot.people_refs import person
from chatbot.reply import Actions, Block, BulletList, Button, Note, Reply, Text
from chatbot.roles import Role
from chatbot.services import Services
from commands.onboarding import options, owners, views
from commands.onboarding.journey import local_date, template_of

log = logging.getLogger(__name__)

SNOOZE_DAYS = 3
"""How long a snooze holds the next reminder back when no number of days is given."""
MAX_SNOOZE_DAYS = 30


def due_on(template: Template, newcomer: Newcomer, item: NumberedStep, started_on: date) -> date:
    """The last day ``item`` is on time: its day after the start, or the day its checklist day
    started if that came later."""
    due = started_on + timedelta(days=template.offset(item.day) - 1)
    if item.day == newcomer.day:
        due = max(due, newcomer.day_started_on)
    return due


def chain(services: Services, newcomer: Newcomer, owner: str) -> list[list[UserId]]:
    """Who is reminded, level by level: the owner(s), the buddy (of a newcomer's step), then
    the coordinators (unless they own it); nobody twice, empty levels left out."""
    coordinators = services.roles.at_least(Role.COORDINATOR)
    levels = [owners.owners_of(services, newcomer, owner)]
    if owner == "newcomer" and newcomer.mentor:
        levels.append([newcomer.mentor])
    if owner != "coordinator":
        levels.append(coordinators)
    return [level for level in levels if level]


def overdue_steps(
    services: Services, newcomer: Newcomer, template: Template, today: date
) -> list[NumberedStep]:
    """The open steps whose day is past."""
    started_on = local_date(services, newcomer, newcomer.started_at)
    return [
        item
        for item in views.open_steps(template, newcomer)
        if today > due_on(template, newcomer, item, started_on)
    ]


def send_overdue(services: Services, newcomer: Newcomer, template: Template, today: date) -> None:
    """Send each reminder of the newcomer's overdue steps whose day has come (safe to run any
    number of times, in any number of processes)."""
    store = services.onboarding
    grace = timedelta(days=services.settings.onboarding_reminder_grace_days)
    started_on = local_date(services, newcomer, newcomer.started_at)
    states: dict[int, Reminder] | None = None
    outgoing: dict[tuple[UserId, bool], list[NumberedStep]] = {}
    for item in views.open_steps(template, newcomer):
        due = due_on(template, newcomer, item, started_on)
        if today <= due:
            continue
        if states is None:
            states = store.reminders(newcomer.user_id)
        state = states.get(item.number) or Reminder(step=item.number)
        levels = chain(services, newcomer, item.step.owner)
        level = state.level + 1
        if level >= len(levels):
            continue
        if level == 0 or state.sent_on is None:
            when = due + timedelta(days=1)
        else:
            when = state.sent_on + grace
        if state.snoozed_until is not None:
            when = max(when, state.snoozed_until)
        if today < when:
            continue
        if not store.claim_reminder(newcomer.user_id, item.number, level=level, on=today):
            continue
        log.info("reminder %d of step %d of %s", level, item.number, newcomer.user_id)
        for recipient in levels[level]:
            outgoing.setdefault((recipient, level == 0), []).append(item)
    for (recipient, owning), items in outgoing.items():
        if owning and recipient == newcomer.user_id:
            continue  # the morning message reminds the newcomer (see overdue_steps)
        numbers = ",".join(str(i.number) for i in items)
        services.messenger.send(
            recipient,
            _message(newcomer, template, items, recipient=recipient, owning=owning),
            to_user=True,
            key=(
                f"onboarding:remind:{newcomer.user_id}:{newcomer.started_at.isoformat()}:"
                f"{today.isoformat()}:{recipient}:{int(owning)}:{numbers}"
            ),
        )


def _message(
    newcomer: Newcomer,
    template: Template,
    items: list[NumberedStep],
    *,
    recipient: UserId,
    owning: bool,
) -> Reply:
    name = views.name_of(newcomer)
    user = newcomer.user_id
    mine = recipient == user  # a newcomer who is a coordinator too
    lines = tuple(f"{i.number}. {i.step.title}" for i in items)
    blocks: list[Block | None] = []
    if owning:
        blocks.append(
            Text(
                _("⏰ Onboarding steps of {name} ({user}) for you are overdue:").format(
                    name=name, user=user
                )
            )
        )
    else:
        blocks.append(
            Text(
                _(
                    "⏰ {name} ({user}) has overdue onboarding steps, and was reminded of them; "
                    "a word from you may help:"
                ).format(name=name, user=user)
            )
        )
    blocks.append(BulletList(lines))
    if owning:
        blocks.append(
            Note(_("When one is done, type: onboarding tick {user} <step>").format(user=user))
        )
    blocks.extend(snooze_blocks(newcomer, items, mine=mine))
    return Reply.of(*blocks)


def snooze_blocks(newcomer: Newcomer, items: list[NumberedStep], *, mine: bool) -> list[Block]:
    """A snooze button per step; ``mine``: for the newcomer themself."""
    user = newcomer.user_id
    buttons = tuple(
        Button(
            _("💤 Snooze {number}").format(number=item.number),
            "onboarding",
            f"snooze {item.number}" if mine else f"snooze {user} {item.number}",
        )
        for item in items
    )
    return [
        Actions(buttons),
        Note(
            _(
                "Overdue: {steps}. Snooze holds the next reminder back {days} days "
                "(onboarding snooze {args} [days])."
            ).format(
                steps=", ".join(str(i.number) for i in items),
                days=SNOOZE_DAYS,
                args="<step>" if mine else f"{user} <step>",
            )
        ),
    ]


def snooze(ctx: Context, args: list[str]) -> Reply:
    """``onboarding snooze [<newcomer>] <step> [days]``: the newcomer, their buddy or a
    coordinator holds the next reminder of an open step back."""
    if args and not args[0].isdigit():
        user = person(ctx, args[0])
        args = args[1:]
    else:
        user = ctx.user_id
    if not 1 <= len(args) <= 2 or not all(a.isdigit() for a in args):
        raise options.usage_error("snooze")
    days = int(args[1]) if len(args) == 2 else SNOOZE_DAYS
    if not 1 <= days <= MAX_SNOOZE_DAYS:
        raise CommandError(_("Snooze for 1 to {most} days.").format(most=MAX_SNOOZE_DAYS))
    services = ctx.services
    newcomer = services.onboarding.get(user)
    if newcomer is None or not newcomer.in_progress:
        raise CommandError(_("{user} is not on an onboarding checklist.").format(user=user))
    if ctx.user_id not in (newcomer.user_id, newcomer.mentor) and not ctx.is_coordinator:
        raise CommandError(
            _(
                "Sorry, only {user}, their buddy or a coordinator can snooze their reminders."
            ).format(user=user)
        )
    template = template_of(services, newcomer)
    number = int(args[0])
    if number not in {s.number for s in views.open_steps(template, newcomer)}:
        raise CommandError(_("Step {n} is not waiting for anyone.").format(n=number))
    until = local_date(services, newcomer, ctx.now()) + timedelta(days=days)
    services.onboarding.snooze(newcomer.user_id, number, until=until)
    log.info("%s snoozed step %d of %s until %s", ctx.user_id, number, user, until)
    return Reply.text(
        _("💤 Snoozed: the next reminder of step {n} comes on {date} at the earliest.").format(
            n=number, date=until.isoformat()
        )
    )
