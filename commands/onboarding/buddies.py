"""Buddies: someone from the pool (``ONBOARDING_BUDDIES``) walks beside each newcomer.

At enrolment the pool member with the fewest current newcomers is assigned (ties by id); a
coordinator may choose another (``onboarding buddy <newcomer> <person>``). Both are introduced
in one direct message each, keyed so that a retry or a second process sends it once."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import datetime

from chatbot.i18n import _
from chatbot.ids import UserId
from chatbot.onboarding import Newcomer, Template
from chatbot.reply import Reply
from chatbot.services import Services
from commands.onboarding import views

log = logging.getLogger(__name__)


def pick(services: Services, newcomer: UserId) -> UserId | None:
    """The pool member with the fewest newcomers in progress (ties by id), never the newcomer
    themself; None when the pool has nobody else."""
    pool = [b for b in services.settings.onboarding_buddies if b != newcomer]
    if not pool:
        return None
    load = {buddy: 0 for buddy in pool}
    for other in services.onboarding.newcomers():
        if other.in_progress and other.mentor in load and other.user_id != newcomer:
            load[other.mentor] += 1
    return min(pool, key=lambda buddy: (load[buddy], buddy))


async def names_for(services: Services, newcomer: UserId) -> dict[UserId, str]:
    """The display name of the buddy the pool would give ``newcomer`` (see :func:`pick`), for
    :func:`assign_from_pool`, which runs where nothing can be awaited; empty: no pool."""
    buddy = pick(services, newcomer)
    return {} if buddy is None else {buddy: await services.people.display_name(buddy)}


def assign_from_pool(
    services: Services,
    newcomer: Newcomer,
    template: Template,
    *,
    names: Mapping[UserId, str] | None = None,
) -> Newcomer:
    """Give a just-enrolled newcomer a buddy from the pool (if it has anyone) and introduce them;
    ``names``: the display names known (see :func:`names_for`)."""
    buddy = pick(services, newcomer.user_id)
    if buddy is None:
        return newcomer
    log.info("%s assigned buddy %s from the pool", newcomer.user_id, buddy)
    return assign(services, newcomer, buddy, template, names=names)


def assign(
    services: Services,
    newcomer: Newcomer,
    buddy: UserId,
    template: Template,
    *,
    names: Mapping[UserId, str] | None = None,
) -> Newcomer:
    """Make ``buddy`` the newcomer's buddy (saved first) and introduce the two of them."""
    newcomer = services.onboarding.update(newcomer.user_id, {"mentor": buddy})
    introduce(services, newcomer, buddy, template, at=newcomer.started_at, names=names)
    return newcomer


def introduce(
    services: Services,
    newcomer: Newcomer,
    buddy: UserId,
    template: Template,
    *,
    at: datetime,
    names: Mapping[UserId, str] | None = None,
) -> None:
    """One direct message to each, once per (journey, buddy). The newcomer reads the buddy's
    display name where ``names`` has it (:class:`chatbot.ports.People`), else their id."""
    key = f"onboarding:buddy:{newcomer.user_id}:{at.isoformat()}:{buddy}"
    services.messenger.send(
        newcomer.user_id,
        Reply.text(
            _(
                "Meet your buddy, {buddy}: they know the ropes and are here for your questions "
                "while you follow «{title}». Say hello to them!"
            ).format(buddy=(names or {}).get(buddy, buddy), title=template.title)
        ),
        to_user=True,
        key=f"{key}:newcomer",
    )
    services.messenger.send(
        buddy,
        Reply.text(
            _(
                "You are now the buddy of {name} ({user}) for «{title}». Say hello to them; I "
                "will tell you when they complete it, or if they seem stuck."
            ).format(name=views.name_of(newcomer), user=newcomer.user_id, title=template.title)
        ),
        to_user=True,
        key=f"{key}:buddy",
    )
