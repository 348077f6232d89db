"""Who may do what. Roles are ordered: an admin can do everything a coordinator can."""

from __future__ import annotations

from datetime import datetime
from enum import IntEnum
from typing import TYPE_CHECKING

from chatbot.i18n import N_
from chatbot.ids import UserId

if TYPE_CHECKING:  # the ports name Role: imported for types only
    from chatbot.ports import RoleRepository
    from chatbot.settings import Settings


class Role(IntEnum):
    VOLUNTEER = 1
    COORDINATOR = 2
    ADMIN = 3

    @property
    def label(self) -> str:
        """The role's name as users read it (a message id, translate before showing)."""
        return _LABELS[self]

    @classmethod
    def parse(cls, word: str) -> Role | None:
        """Read a role typed by a user, in French or English (``coordinateur``, ``admin``)."""
        return _BY_WORD.get(word.strip().lower())


_LABELS = {
    Role.VOLUNTEER: N_("volunteer"),
    Role.COORDINATOR: N_("coordinator"),
    Role.ADMIN: N_("admin"),
}

_BY_WORD = {
    "volunteer": Role.VOLUNTEER,
    "benevole": Role.VOLUNTEER,
    "bénévole": Role.VOLUNTEER,
    "coordinator": Role.COORDINATOR,
    "coordinateur": Role.COORDINATOR,
    "coordinatrice": Role.COORDINATOR,
    "admin": Role.ADMIN,
    "administrateur": Role.ADMIN,
    "administratrice": Role.ADMIN,
}


class RolePolicy:
    """Who has which role: an admin's choice first, then configuration, then volunteer."""

    def __init__(self, stored: RoleRepository, settings: Settings) -> None:
        self._stored = stored
        self._settings = settings

    def of(self, user_id: UserId) -> Role:
        stored = self._stored.get(user_id)
        if stored is not None:
            return stored
        if user_id in self._settings.bot_admins:
            return Role.ADMIN
        if user_id in self._settings.bot_coordinators:
            return Role.COORDINATOR
        return Role.VOLUNTEER

    def granted(self) -> dict[UserId, Role]:
        """Everyone above volunteer, with their role."""
        roles: dict[UserId, Role] = {u: Role.COORDINATOR for u in self._settings.bot_coordinators}
        roles.update({u: Role.ADMIN for u in self._settings.bot_admins})
        roles.update(self._stored.all())
        return {user: role for user, role in roles.items() if role > Role.VOLUNTEER}

    def at_least(self, role: Role) -> list[UserId]:
        """Who has ``role`` or a higher one, sorted."""
        return sorted(user for user, theirs in self.granted().items() if theirs >= role)

    def give(self, user_id: UserId, role: Role, *, actor: UserId, at: datetime) -> None:
        """An admin's choice, which wins over configuration from now on."""
        self._stored.set(user_id, role, actor=actor, at=at)
