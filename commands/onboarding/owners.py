"""Steps someone else does for a newcomer (``owner: buddy`` or ``owner: coordinator``): sent to
their owner by direct message on their day, ticked by them only, waited for by the newcomer."""

from __future__ import annotations

import logging

from chatbot.i18n import _
from chatbot.ids import UserId
from chatbot.onboarding import Newcomer, NumberedStep, Template
from chatbot.reply import Reply
from chatbot.roles import Role
from chatbot.services import Services
from commands.onboarding import views

log = logging.getLogger(__name__)


def owned_steps(template: Template, newcomer: Newcomer) -> list[NumberedStep]:
    """The open steps of the newcomer's days so far that someone else owns."""
    return [s for s in views.open_steps(template, newcomer) if s.step.owner != "newcomer"]


def owners_of(services: Services, newcomer: Newcomer, owner: str) -> list[UserId]:
    """Who may do (and tick) a step owned by ``owner``; nobody for a buddy step without buddy."""
    if owner == "buddy":
        return [newcomer.mentor] if newcomer.mentor else []
    if owner == "coordinator":
        return services.roles.at_least(Role.COORDINATOR)
    return [newcomer.user_id]


def send_due(services: Services, newcomer: Newcomer, template: Template) -> None:
    """Each owned step of the newcomer's days so far goes to its owner(s), once (the key); a
    buddy step waits until there is a buddy (onboarding status flags it meanwhile)."""
    for item in owned_steps(template, newcomer):
        owner = item.step.owner
        for person in owners_of(services, newcomer, owner):
            services.messenger.send(
                person,
                _step_message(newcomer, item),
                to_user=True,
                key=(f"step:{newcomer.user_id}:{newcomer.version}:{item.number}:{owner}:{person}"),
            )


def _step_message(newcomer: Newcomer, item: NumberedStep) -> Reply:
    name = views.name_of(newcomer)
    if item.step.owner == "buddy":
        intro = _("As {name}'s buddy, this onboarding step is yours: {number}. {title}")
    else:
        intro = _("An onboarding step of {name} is for a coordinator: {number}. {title}")
    lines = [intro.format(name=name, number=item.number, title=item.step.title)]
    if item.step.explanation:
        lines.append(item.step.explanation)
    lines.extend(f"{link.label}: {link.url}" for link in item.step.links)
    lines.append(
        _("When it is done, type: onboarding tick {user} {number}").format(
            user=newcomer.user_id, number=item.number
        )
    )
    return Reply.text("\n".join(lines))


def buddy_steps_without_buddy(template: Template, newcomer: Newcomer) -> list[int]:
    """Due buddy steps nobody can do, since the newcomer has no buddy."""
    if newcomer.mentor is not None:
        return []
    return [s.number for s in owned_steps(template, newcomer) if s.step.owner == "buddy"]


def may_tick(services: Services, newcomer: Newcomer, item: NumberedStep, user: UserId) -> bool:
    return user in owners_of(services, newcomer, item.step.owner)
