"""What coordinators do: see who is where (and who needs attention), enrol, unenrol, choose
buddies."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import datetime

from chatbot.context import Context
from chatbot.errors import CommandError
from chatbot.i18n import _
from chatbot.ids import UserId, local_part
from chatbot.messenger import display_names
from chatbot.onboarding import Newcomer, Template
from chatbot.paging import page_footer, page_of, page_only
from chatbot.people_refs import person
from chatbot.reply import Block, BulletList, Heading, Note, Reply, Text
from chatbot.services import Services
from commands.onboarding import attention, buddies, options, records, views
from commands.onboarding.journey import (
    enrol,
    find_template,
    template_of,
    welcome_back,
    zone_of,
)
from commands.onboarding.resend import resend

log = logging.getLogger(__name__)


async def run(ctx: Context, action: str, word: str, args: list[str]) -> Reply:
    """Coordinator option ``action`` (see :mod:`commands.onboarding.options`), typed ``word``."""
    if not ctx.is_coordinator:
        raise CommandError(
            _("Sorry, onboarding {word} is for coordinators only.").format(word=word)
        )
    if action == "status":
        return await status(ctx.services, ctx.now(), page=page_only(" ".join(args)))
    if action == "templates":
        return _templates(ctx)
    if action == "start" and len(args) in (1, 2, 3):
        return await _start(ctx, person(ctx, args[0]), "+".join(args[1:]) or None)
    if action == "stop" and len(args) == 1:
        return await _stop(ctx, person(ctx, args[0]))
    if action == "waive" and len(args) >= 3:
        return await records.waive(ctx, person(ctx, args[0]), args[1], " ".join(args[2:]))
    if action == "history" and len(args) == 1:
        return await records.history(ctx, person(ctx, args[0]))
    if action == "buddy" and len(args) == 2:
        return await _buddy(ctx, person(ctx, args[0]), person(ctx, args[1]))
    if action == "resend" and len(args) == 1:
        return await resend(ctx.services, person(ctx, args[0]), by=ctx.user_id, at=ctx.now())
    raise options.usage_error(action)


async def status(services: Services, now: datetime, *, page: int = 1) -> Reply:
    """Who is onboarding, a page at a time: those needing attention first, each with why, then
    those on track, each group in the order they started."""
    newcomers = services.onboarding.newcomers()
    finished = sum(n.completed_at is not None for n in newcomers)
    everyone = attention.standings(services, now)
    if not everyone:
        return Reply.of(
            Text(_("Nobody is onboarding right now.")),
            Note(_("{count} newcomers completed their checklist.").format(count=finished))
            if finished
            else None,
        )
    zone = zone_of(services)
    shown = page_of(everyone, page)
    names = await display_names(services.people, (s.newcomer.mentor for s in shown.items))
    troubled = [s for s in shown.items if s.reasons]
    fine = [s for s in shown.items if not s.reasons]
    attention_count = sum(bool(s.reasons) for s in everyone)
    blocks: list[Block | None] = [
        Heading(_("Newcomers: {count}").format(count=len(everyone))),
    ]
    if troubled:
        blocks.append(Text(_("Needs attention: {count}").format(count=attention_count)))
        blocks.append(
            BulletList(
                tuple(
                    _("{line} — why: {reasons}").format(
                        line=_line(services, s.newcomer, now, names),
                        reasons=", ".join(s.reasons),
                    )
                    for s in troubled
                )
            )
        )
    if fine:
        blocks.append(Text(_("On track: {count}").format(count=len(everyone) - attention_count)))
        blocks.append(BulletList(tuple(_line(services, s.newcomer, now, names) for s in fine)))
    return Reply.of(
        *blocks,
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
                "Type onboarding status for everyone; onboarding buddy <newcomer> <person> to "
                "give someone a hand."
            )
        ),
    ]


def _line(
    services: Services, newcomer: Newcomer, now: datetime, names: Mapping[str, str] | None = None
) -> str:
    template = services.onboarding.template(newcomer.template, newcomer.language, newcomer.version)
    stuck = newcomer.is_stuck(now, stuck_days=services.settings.onboarding_stuck_days)
    return views.status_line(template, newcomer, zone=zone_of(services), stuck=stuck, names=names)


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


async def _start(ctx: Context, user: UserId, name: str | None) -> Reply:
    services = ctx.services
    existing = services.onboarding.get(user)
    if existing is not None and existing.in_progress:
        raise CommandError(
            _(
                "{user} is already onboarding. Type onboarding stop {user} first to start them "
                "on another checklist."
            ).format(user=user)
        )
    called = await services.people.display_name(user)
    if existing is not None and name is None and existing.completed_at is None:
        welcome_back(services, existing, at=ctx.now())
        return Reply.text(
            _("{user} is back on their checklist, where they left it.").format(user=called)
        )
    wanted = name or services.settings.onboarding_default_template
    template = find_template(services, wanted)
    if template is None:
        raise CommandError(
            _(
                "There is no checklist called «{name}». Type onboarding templates to see them."
            ).format(name=wanted)
        )
    enrol(  # a finished journey stays in the history (onboarding history)
        services,
        user,
        user_name=local_part(user) if called == user else called,
        template=template,
        by=ctx.user_id,
        at=ctx.now(),
        names=await buddies.names_for(services, user),
    )
    return Reply.text(
        _("{user} starts «{title}» (version {version}); I sent them a welcome message.").format(
            user=called, title=template.title, version=template.version
        )
    )


async def _stop(ctx: Context, user: UserId) -> Reply:
    newcomer = ctx.services.onboarding.get(user)
    if newcomer is None or not newcomer.in_progress:
        raise CommandError(_("{user} is not onboarding.").format(user=user))
    ctx.services.onboarding.update(user, {"left_at": ctx.now()})
    log.info("%s unenrolled by %s", user, ctx.user_id)
    return Reply.text(
        _("{user} is no longer onboarding; their progress is kept.").format(
            user=await ctx.services.people.display_name(user)
        )
    )


async def _buddy(ctx: Context, user: UserId, buddy: UserId) -> Reply:
    newcomer = ctx.services.onboarding.get(user)
    if newcomer is None or newcomer.left_at is not None:
        raise CommandError(_("{user} is not onboarding.").format(user=user))
    if buddy == user:
        raise CommandError(_("A newcomer cannot be their own buddy."))
    names = await display_names(ctx.services.people, (user, buddy))
    buddies.assign(
        ctx.services,
        newcomer,
        buddy,
        template_of(ctx.services, newcomer),
        names={buddy: names[buddy]},
    )
    log.info("%s given buddy %s by %s", user, buddy, ctx.user_id)
    return Reply.text(
        _("{buddy} is now the buddy of {user}; I introduced them to each other.").format(
            buddy=names[buddy], user=names[user]
        )
    )
