"""Calm by default: ``quiet`` hours and the ``notifications`` choice, each person their own.

Quiet hours hold non-urgent messages to that person in the outbox until they end (see
:class:`chatbot.outbox.OutboxMessenger`); ``notifications daily`` gathers the news of their
reports in one summary a day (:mod:`commands.anomalies.summary`) instead of one message each.
"""

from __future__ import annotations

from chatbot.commands import CommandSet, Words
from chatbot.context import Context
from chatbot.errors import CommandError
from chatbot.i18n import N_, _
from chatbot.parsing import fold
from chatbot.preferences import NotifyMode, QuietHours, quiet_hours_of
from chatbot.reply import Actions, Button, Note, Reply, Text

preference_commands = CommandSet()

_NOTHING = Words("")

_OFF_WORDS = frozenset({"off", "none", "non", "aucun", "aucune", "stop", "desactiver"})
_DEFAULT_WORDS = frozenset({"default", "defaut", "reset"})
_MODE_WORDS = {
    "each": NotifyMode.EACH,
    "every": NotifyMode.EACH,
    "chaque": NotifyMode.EACH,
    "tout": NotifyMode.EACH,
    "daily": NotifyMode.DAILY,
    "day": NotifyMode.DAILY,
    "quotidien": NotifyMode.DAILY,
    "quotidienne": NotifyMode.DAILY,
    "jour": NotifyMode.DAILY,
}


@preference_commands.command(
    "quiet",
    aliases=("calme", "silence"),
    usage=N_("[20:00-08:00|off]"),
    help=N_(
        "Your quiet hours: messages that are not urgent wait until they end. "
        "quiet 20:00-08:00, quiet off, quiet alone shows them."
    ),
)
async def quiet(ctx: Context, setting: Words = _NOTHING) -> Reply:
    services = ctx.services
    word = fold(setting.strip())
    if not word:
        return _show_quiet(ctx)
    if word in _OFF_WORDS:
        services.preferences.set_quiet_hours(ctx.user_id, "", at=ctx.now())
        return Reply.text(_("Quiet hours off: you hear of everything at once."))
    if word in _DEFAULT_WORDS:
        services.preferences.set_quiet_hours(ctx.user_id, None, at=ctx.now())
        return _show_quiet(ctx)
    try:
        window = QuietHours.parse(setting)
    except ValueError:
        raise CommandError(_("Type quiet 20:00-08:00, or quiet off.")) from None
    services.preferences.set_quiet_hours(ctx.user_id, str(window), at=ctx.now())
    return Reply.text(
        _("Quiet hours set: {start}–{end}. Messages that are not urgent wait until {end}.").format(
            start=f"{window.start:%H:%M}", end=f"{window.end:%H:%M}"
        )
    )


def _show_quiet(ctx: Context) -> Reply:
    settings = ctx.services.settings
    chosen = ctx.services.preferences.get(ctx.user_id)
    window = quiet_hours_of(chosen, settings.bot_quiet_hours)
    if window is None:
        text = _("You have no quiet hours: you hear of everything at once.")
    else:
        text = _("Your quiet hours: {start}–{end} ({zone} time).").format(
            start=f"{window.start:%H:%M}", end=f"{window.end:%H:%M}", zone=settings.bot_timezone
        )
    note = _("Change them with quiet 20:00-08:00, or quiet off.")
    if chosen.quiet_hours is None and window is not None:
        note = _("These are the bot's default. Change them with quiet 20:00-08:00, or quiet off.")
    return Reply.of(Text(text), Note(note))


@preference_commands.command(
    "notifications",
    aliases=("notification", "notifs"),
    usage=N_("[each|daily]"),
    help=N_(
        "How you hear of your reports and those you follow: each event, or one daily summary. "
        "notifications daily, notifications each."
    ),
)
async def notifications(ctx: Context, choice: str = "") -> Reply:
    services = ctx.services
    word = fold(choice)
    if not word:
        return _show_mode(ctx, services.preferences.get(ctx.user_id).mode)
    mode = _MODE_WORDS.get(word)
    if mode is None:
        raise CommandError(_("Type notifications each, or notifications daily."))
    services.preferences.set_mode(ctx.user_id, mode, at=ctx.now())
    if mode is NotifyMode.DAILY:
        return Reply.text(
            _(
                "Done: you get one summary a day, at {time}, of what changed on your reports."
            ).format(time=services.settings.notify_summary_time)
        )
    return Reply.text(_("Done: you hear of each change on your reports as it happens."))


def _show_mode(ctx: Context, mode: NotifyMode) -> Reply:
    if mode is NotifyMode.DAILY:
        text = _("You get one summary a day, at {time}, of what changed on your reports.").format(
            time=ctx.services.settings.notify_summary_time
        )
        other = Button(_("Each event instead"), "notifications", "each")
    else:
        text = _("You hear of each change on your reports and those you follow as it happens.")
        other = Button(_("A daily summary instead"), "notifications", "daily")
    return Reply.of(Text(text), Actions((other,)))
