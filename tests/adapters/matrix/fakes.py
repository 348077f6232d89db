"""Fakes at the seams of the Matrix adapter: a nio client that records what it is asked to send
and answers from a script (the state store in memory is the core's ``MemoryState``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from nio import ErrorResponse, RoomSendError, RoomSendResponse


@dataclass
class FakeClient:
    """Answers ``room_send`` with the scripted responses first, then successes."""

    script: list[ErrorResponse | Exception] = field(default_factory=list)
    sent: list[tuple[str, str, dict[str, Any], str | None]] = field(default_factory=list)
    user_id: str = "@annuaire:localhost"

    async def room_send(
        self,
        room_id: str,
        message_type: str,
        content: dict[str, Any],
        tx_id: str | None = None,
        ignore_unverified_devices: bool = False,
    ) -> RoomSendResponse | ErrorResponse:
        self.sent.append((room_id, message_type, content, tx_id))
        if self.script:
            outcome = self.script.pop(0)
            if isinstance(outcome, Exception):
                raise outcome
            return outcome
        return RoomSendResponse(f"$event{len(self.sent)}", room_id)


def rate_limited(retry_after_ms: int) -> RoomSendError:
    return RoomSendError("Too Many Requests", "M_LIMIT_EXCEEDED", retry_after_ms=retry_after_ms)
