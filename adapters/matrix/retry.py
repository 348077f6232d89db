"""How long to wait before trying again, and whether trying again can help.

Lost connections are retried inside matrix-nio (``max_timeouts=None``); error responses come
back to us: ``M_LIMIT_EXCEEDED`` waits the ``retry_after_ms`` the homeserver asks for, server
errors back off exponentially, other client errors (``M_FORBIDDEN``...) are final.
"""

from __future__ import annotations

from nio import ErrorResponse

from chatbot.backoff import backoff

RATE_LIMITED = "M_LIMIT_EXCEEDED"
TOKEN_REFUSED = ("M_UNKNOWN_TOKEN", "M_MISSING_TOKEN")


class Backoff:
    """0.5 s, 1 s, 2 s ... up to ``maximum`` (:func:`chatbot.backoff.backoff`); :meth:`reset`
    after a success."""

    def __init__(self, *, maximum: float = 60.0, first: float = 0.5) -> None:
        self.first = first
        self.maximum = maximum
        self._failures = 0

    def next(self) -> float:
        delay = backoff(self._failures, first=self.first, longest=self.maximum)
        self._failures += 1
        return delay

    def reset(self) -> None:
        self._failures = 0


def http_status(error: ErrorResponse) -> int | None:
    transport = getattr(error, "transport_response", None)
    status = getattr(transport, "status", None)
    return status if isinstance(status, int) else None


def is_final(error: ErrorResponse) -> bool:
    """A refusal that will not change by retrying (not found, forbidden, bad request...)."""
    if error.status_code == RATE_LIMITED:
        return False
    status = http_status(error)
    if status is not None:
        return 400 <= status < 500 and status != 429
    return error.status_code not in (None, "M_UNKNOWN")


def retry_delay(error: ErrorResponse, backoff: Backoff) -> float:
    """Seconds to wait before retrying after ``error``."""
    if error.status_code == RATE_LIMITED and error.retry_after_ms:
        return error.retry_after_ms / 1000
    return backoff.next()
