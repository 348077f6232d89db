"""What coordinators do: see who is where (and who is stuck), enrol, unenrol, assign mentors."""

from __future__ import annotations

import logging
from datetime import datetime

from chatbot.context import Context
from chatbot.errors import CommandError
from chatbot.i18n import _
from chatbot.ids import UserId
from chatbot.onboarding import Newcomer, Template
from chatbot.paging import page_footer, page_of, page_only
from chatbot.people_refs import person
from chatbot.reply import Block, BulletList, Heading, Note, Reply, Text
from chatbot.services import Services
from commands.onboarding import views
from commands.onboarding.journey import (
    enrol,
    find_template,
    template_of,
    welcome_back,
    zone_of,
)

log = logging.getLogger(__name__)

_ACTIONS = {
    "status": "status",
    "statut": "status",
    "etat": "status",
    "start": "start",
    "demarrer": "start",
    "inscrire": "start",
    "stop": "stop",
    "arreter": "stop",
    "desinscrire": "stop",
    "mentor": "mentor",
    "tuteur": "mentor",
    "tutrice": "mentor",
    "parrain": "mentor",
    "marraine": "mentor",
    "templates": "templates",
    "modeles": "templates",
}


async def run(ctx: Context, word: str, args: list[str]) -> Reply:
    action = _ACTIONS.get(word)
    if action is None:
        raise CommandError(
            _("I don't know onboarding {word}. Type help onboarding to see the options.").format(
                word=word
            )
        )
    if not ctx.is_coordinator:
        raise CommandError(
            _("Sorry, onboarding {word} is for coordinators only.").format(word=word)
        )
    if action == "status":
        return status(ctx.services, ctx.now(), page=page_only(" ".join(args)))
    if action == "templates":
        return _templates(ctx)
    if action == "start" and len(args) in (1, 2):
        return _start(ctx, person(ctx, args[0]), args[1] if len(args) == 2 else None)
    if action == "stop" and len(args) == 1:
        return _stop(ctx, person(ctx, args[0]))
    if action == "mentor" and len(args) == 2:
        return await _mentor(ctx, person(ctx, args[0]), person(ctx, args[1]))
    usages = {
        "start": "onboarding start <user> [template]",
        "stop": "onboarding stop <user>",
        "mentor": "onboarding mentor <newcomer> <user>",
    }
    raise CommandError(_("Usage: {usage}").format(usage=usages[action]))


def status(services: Services, now: datetime, *, page: int = 1) -> Reply:
    """Who is onboarding, a page at a time, in the order they started."""
    newcomers = services.onboarding.newcomers()
    ongoing = [n for n in newcomers if n.completed_at is None]
    finished = len(newcomers) - len(ongoing)
    if not ongoing:
        return Reply.of(
            Text(_("Nobody is onboarding right now.")),
            Note(_("{count} newcomers completed their checklist.").format(count=finished))
            if finished
            else None,
        )
    zone = zone_of(services)
    stuck_days = services.settings.onboarding_stuck_days
    shown = page_of(ongoing, page)
    lines = [_line(services, n, now) for n in shown.items]
    stuck = sum(n.is_stuck(now, stuck_days=stuck_days) for n in ongoing)
    return Reply.of(
        Heading(_("Newcomers: {count}").format(count=len(ongoing))),
        BulletList(tuple(lines)),
        Note(
            _("⚠ stuck: no progress for {days} days ({count} now).").format(
                days=stuck_days, count=stuck
            )
        )
        if stuck
        else None,
        Note(_("{count} newcomers completed their checklist.").format(count=finished))
        if finished
        else None,
        Note(_("Times in {zone}.").format(zone=zone.key)),
        *page_footer(shown, "onboarding", "status"),
    )


def stuck_newcomers_section(services: Services, now: datetime) -> list[Block]:
    """The coordinators' digest section: newcomers with no progress for a while (or nothing)."""
    stuck_days = services.settings.onboarding_stuck_days
    stuck = [n for n in services.onboarding.newcomers() if n.is_stuck(now, stuck_days=stuck_days)]
    if not stuck:
        return []
    return [
        Heading(_("Newcomers who seem stuck: {count}").format(count=len(stuck))),
        BulletList(tuple(_line(services, n, now) for n in stuck)),
        Note(
            _(
                "Type onboarding status for everyone; onboarding mentor <newcomer> <user> to "
                "give someone a hand."
            )
        ),
    ]


