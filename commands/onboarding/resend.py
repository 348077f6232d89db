"""``onboarding resend <person>``: a newcomer missed their message; send the last one again."""

from __future__ import annotations

import logging
from datetime import datetime

from chatbot.errors import CommandError
from chatbot.i18n import _
from chatbot.ids import UserId
from chatbot.reply import Reply
from chatbot.services import Services
from commands.onboarding import views
from commands.onboarding.journey import local_date, template_of

log = logging.getLogger(__name__)


async def resend(services: Services, user: UserId, *, by: UserId, at: datetime) -> Reply:
    """On day 1 the welcome again, later that day's steps again (only the open ones)."""
    newcomer = services.onboarding.get(user)
    if newcomer is None or not newcomer.in_progress:
        raise CommandError(_("{user} is not onboarding.").format(user=user))
    template = template_of(services, newcomer)
    if newcomer.day == 1:
        reply = views.welcome(template, newcomer)
        said = _("I sent {user} their welcome message again.")
    else:
        reply = views.morning(template, newcomer, local_date(services, newcomer, at))
        said = _("I sent {user} their steps of the day again.")
    services.messenger.send(
        user, reply, to_user=True, key=f"onboarding:resend:{user}:{at.isoformat()}"
    )
    log.info("onboarding message resent to %s by %s", user, by)
    return Reply.text(said.format(user=await services.people.display_name(user)))
