"""Sending the digest: on schedule (once per period and target), or now, or as a preview.

The scheduled job also runs at start-up: it computes the latest period due and enqueues its
digest under the key ``digest:<period end>:<target>``. The outbox keeps a key once, so restarts
and a second bot process on the same database never send a period twice, and delivery is retried
until the platform confirms, so a digest is never lost.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import timedelta

from chatbot.commands import CommandSet
from chatbot.context import Context
from chatbot.errors import CommandError
from chatbot.i18n import N_, _
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

log = logging.getLogger(__name__)

_PREVIEW_WORDS = frozenset({"preview", "apercu", "voir"})
_SEND_WORDS = frozenset({"send", "envoyer"})


def digest_key(period: DigestPeriod, recipient: str) -> str:
    return f"digest:{period.end.isoformat()}:{recipient}"


async def send_due_digest(services: Services, sections: Sequence[DigestSection]) -> int:
    """Enqueue the latest due digest for every target that has not had it; how many did."""
    settings = services.settings
    period = last_period(settings.digest_cron, settings.bot_timezone, services.clock.now())
    recipients = audience(services)
    if period is None or not recipients:
        log.info("no digest to send (period %s, %d recipients)", period, len(recipients))
        return 0
    first = services.first_started_at
    if first and period.end < first <= services.clock.now():
        return 0  # a new install missed nothing (a first start "to come" was a wrong clock)
    blocks = digest_blocks(services, period, sections)
    if not blocks and settings.digest_when_empty == "silent":
        log.info("nothing new up to %s: no digest (DIGEST_WHEN_EMPTY=silent)", period.end)
        return 0
    reply = build_digest(services, period, sections, blocks=blocks)
    sent = 0
    for recipient, to_user in recipients:
        if services.messenger.send(
            recipient, reply, to_user=to_user, key=digest_key(period, recipient)
        ):
            sent += 1
    if sent:
        log.info("digest up to %s enqueued for %d recipients", period.end.isoformat(), sent)
    return sent


def coming_period(services: Services) -> DigestPeriod:
    """The next digest's period: from the last scheduled digest (or a day ago) to the next one
    (or now, when none is scheduled)."""
    settings = services.settings
    now = services.clock.now()
    last = last_period(settings.digest_cron, settings.bot_timezone, now)
    upcoming = next_fire_time(settings.digest_cron, settings.bot_timezone, now)
    start = last.end if last else now - timedelta(days=1)
    return DigestPeriod(start, upcoming or now + timedelta(seconds=1))


def digest_commands(sections: Sequence[DigestSection]) -> CommandSet:
    """The ``digest`` command and the scheduled job, showing ``sections`` in order."""
    commands = CommandSet()

    @commands.job("digest", cron=lambda settings: settings.digest_cron)
    async def scheduled_digest(services: Services) -> None:
        await send_due_digest(services, sections)

    @commands.command(
        "digest",
        aliases=("synthese", "resume"),
        usage=N_("[preview|send]"),
        help=N_("Show the coming coordinators' digest, or send it now: digest send."),
        role=Role.COORDINATOR,
        choices={"action": (("preview", N_("Preview")), ("send", N_("Send now")))},
    )
    async def digest(ctx: Context, action: str = "preview") -> Reply:
        word = fold(action)
        period = coming_period(ctx.services)
        if word in _PREVIEW_WORDS:
            return _preview(ctx, period, sections)
        if word not in _SEND_WORDS:
            raise CommandError(_("Type digest preview or digest send."))
        return await _send_now(ctx, period, sections)

    return commands


def _preview(ctx: Context, period: DigestPeriod, sections: Sequence[DigestSection]) -> Reply:
    settings = ctx.services.settings
    due = next_fire_time(settings.digest_cron, settings.bot_timezone, ctx.now())
    header = (
        Note(_("Preview: the next digest goes out on {when}.").format(when=when(due, settings)))
        if due
        else Note(_("Preview: no digest is scheduled."))
    )
    blocks = digest_blocks(ctx.services, period, sections)
    digest = build_digest(ctx.services, period, sections, blocks=blocks)
    if not blocks and settings.digest_when_empty == "silent":
        header = Note(_("Nothing new: no digest will be sent (DIGEST_WHEN_EMPTY=silent)."))
    return Reply((header, *digest.blocks), ephemeral=True)


async def _send_now(ctx: Context, period: DigestPeriod, sections: Sequence[DigestSection]) -> Reply:
    recipients = audience(ctx.services)
    if not recipients:
        raise CommandError(_("Nobody to send it to: set DIGEST_TARGETS or name coordinators."))
    blocks = digest_blocks(ctx.services, period, sections)
    if not blocks and ctx.services.settings.digest_when_empty == "silent":
        return Reply.text(
            _("Nothing new since {since}: no digest sent.").format(
                since=when(period.start, ctx.services.settings)
            )
        )
    reply = build_digest(ctx.services, period, sections, blocks=blocks)
    for recipient, to_user in recipients:
        ctx.services.messenger.send(recipient, reply, to_user=to_user)
    log.info("digest sent now by %s to %d recipients", ctx.user_id, len(recipients))
    return Reply.text(
        _("Digest sent to {targets}.").format(targets=", ".join(r for r, _u in recipients))
    )
