"""``web`` (``tableau``): a one-time link to the web cockpit, sent in a direct message."""

from __future__ import annotations

from datetime import timedelta

from chatbot.commands import CommandSet
from chatbot.context import Context
from chatbot.errors import CommandError
from chatbot.i18n import N_, _
from chatbot.reply import Link, Note, Reply, Text
from chatbot.roles import Role
from chatbot.services import Services

web_commands = CommandSet()


@web_commands.command(
    "web",
    aliases=("tableau", "cockpit"),
    help=N_("Get a link to open the web cockpit (valid 10 minutes, sent privately)."),
)
async def web(ctx: Context) -> Reply:
    sign_in = ctx.services.web
    if sign_in is None or not sign_in.served:
        if ctx.role >= Role.ADMIN:  # the one who can turn it on is told how
            raise CommandError(
                _("The web cockpit is not served: set BOT_WEB_PORT (e.g. 8081) and restart.")
            )
        raise CommandError(_("The web cockpit is not set up on this bot; ask an admin."))
    link = sign_in.issue_link(ctx.user_id, at=ctx.now())
    minutes = int(sign_in.link_lifetime.total_seconds() // 60)
    message = Reply.of(
        Text(_("Your link to the cockpit, for you only:")),
        Link(_("Open the cockpit"), link),
        Note(
            _("It works once, within {minutes} minutes. Do not share it.").format(minutes=minutes)
        ),
    )
    # In a direct message, never in a room others can read; at once, even in quiet hours.
    ctx.services.messenger.send(ctx.user_id, message, to_user=True, urgent=True)
    return Reply.text(_("I sent you a sign-in link in a private message."))


@web_commands.job("web-sessions-purge", cron=lambda _settings: "17 4 * * *")
async def purge_web_sessions(services: Services) -> None:
    """Forget the sign-in links and sessions that ended more than a day ago (nightly)."""
    if services.web is not None:
        services.web.sessions.purge(before=services.clock.now() - timedelta(days=1))
