"""Things that happened, for capabilities to react to without knowing each other.

Commands publish (a lookup succeeded), adapters report platform facts (someone joined a welcome
channel), and listeners declared on a :class:`~chatbot.commands.CommandSet` react (onboarding
ticks a step). A failing listener is logged and never breaks the publisher.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from chatbot.ids import ConversationId, UserId

if TYPE_CHECKING:
    from chatbot.services import Services

log = logging.getLogger(__name__)

Listener = Callable[["Services", Any], Awaitable[None]]


@dataclass(frozen=True, kw_only=True)
class LookupSucceeded:
    user_id: UserId
    at: datetime


@dataclass(frozen=True, kw_only=True)
class MembershipChanged:
    """Someone joined or left a channel or room (or the whole workspace: conversation "")."""

    user_id: UserId
    user_name: str
    conversation_id: ConversationId
    platform: str
    joined: bool
    at: datetime


@dataclass(frozen=True, kw_only=True)
class MessagePosted:
    """Someone posted in a group conversation (a channel or room, not a direct message), to
    nobody in particular: nothing answers it, onboarding may tick an ``answer`` step."""

    user_id: UserId
    conversation_id: ConversationId
    at: datetime


class EventBus:
    def __init__(self) -> None:
        self._listeners: dict[type, list[Listener]] = defaultdict(list)

    def subscribe(self, kind: type, listener: Listener) -> None:
        self._listeners[kind].append(listener)

    async def publish(self, services: Services, event: object) -> None:
        for listener in self._listeners.get(type(event), ()):
            try:
                await listener(services, event)
            except Exception:
                log.exception(
                    "listener %s failed on %r", getattr(listener, "__name__", listener), event
                )