def _line(services: Services, newcomer: Newcomer, now: datetime) -> str:
    template = services.onboarding.template(newcomer.template, newcomer.language, newcomer.version)
    stuck = newcomer.is_stuck(now, stuck_days=services.settings.onboarding_stuck_days)
    return views.status_line(template, newcomer, zone=zone_of(services), stuck=stuck)


def _templates(ctx: Context) -> Reply:
    templates = ctx.services.onboarding.templates()
    if not templates:
        return Reply.text(
            _(
                "No checklist is loaded yet; the default one, {name}, is used on first enrolment."
            ).format(name=ctx.services.settings.onboarding_default_template)
        )
    return Reply.of(
        Heading(_("Onboarding checklists")),
        BulletList(tuple(_describe(t) for t in templates)),
    )


def _describe(template: Template) -> str:
    return _("{name} ({language}) v{version}: {title}, {days} days, {steps} steps").format(
        name=template.name,
        language=template.language,
        version=template.version,
        title=template.title,
        days=len(template.days),
        steps=template.total_steps,
    )


def _start(ctx: Context, user: UserId, name: str | None) -> Reply:
    services = ctx.services
    existing = services.onboarding.get(user)
    if existing is not None and existing.in_progress:
        raise CommandError(
            _(
                "{user} is already onboarding. Type onboarding stop {user} first to start them "
                "on another checklist."
            ).format(user=user)
        )
    if existing is not None and name is None:
        if existing.completed_at is not None:
            raise CommandError(
                _(
                    "{user} already completed their checklist. Name a checklist to start "
                    "another: onboarding start {user} <template>."
                ).format(user=user)
            )
        welcome_back(services, existing, at=ctx.now())
        return Reply.text(
            _("{user} is back on their checklist, where they left it.").format(user=user)
        )
    wanted = name or services.settings.onboarding_default_template
    template = find_template(services, wanted)
    if template is None:
        raise CommandError(
            _(
                "There is no checklist called «{name}». Type onboarding templates to see them."
            ).format(name=wanted)
        )
    enrol(
        services,
        user,
        user_name=user.partition(":")[2],
        template=template,
        by=ctx.user_id,
        at=ctx.now(),
    )
    return Reply.text(
        _("{user} starts «{title}» (version {version}); I sent them a welcome message.").format(
            user=user, title=template.title, version=template.version
        )
    )


def _stop(ctx: Context, user: UserId) -> Reply:
    newcomer = ctx.services.onboarding.get(user)
    if newcomer is None or not newcomer.in_progress:
        raise CommandError(_("{user} is not onboarding.").format(user=user))
    ctx.services.onboarding.update(user, {"left_at": ctx.now()})
    log.info("%s unenrolled by %s", user, ctx.user_id)
    return Reply.text(
        _("{user} is no longer onboarding; their progress is kept.").format(user=user)
    )


async def _mentor(ctx: Context, user: UserId, mentor: UserId) -> Reply:
    newcomer = ctx.services.onboarding.get(user)
    if newcomer is None or newcomer.left_at is not None:
        raise CommandError(_("{user} is not onboarding.").format(user=user))
    ctx.services.onboarding.update(user, {"mentor": mentor})
    template = template_of(ctx.services, newcomer)
    try:
        ctx.services.messenger.send(
            mentor,
            Reply.text(
                _(
                    "You are now the mentor of {name} for «{title}». I will tell you when they "
                    "complete it, or if they seem stuck."
                ).format(name=views.name_of(newcomer), title=template.title)
            ),
            to_user=True,
        )
    except Exception:
        log.warning("could not tell mentor %s", mentor, exc_info=True)
    return Reply.text(_("{mentor} is now the mentor of {user}.").format(mentor=mentor, user=user))
