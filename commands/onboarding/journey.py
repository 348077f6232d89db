"""A newcomer's journey: enrol, tick steps, move to the next day. Shared by commands, listeners
and the morning job; every change is saved before anyone is told about it."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from chatbot.commands import CommandSet
from chatbot.errors import CommandError
from chatbot.i18n import _
from chatbot.ids import UserId
from chatbot.onboarding import Newcomer, NumberedStep, Template
from chatbot.reply import Reply
from chatbot.services import Services
from commands.onboarding import buddies, compose, owners, views
from commands.onboarding.template_file import bundled_templates

log = logging.getLogger(__name__)

onboarding_commands = CommandSet()

SYSTEM = UserId("system")
"""Who loaded the bundled templates."""


def zone_of(services: Services, newcomer: Newcomer | None = None) -> ZoneInfo:
    """The newcomer's time zone, else the bot's."""
    name = (newcomer.timezone if newcomer else None) or services.settings.bot_timezone
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        log.warning("unknown time zone %r; using %s", name, services.settings.bot_timezone)
        return ZoneInfo(services.settings.bot_timezone)


def local_date(services: Services, newcomer: Newcomer | None, at: datetime) -> date:
    return at.astimezone(zone_of(services, newcomer)).date()


def template_of(services: Services, newcomer: Newcomer) -> Template:
    """The exact version the newcomer started with."""
    template = services.onboarding.template(newcomer.template, newcomer.language, newcomer.version)
    if template is None:
        raise CommandError(
            _("The checklist «{name}» version {version} is missing.").format(
                name=newcomer.template, version=newcomer.version
            )
        )
    return template


def find_template(services: Services, name: str) -> Template | None:
    """The latest version of ``name`` in the bot's language, else in any language; a bundled
    template is stored on first use. A part (``chat``) or a composition (``volunteer+chat``)
    gives the general template with the part joined in, stored as the next version of
    ``volunteer+chat`` if it changed (see :mod:`commands.onboarding.compose`)."""
    names = name.split(compose.SEPARATOR)
    if len(names) == 1:
        found = _find_one(services, name)
        if found is None or found.part_of is None:
            return found
        names = [found.part_of, name]
    if len(names) != 2:
        return None
    base = _find_one(services, names[0])
    part = _find_one(services, names[1], language=base.language) if base else None
    if base is None or part is None or base.part_of is not None or part.part_of != base.name:
        return None
    try:
        composed = compose.compose(base, part)
    except ValueError:
        log.exception("cannot compose %s", name)
        return None
    return services.onboarding.save_template(composed, actor=SYSTEM, at=services.clock.now())[0]


def _find_one(services: Services, name: str, *, language: str | None = None) -> Template | None:
    store = services.onboarding
    language = language or services.settings.bot_language
    template = store.template(name, language)
    if template is not None:
        return template
    stored = [t for t in store.templates() if t.name == name]
    if stored:
        return stored[0]
    bundled = [t for t in bundled_templates() if t.name == name]
    if not bundled:
        return None
    now = services.clock.now()
    saved = [store.save_template(t, actor=SYSTEM, at=now)[0] for t in bundled]
    return next((t for t in saved if t.language == language), saved[0])


def enrol(
    services: Services,
    user: UserId,
    *,
    user_name: str,
    template: Template,
    by: UserId,
    at: datetime,
    names: Mapping[UserId, str] | None = None,
) -> Newcomer:
    """Start ``user`` on day 1 of ``template``, send the welcome message (once) and give them a
    buddy from the pool, if there is one, introduced by the name ``names`` has for them (see
    :func:`commands.onboarding.buddies.names_for`), else by their id."""
    newcomer = services.onboarding.enrol(
        Newcomer(
            user_id=user,
            user_name=user_name,
            template=template.name,
            language=template.language,
            version=template.version,
            enrolled_by=by,
            started_at=at,
            day_started_on=local_date(services, None, at),
            last_activity_at=at,
        )
    )
    log.info("%s enrolled in %s v%s by %s", user, template.name, template.version, by)
    services.messenger.send(
        user,
        views.welcome(template, newcomer),
        to_user=True,
        key=f"onboarding:welcome:{user}:{at.isoformat()}",
    )
    newcomer = buddies.assign_from_pool(services, newcomer, template, names=names)
    owners.send_due(services, newcomer, template)
    return newcomer


def welcome_back(services: Services, newcomer: Newcomer, *, at: datetime) -> Newcomer:
    """Someone who left mid-way came back: their progress is where they left it."""
    newcomer = services.onboarding.update(
        newcomer.user_id, {"left_at": None, "last_activity_at": at}
    )
    services.messenger.send(
        newcomer.user_id,
        views.welcome(template_of(services, newcomer), newcomer, back=True),
        to_user=True,
        key=f"onboarding:back:{newcomer.user_id}:{at.isoformat()}",
    )
    return newcomer


@dataclass(frozen=True)
class Ticked:
    newcomer: Newcomer
    steps: list[NumberedStep]
    """The steps this call ticked (already done ones are left out)."""
    finished_days: list[int]
    completed: bool
    """The whole checklist just became complete."""


def tick(
    services: Services,
    newcomer: Newcomer,
    template: Template,
    numbers: set[int],
    at: datetime,
    *,
    by: UserId | None = None,
    waived_reason: str | None = None,
) -> Ticked:
    """Tick ``numbers`` (by ``by``; None when they ticked themselves), or waive them when
    ``waived_reason`` is given (``by`` is then the coordinator)."""
    store = services.onboarding

    def mark(number: int) -> bool:
        if waived_reason is not None and by is not None:
            return store.waive(newcomer.user_id, number, at=at, by=by, reason=waived_reason)
        return store.tick(newcomer.user_id, number, at=at, by=by)

    steps = [s for s in template.numbered() if s.number in numbers and mark(s.number)]
    newcomer = store.get(newcomer.user_id) or newcomer
    finished_days = sorted(
        {
            s.day
            for s in steps
            if all(o.number in newcomer.done for o in template.steps_of_day(s.day))
        }
    )
    completed = False
    if steps and newcomer.completed_at is None and len(newcomer.done) >= template.total_steps:
        newcomer = store.update(newcomer.user_id, {"completed_at": at})
        completed = True
        log.info("%s completed onboarding %s", newcomer.user_id, template.name)
        if newcomer.mentor:
            services.messenger.send(
                newcomer.mentor,
                Reply.text(
                    _(
                        "{name} completed their onboarding checklist «{title}». Well done to you "
                        "both!"
                    ).format(name=views.name_of(newcomer), title=template.title)
                ),
                to_user=True,
                key=f"onboarding:completed:{newcomer.user_id}:{newcomer.started_at.isoformat()}",
            )
    return Ticked(newcomer, steps, finished_days, completed)


def next_day(
    newcomer: Newcomer, template: Template, today: date, *, started_on: date | None = None
) -> dict[str, object] | None:
    """The changes that start the next day, if the current one is done and started before
    ``today``, and the next one is due by ``today`` (its day after ``started_on``, the
    newcomer's local start date); keyed by date, so running it twice the same morning changes
    nothing."""
    first = started_on or newcomer.started_at.date()
    if newcomer.day_started_on >= today:
        return None
    if any(s.number not in newcomer.done for s in template.steps_of_day(newcomer.day)):
        return None
    for day in range(newcomer.day + 1, len(template.days) + 1):
        if any(s.number not in newcomer.done for s in template.steps_of_day(day)):
            if first + timedelta(days=template.offset(day) - 1) > today:
                return None
            return {"day": day, "day_started_on": today}
    return None
