"""Why a platform did not take a message, in the terms the outbox acts on.

Adapters map their platform's refusals (Slack's ``SlackApiError``, nio's error responses) to
:class:`DeliveryError`; the outbox (:mod:`chatbot.outbox`) then retries, waits as long as a rate
limit asks, or keeps the message as a dead letter for admins.
"""

from __future__ import annotations

from datetime import timedelta


class DeliveryError(Exception):
    """One delivery attempt failed.

    ``permanent``: trying again cannot help (the bot is not in that channel, the message is too
    long...): the message stops at once. ``retry_after``: the platform asked to wait that long
    (a rate limit); the next attempt comes no sooner.
    """

    def __init__(
        self, reason: str, *, permanent: bool = False, retry_after: timedelta | None = None
    ) -> None:
        super().__init__(reason)
        self.reason = reason
        self.permanent = permanent
        self.retry_after = retry_after

    def __repr__(self) -> str:
        return (
            f"DeliveryError({self.reason!r}, permanent={self.permanent},"
            f" retry_after={self.retry_after})"
        )


__all__ = ["DeliveryError"]
