"""Build a ready bot from settings: the only place that knows every layer."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from adapters.web.settings import WebSettings
from chatbot.bot import Bot
from chatbot.commands import Registry
from chatbot.i18n import set_language
from chatbot.messenger import MessengerRouter
from chatbot.offloop import OffLoop
from chatbot.outbox import OutboxMessenger, OutboxSender
from chatbot.ports import Clock
from chatbot.preferences import QuietWindows
from chatbot.roles import RolePolicy
from chatbot.services import Services, SystemClock
from chatbot.settings import Settings
from chatbot.web import WebSignIn
from commands import all_command_sets
from storage import Storage, open_storage

log = logging.getLogger(__name__)


@dataclass(kw_only=True)
class App:
    settings: Settings
    storage: Storage
    router: MessengerRouter
    """Adapters register their messenger here; the outbox sender delivers through it."""
    sender: OutboxSender
    services: Services
    bot: Bot
    core: OffLoop
    """The process's one pool of core workers, handed to every adapter and to the scheduler
    (see :mod:`chatbot.offloop`); whoever serves with it closes it (:mod:`app.runner`)."""


_FIRST_START_KEY = "first_started_at"


def first_start(storage: Storage, now: datetime) -> datetime:
    """The first time a bot started on this database (recorded now if this is it).

    A first start in the future means the clock was wrong then (or is now): kept, it would
    silence every digest until that date, so it is logged and recorded again as now.
    """
    recorded = storage.state.get(_FIRST_START_KEY)
    first = None if recorded is None else datetime.fromisoformat(recorded)
    if first is not None and first > now:
        log.warning(
            "the clock went back: first start recorded at %s, now %s; recording now instead",
            first.isoformat(),
            now.isoformat(),
        )
        first = None
    if first is None:
        storage.state.set(_FIRST_START_KEY, now.isoformat())
        return now
    return first


def build_app(
    settings: Settings,
    *,
    clock: Clock | None = None,
    seed_demo: bool = True,
    web: WebSettings | None = None,
) -> App:
    """Open (and migrate) the database, seed the demo directory on first start, build the bot.

    ``seed_demo``: the bot is about to serve people (`chatbot run`, `chatbot console`), so an
    empty directory gets the demo entries when ``BOT_DEMO_DATA`` allows. Maintenance commands
    (`chatbot directory import`...) pass False: a fresh install then holds only what they wrote.
    Adapters then register their messenger on ``app.router`` and call ``app.bot.handle``.
    ``web``: the cockpit's settings (default: from the environment), for the links of `web`.
    """
    set_language(settings.bot_language)
    storage = open_storage(settings.effective_database_url)
    clock = clock or SystemClock()
    with storage.startup_lock():  # bots starting together on a new database take turns
        first_started_at = first_start(storage, clock.now())
        if seed_demo and settings.bot_demo_data:
            from app.demo import seed_demo_directory

            seed_demo_directory(storage, at=clock.now())
    router = MessengerRouter()
    sender = OutboxSender(
        outbox=storage.outbox,
        messenger=router,
        clock=clock,
        served=router.platforms,
        threads=storage.threads,
    )
    services = Services(
        settings=settings,
        clock=clock,
        messenger=OutboxMessenger(
            outbox=storage.outbox,
            clock=clock,
            sender=sender,
            quiet=QuietWindows(
                storage.preferences,
                default=settings.bot_quiet_hours,
                timezone=settings.bot_timezone,
            ),
        ),
        outbox=storage.outbox,
        open_questions=storage.open_questions,
        directory=storage.directory,
        suggestions=storage.suggestions,
        missed_searches=storage.missed_searches,
        thesaurus=storage.thesaurus,
        roles=RolePolicy(storage.roles, settings),
        anomalies=storage.anomalies,
        onboarding=storage.onboarding,
        people=router,
        first_started_at=first_started_at,
        attachments=storage.attachments,
        preferences=storage.preferences,
        web=_web_sign_in(storage, web or WebSettings()),
        state=storage.state,
    )
    bot = Bot(registry=Registry(all_command_sets(settings)), services=services)
    return App(
        settings=settings,
        storage=storage,
        router=router,
        sender=sender,
        services=services,
        bot=bot,
        core=OffLoop(),
    )


def _web_sign_in(storage: Storage, web: WebSettings) -> WebSignIn:
    return WebSignIn(
        storage.web_sessions,
        base_url=web.base_url,
        session_lifetime=timedelta(hours=web.bot_web_session_hours),
    )
