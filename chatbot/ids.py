"""Identifier types shared by every layer.

Ids are platform-qualified strings so that one database can serve several platforms at once:
a coordinator on Slack reads what a volunteer reported from Matrix.
"""

from typing import NewType

UserId = NewType("UserId", str)
"""A person on one platform: ``"slack:U024BE7LH"``, ``"matrix:@ana:example.org"``,
``"console:ana"``. Never a display name or a handle, which users can change."""

ConversationId = NewType("ConversationId", str)
"""A channel, room or direct conversation on one platform: ``"slack:C0123"``,
``"matrix:!abc:example.org"``, ``"console:tty"``."""


def qualify(platform: str, raw_id: str) -> str:
    """Prefix a platform-local id with its platform: ``qualify("slack", "U1") == "slack:U1"``."""
    return f"{platform}:{raw_id}"


def platform_of(qualified_id: str) -> str:
    """The platform part of a qualified id (``"slack"`` for ``"slack:U1"``)."""
    return qualified_id.partition(":")[0]


def local_part(qualified_id: str) -> str:
    """The platform-local part of a qualified id (``"U1"`` for ``"slack:U1"``)."""
    return qualified_id.partition(":")[2]
