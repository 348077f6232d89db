"""Setting up a report's +1s for tests about what follows them (notifications, digests...)."""

from __future__ import annotations

from chatbot.ids import UserId
from tests.harness import Chat


def supported_by(chat: Chat, number: int, *users: str) -> None:
    """``users`` (qualified ids) add their +1 to report ``number``, as after the bot offered
    it to them as the same problem as theirs (a volunteer cannot +1, by number, a report they
    cannot see: see test_reporting)."""
    for user in users:
        chat.app.storage.anomalies.support(number, UserId(user), at=chat.clock.now())
