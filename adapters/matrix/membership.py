"""Matrix ``m.room.member`` events -> :class:`chatbot.events.MembershipChanged`: pure, no I/O.

A join is reported when someone becomes a member (not when a member changes their name or
avatar, which Matrix also sends as a join); a leave when a member leaves or is kicked or
banned (not when an invitation is declined). The adapter passes the event's JSON (nio's
``event.source``) with the room id, for timeline events seen after the first sync.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from chatbot.events import MembershipChanged
from chatbot.ids import ConversationId, UserId, qualify

PLATFORM = "matrix"


def membership_change(
    event: Mapping[str, Any], *, room_id: str, bot_user_id: str = ""
) -> MembershipChanged | None:
    if event.get("type") != "m.room.member":
        return None
    user = event.get("state_key")
    content = event.get("content")
    if not isinstance(user, str) or not user or not isinstance(content, Mapping):
        return None
    if user == bot_user_id:
        return None
    previous = _previous(event)
    before = previous.get("membership")
    now = content.get("membership")
    if now == "join" and before != "join":
        joined = True
    elif now in ("leave", "ban") and before == "join":
        joined = False
    else:
        return None
    name = content.get("displayname") or previous.get("displayname") or user
    return MembershipChanged(
        user_id=UserId(qualify(PLATFORM, user)),
        user_name=str(name),
        conversation_id=ConversationId(qualify(PLATFORM, room_id)),
        platform=PLATFORM,
        joined=joined,
        at=_time(event),
    )


def _previous(event: Mapping[str, Any]) -> Mapping[str, Any]:
    unsigned = event.get("unsigned")
    for holder in (unsigned if isinstance(unsigned, Mapping) else {}, event):
        previous = holder.get("prev_content")
        if isinstance(previous, Mapping):
            return previous
    return {}


def _time(event: Mapping[str, Any]) -> datetime:
    stamp = event.get("origin_server_ts")
    if isinstance(stamp, int | float):
        return datetime.fromtimestamp(stamp / 1000, tz=UTC)
    return datetime.now(UTC)
