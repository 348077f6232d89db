"""Sending the digest: on schedule (once per period and target), or now, or as a preview.

The scheduled job also runs at start-up: it computes the latest period due and enqueues its
digest under the key ``digest:<period end>:<target>``. The outbox keeps a key once, so restarts
and a second bot process on the same database never send a period twice, and delivery is retried
until the platform confirms, so a digest is never lost.

``digest send`` is a period of its own, from where the previous digest stopped to the moment it
is sent (its title says that day), enqueued the same way (``digest:<sent at>:<target>``). Its
period is written down first (the state ``digest:sent-now``), then enqueued: the next digest
starts where it ended, and should the bot stop in between, the scheduled job (which also runs at
start-up) enqueues it again under the same keys, which the outbox keeps once: nothing is lost,
nothing goes twice.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime, timedelta

from chatbot.commands import CommandSet
from chatbot.context import Context
from chatbot.errors import CommandError
from chatbot.i18n import N_, _
from chatbot.messenger import display_names
from chatbot.parsing import fold
from chatbot.reply import Note, Reply
from chatbot.report_words import when
from chatbot.roles import Role
from chatbot.services import Services
from commands.anomalies.digest import (
    DigestPeriod,
    DigestSection,
    build_digest,
    digest_blocks,
    last_period,
    next_fire_time,
)
from commands.anomalies.notify import audience
from commands.anomalies.views import naming

log = logging.getLogger(__name__)

_PREVIEW_WORDS = frozenset({"preview", "apercu", "voir"})
_SEND_WORDS = frozenset({"send", "envoyer"})


SENT_NOW_STATE = "digest:sent-now"
"""The period of the latest ``digest send``: ``<start>|<end>``, ISO times."""


def digest_key(period: DigestPeriod, recipient: str) -> str:
    return f"digest:{period.end.isoformat()}:{recipient}"


def sent_now(services: Services) -> DigestPeriod | None:
    """The period of the latest ``digest send``, if written down."""
    value = services.state.get(SENT_NOW_STATE)
    if not value:
        return None
    start, _sep, end = value.partition("|")
    try:
        return DigestPeriod(datetime.fromisoformat(start), datetime.fromisoformat(end))
    except ValueError:
        log.warning("ignoring an unreadable %s: %r", SENT_NOW_STATE, value)
        return None


def _write_down(services: Services, period: DigestPeriod) -> None:
    services.state.set(SENT_NOW_STATE, f"{period.start.isoformat()}|{period.end.isoformat()}")


async def _enqueue(
    services: Services,
    period: DigestPeriod,
    sections: Sequence[DigestSection],
    *,
    key_period: DigestPeriod | None = None,
) -> int | None:
    """Enqueue the digest of ``period`` for every target that has not had it (keyed by
    ``key_period``'s end, ``period``'s by default); how many did. None: nothing to tell and
    ``DIGEST_WHEN_EMPTY=silent``, nothing enqueued."""
    recipients = audience(services)
    with naming(await _digest_names(services, period)):
        blocks = digest_blocks(services, period, sections)
        if not blocks and services.settings.digest_when_empty == "silent":
            return None
        reply = build_digest(services, period, sections, blocks=blocks)
    sent = 0
    for recipient, to_user in recipients:
        key = digest_key(key_period or period, recipient)
        if services.messenger.send(recipient, reply, to_user=to_user, key=key):
            sent += 1
    return sent


async def _digest_names(services: Services, period: DigestPeriod) -> dict[str, str]:
    """The names of whoever the digest of ``period`` may show: the open reports' assignees and
    those of the reports made in it."""
    reports = [
        *services.anomalies.open_reports(),
        *services.anomalies.created_between(period.start, period.end),
    ]
    return await display_names(services.people, (r.assignee for r in reports))


async def send_due_digest(services: Services, sections: Sequence[DigestSection]) -> int:
    """Enqueue the latest due digest for every target that has not had it; how many did.

    It starts where a ``digest send`` during its period ended, and a ``digest send`` the bot
    stopped in the middle of is enqueued again first (the outbox keeps each key once)."""
    settings = services.settings
    now = services.clock.now()
    period = last_period(settings.digest_cron, settings.bot_timezone, now)
    recipients = audience(services)
    if period is None or not recipients:
        log.info("no digest to send (period %s, %d recipients)", period, len(recipients))
        return 0
    first = services.first_started_at
    if first and period.end < first <= now:
        return 0  # a new install missed nothing (a first start "to come" was a wrong clock)
    manual = sent_now(services)
    if manual and manual.end > period.start:
        await _enqueue(services, manual, sections)  # again: a no-op unless interrupted
    covered = period
    if manual and period.start < manual.end < period.end:
        covered = DigestPeriod(manual.end, period.end)
    sent = await _enqueue(services, covered, sections, key_period=period)
    if sent is None:
        log.info("nothing new up to %s: no digest (DIGEST_WHEN_EMPTY=silent)", period.end)
        return 0
    if sent:
        log.info("digest up to %s enqueued for %d recipients", period.end.isoformat(), sent)
    return sent


def coming_period(services: Services) -> DigestPeriod:
    """The next digest's period: from the last digest, scheduled or sent now (else a day ago),
    to the next scheduled one (or now, when none is scheduled)."""
    settings = services.settings
    now = services.clock.now()
    last = last_period(settings.digest_cron, settings.bot_timezone, now)
    upcoming = next_fire_time(settings.digest_cron, settings.bot_timezone, now)
    start = last.end if last else now - timedelta(days=1)
    manual = sent_now(services)
    if manual and start < manual.end <= now:
        start = manual.end
    return DigestPeriod(start, upcoming or now + timedelta(seconds=1))


def digest_commands(sections: Sequence[DigestSection]) -> CommandSet:
    """The ``digest`` command and the scheduled job, showing ``sections`` in order."""
    commands = CommandSet()

    @commands.job("digest", cron=lambda settings: settings.digest_cron)
    async def scheduled_digest(services: Services) -> None:
        await send_due_digest(services, sections)

    @commands.command(
        "digest",
        aliases=("synthèse", "resume"),
        usage=N_("[preview|send]"),
        help=N_("Show the coming coordinators' digest, or send it now: digest send."),
        role=Role.COORDINATOR,
        choices={"action": (("preview", N_("Preview")), ("send", N_("Send now")))},
    )
    async def digest(ctx: Context, action: str = "preview") -> Reply:
        word = fold(action)
        period = coming_period(ctx.services)
        if word in _PREVIEW_WORDS:
            return await _preview(ctx, period, sections)
        if word not in _SEND_WORDS:
            raise CommandError(_("Type digest preview or digest send."))
        return await _send_now(ctx, period, sections)

    return commands


async def _preview(ctx: Context, period: DigestPeriod, sections: Sequence[DigestSection]) -> Reply:
    settings = ctx.services.settings
    due = next_fire_time(settings.digest_cron, settings.bot_timezone, ctx.now())
    header = (
        Note(_("Preview: the next digest goes out on {when}.").format(when=when(due, settings)))
        if due
        else Note(_("Preview: no digest is scheduled."))
    )
    with naming(await _digest_names(ctx.services, period)):
        blocks = digest_blocks(ctx.services, period, sections)
        digest = build_digest(ctx.services, period, sections, blocks=blocks)
    if not blocks and settings.digest_when_empty == "silent":
        header = Note(_("Nothing new: no digest will be sent (DIGEST_WHEN_EMPTY=silent)."))
    return Reply((header, *digest.blocks), ephemeral=True)


async def _send_now(ctx: Context, coming: DigestPeriod, sections: Sequence[DigestSection]) -> Reply:
    """The digest from where the last one stopped to now, titled with today: written down
    first, so that the next digest starts here (see the module's docstring)."""
    services = ctx.services
    recipients = audience(services)
    if not recipients:
        raise CommandError(_("Nobody to send it to: set DIGEST_TARGETS or name coordinators."))
    period = DigestPeriod(coming.start, ctx.now())
    if not digest_blocks(services, period, sections) and (
        services.settings.digest_when_empty == "silent"
    ):
        return Reply.text(
            _("Nothing new since {since}: no digest sent.").format(
                since=when(period.start, services.settings)
            )
        )
    _write_down(services, period)
    await _enqueue(services, period, sections)
    log.info("digest sent now by %s to %d recipients", ctx.user_id, len(recipients))
    names = await display_names(services.people, (r for r, to_user in recipients if to_user))
    return Reply.text(
        _("Digest sent to {targets}.").format(
            targets=", ".join(names.get(r, r) for r, _u in recipients)
        )
    )
