"""What a command handler receives besides its arguments."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from chatbot.commands import Registry
from chatbot.ids import UserId
from chatbot.messages import Incoming
from chatbot.roles import Role
from chatbot.services import Services


@dataclass(frozen=True, kw_only=True)
class Context:
    incoming: Incoming
    role: Role
    services: Services
    registry: Registry

    @property
    def user_id(self) -> UserId:
        return self.incoming.sender_id

    @property
    def is_coordinator(self) -> bool:
        return self.role >= Role.COORDINATOR

    @property
    def may_see_internal(self) -> bool:
        """Internal entries and fields: in private conversations, or for coordinators when only
        they will see the answer (never posted where others in the room would read it)."""
        incoming = self.incoming
        return incoming.private or (self.is_coordinator and incoming.answered_privately)

    def now(self) -> datetime:
        return self.services.clock.now()
