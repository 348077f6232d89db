"""What coordinators keep of a journey: steps waived with a reason, and who ticked what, when.

``onboarding waive <newcomer> <step> <reason…>`` counts a step as done without the newcomer doing
it (a completed journey ends as "completed"); ``onboarding history <person>`` lists every step
ticked or waived, by whom and when, completed journeys included.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from zoneinfo import ZoneInfo

from babel.dates import format_datetime

from chatbot.context import Context
from chatbot.errors import CommandError
from chatbot.i18n import _, current_language
from chatbot.ids import UserId
from chatbot.messenger import display_names
from chatbot.onboarding import Newcomer, StepRecord, Template
from chatbot.reply import Block, BulletList, Heading, Note, Reply, Text
from commands.onboarding import views
from commands.onboarding.journey import template_of, tick, zone_of

log = logging.getLogger(__name__)


async def waive(ctx: Context, user: UserId, number_text: str, reason: str) -> Reply:
    """A coordinator waives one step of ``user``'s checklist (already checked by the caller)."""
    services = ctx.services
    newcomer = _journey(ctx, user)
    if not newcomer.in_progress:
        raise CommandError(_("{user} is not onboarding.").format(user=user))
    template = template_of(services, newcomer)
    number = int(number_text) if number_text.isdigit() else 0
    if not 1 <= number <= template.total_steps:
        raise CommandError(
            _("There is no step {n}: the checklist has steps 1 to {total}.").format(
                n=number_text, total=template.total_steps
            )
        )
    title = template.numbered()[number - 1].step.title
    at = ctx.now()
    result = tick(services, newcomer, template, {number}, at, by=ctx.user_id, waived_reason=reason)
    if not result.steps:
        raise CommandError(
            _("Step {n} of {user} is already done or waived.").format(n=number, user=user)
        )
    log.info("%s waived step %s of %s", ctx.user_id, number, user)
    told = _("A coordinator waived step {n}, «{title}»: {reason}").format(
        n=number, title=title, reason=reason
    )
    services.messenger.send(
        user,
        Reply.of(
            Text(told),
            Text(
                _(
                    "Congratulations, you completed your checklist «{title}»! Welcome to the team."
                ).format(title=template.title)
            )
            if result.completed
            else None,
        ),
        to_user=True,
        key=f"onboarding:waived:{user}:{newcomer.started_at.isoformat()}:{number}",
    )
    called = await services.people.display_name(user)
    return Reply.of(
        Text(
            _("Step {n}, «{title}», of {user} is waived: {reason}").format(
                n=number, title=title, user=called, reason=reason
            )
        ),
        Note(_("{user} completed their checklist.").format(user=called))
        if result.completed
        else None,
    )


async def history(ctx: Context, user: UserId) -> Reply:
    """Who ticked or waived each step of ``user``'s journey, and when; earlier journeys (kept
    when they started another) first."""
    newcomer = _journey(ctx, user)
    zone = zone_of(ctx.services)
    blocks: list[Block | None] = []
    for journey in [*ctx.services.onboarding.past_journeys(user), newcomer]:
        template = template_of(ctx.services, journey)
        records = ctx.services.onboarding.history(journey.user_id)
        names = await display_names(ctx.services.people, (r.by for r in records))
        blocks += [
            Heading(
                _("{name}: «{title}» (version {version})").format(
                    name=views.name_of(newcomer), title=template.title, version=journey.version
                )
            ),
            Text(_state(journey, template, zone)),
            BulletList(tuple(_record(r, template, newcomer, zone, names) for r in records))
            if records
            else Note(_("No step ticked yet.")),
        ]
    return Reply.of(*blocks, Note(_("Times in {zone}.").format(zone=zone.key)))


def _journey(ctx: Context, user: UserId) -> Newcomer:
    newcomer = ctx.services.onboarding.get(user)
    if newcomer is None:
        raise CommandError(_("{user} has no onboarding journey.").format(user=user))
    return newcomer


def _state(newcomer: Newcomer, template: Template, zone: ZoneInfo) -> str:
    started = views.day_text(newcomer.started_at, zone)
    if newcomer.completed_at is not None:
        return _("Started {start}, completed {end}.").format(
            start=started, end=views.day_text(newcomer.completed_at, zone)
        )
    if newcomer.left_at is not None:
        return _("Started {start}, left {end}.").format(
            start=started, end=views.day_text(newcomer.left_at, zone)
        )
    return _("Started {start}, in progress: {done} of {total} steps done.").format(
        start=started, done=len(newcomer.done), total=template.total_steps
    )


def _record(
    record: StepRecord,
    template: Template,
    newcomer: Newcomer,
    zone: ZoneInfo,
    names: Mapping[str, str],
) -> str:
    when = format_datetime(
        record.at, format="d MMM yyyy HH:mm", tzinfo=zone, locale=current_language()
    )  # as report histories read: "23 nov. 2026 09:00"
    steps = template.numbered()
    title = steps[record.step - 1].step.title if 1 <= record.step <= len(steps) else "?"
    step = f"{record.step}. {title}"
    if record.waived_reason is not None:
        return _("{when} · {step} · waived by {user}: {reason}").format(
            when=when,
            step=step,
            user=names.get(record.by or "", record.by),
            reason=record.waived_reason,
        )
    if record.by is None:
        return _("{when} · {step} · ticked itself").format(when=when, step=step)
    if record.by == newcomer.user_id:
        return _("{when} · {step} · ticked by the newcomer").format(when=when, step=step)
    return _("{when} · {step} · ticked by {user}").format(
        when=when, step=step, user=names.get(record.by, record.by)
    )
