"""What happens without anyone typing to the bot: joining a welcome channel enrols, leaving it
unenrols, real actions tick their steps, and each morning brings the next steps."""

from __future__ import annotations

import logging
from datetime import datetime, time

from chatbot.anomalies import AnomalyReported
from chatbot.events import LookupSucceeded, MembershipChanged, MessagePosted
from chatbot.ids import UserId, local_part
from chatbot.onboarding import Newcomer, Step
from chatbot.reply import Reply
from chatbot.services import Services
from chatbot.settings import Settings
from commands.onboarding import buddies, owners, reminders, views
from commands.onboarding.journey import (
    enrol,
    find_template,
    next_day,
    onboarding_commands,
    template_of,
    tick,
    welcome_back,
    zone_of,
)

log = logging.getLogger(__name__)

SYSTEM_ENROLMENT = UserId("system:welcome-channel")


def is_welcome(settings: Settings, conversation_id: str) -> bool:
    if conversation_id == "":
        return settings.onboarding_on_team_join
    return conversation_id in settings.onboarding_welcome_channels


async def newcomer_name(services: Services, event: MembershipChanged) -> str:
    """The name the event brought, unless it is only the id (a Slack channel join): then the
    one the platform knows them by."""
    if event.user_name and event.user_name != local_part(event.user_id):
        return event.user_name
    named = await services.people.display_name(event.user_id)
    return event.user_name if named == event.user_id else named


@onboarding_commands.on(MembershipChanged)
async def on_membership(services: Services, event: MembershipChanged) -> None:
    if event.joined and event.conversation_id:
        await on_action(services, "join", event.user_id, event.at, channel=event.conversation_id)
    if not is_welcome(services.settings, event.conversation_id):
        return
    newcomer = services.onboarding.get(event.user_id)
    if not event.joined:
        if newcomer is not None and newcomer.in_progress:
            services.onboarding.update(event.user_id, {"left_at": event.at})
            log.info("%s left %s: unenrolled", event.user_id, event.conversation_id)
        return
    if newcomer is not None:
        if newcomer.left_at is not None and newcomer.completed_at is None:
            welcome_back(services, newcomer, at=event.at)
        return  # already onboarding, or done: joining another welcome channel changes nothing
    template = find_template(services, services.settings.onboarding_default_template)
    if template is None:
        log.error(
            "cannot enrol %s: no checklist called %r",
            event.user_id,
            services.settings.onboarding_default_template,
        )
        return
    enrol(
        services,
        event.user_id,
        user_name=await newcomer_name(services, event),
        template=template,
        by=SYSTEM_ENROLMENT,
        at=event.at,
        names=await buddies.names_for(services, event.user_id),
    )


@onboarding_commands.on(LookupSucceeded)
async def on_lookup(services: Services, event: LookupSucceeded) -> None:
    await on_action(services, "lookup", event.user_id, event.at)


@onboarding_commands.on(AnomalyReported)
async def on_report(services: Services, event: AnomalyReported) -> None:
    await on_action(services, "report", event.anomaly.reporter, event.anomaly.created_at)


@onboarding_commands.on(MessagePosted)
async def on_message(services: Services, event: MessagePosted) -> None:
    """Every group message comes here (the adapters do not filter): the cached
    ``in_progress`` turns away all but newcomers before anything else is read."""
    if event.conversation_id:
        await on_action(services, "answer", event.user_id, event.at, channel=event.conversation_id)


def waits_for(settings: Settings, step: Step, trigger: str, channel: str | None) -> bool:
    """Whether ``step`` ticks itself on ``trigger`` in ``channel``: an ``answer`` step without a
    channel, in any welcome channel; the others, in the channel they name (or none)."""
    if step.trigger != trigger:
        return False
    if trigger == "answer" and step.channel is None:
        return bool(channel) and is_welcome(settings, channel or "")
    return step.channel == channel


async def on_action(
    services: Services, trigger: str, user: UserId, at: datetime, *, channel: str | None = None
) -> None:
    """A real action happened: tick the newcomer's steps waiting for ``trigger`` (for ``join``
    and ``answer``, in ``channel``: see :func:`waits_for`)."""
    if not services.onboarding.in_progress(user):
        return
    newcomer = services.onboarding.get(user)
    if newcomer is None or not newcomer.in_progress:
        return
    template = template_of(services, newcomer)
    wanted = {
        s.number
        for s in template.numbered()
        if waits_for(services.settings, s.step, trigger, channel) and s.number not in newcomer.done
    }
    if not wanted:
        return
    result = tick(services, newcomer, template, wanted, at)
    if result.steps:
        services.messenger.send(
            user,
            views.ticked_reply(
                template,
                result.newcomer,
                [s.number for s in result.steps],
                result.finished_days,
                result.completed,
                automatic=True,
            ),
            to_user=True,
        )


def nudge_time(settings: Settings) -> time:
    hours, _sep, minutes = settings.onboarding_nudge_time.partition(":")
    return time(int(hours), int(minutes))


@onboarding_commands.job("onboarding-nudges", cron=lambda s: s.onboarding_check_cron)
async def send_morning_steps(services: Services) -> None:
    """For each newcomer whose morning has come: the next steps, once a day (the outbox key),
    reminders of overdue steps (see :mod:`commands.onboarding.reminders`) and a word to the
    buddy once per stuck episode. Safe to run any number of times."""
    now = services.clock.now()
    for newcomer in services.onboarding.newcomers():
        if not newcomer.in_progress or newcomer.paused:
            continue
        try:
            _morning(services, newcomer, now)
        except Exception:
            log.exception("morning steps for %s failed", newcomer.user_id)


def _morning(services: Services, newcomer: Newcomer, now: datetime) -> None:
    settings = services.settings
    zone = zone_of(services, newcomer)
    local = now.astimezone(zone)
    if local.weekday() >= 5 and not settings.onboarding_weekends:
        return
    if local.time() < nudge_time(settings):
        return
    today = local.date()
    if today <= newcomer.started_at.astimezone(zone).date():
        return  # the welcome message brought today's steps
    template = template_of(services, newcomer)
    started_on = newcomer.started_at.astimezone(zone).date()
    changes = next_day(newcomer, template, today, started_on=started_on)
    if changes:
        newcomer = services.onboarding.update(newcomer.user_id, changes)
    if views.open_steps(template, newcomer):
        late = [
            s
            for s in reminders.overdue_steps(services, newcomer, template, today)
            if s.step.owner == "newcomer"
        ]
        services.messenger.send(
            newcomer.user_id,
            views.morning(template, newcomer, today)
            + Reply.of(
                *reminders.snooze_blocks(newcomer, late, mine=True) if late else (), ephemeral=False
            ),
            to_user=True,
            key=f"nudge:{newcomer.user_id}:{today.isoformat()}",
        )
    owners.send_due(services, newcomer, template)
    reminders.send_overdue(services, newcomer, template, today)
    if newcomer.mentor and newcomer.is_stuck(now, stuck_days=settings.onboarding_stuck_days):
        services.messenger.send(
            newcomer.mentor,
            Reply.text(
                views.stuck_message(template, newcomer, zone, settings.onboarding_stuck_days)
            ),
            to_user=True,
            key=f"onboarding:stuck:{newcomer.user_id}:{newcomer.last_activity_at.isoformat()}",
        )
