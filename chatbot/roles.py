"""Who may do what. Roles are ordered: an admin can do everything a coordinator can."""

from enum import IntEnum

from chatbot.i18n import N_


class Role(IntEnum):
    VOLUNTEER = 1
    COORDINATOR = 2
    ADMIN = 3

    @property
    def label(self) -> str:
        """The role's name as users read it (a message id, translate before showing)."""
        return _LABELS[self]

    @classmethod
    def parse(cls, word: str) -> "Role | None":
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
