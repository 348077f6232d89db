"""Console people: the name is the local one, as typed at start (``console:ana`` is ana)."""

from __future__ import annotations

from chatbot.ids import UserId, local_part


class ConsolePeople:
    """Implements :class:`chatbot.ports.People` for the console."""

    async def display_name(self, user_id: UserId) -> str:
        return local_part(user_id) or user_id
