"""Driving onboarding from tests: run the morning job, report platform events, click buttons."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from chatbot.ids import ConversationId, UserId
from chatbot.messages import Incoming
from chatbot.reply import Button, Reply
from tests.harness import Chat

PAYLOADS = Path(__file__).parents[2] / "payloads"
JOB = "onboarding-nudges"
MONDAY_9_PARIS = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)
"""The harness speaks Europe/Paris (BOT_TIMEZONE default): 08:00 UTC is 09:00 there."""


def payload(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((PAYLOADS / name).read_text(encoding="utf-8"))
    return data


def run_job(chat: Chat, *, deliver: bool = True) -> None:
    """What the scheduler does every quarter of an hour (and at start-up)."""
    job = next(j for j in chat.app.bot.registry.jobs if j.name == JOB)
    chat._loop.run_until_complete(job.run(chat.app.services))
    if deliver:
        chat.deliver()


def observe(chat: Chat, event: object) -> None:
    """An adapter reporting a platform fact, as ``bot.observe`` is called in production."""
    chat._loop.run_until_complete(chat.app.bot.observe(event))
    chat.deliver()


def send(
    chat: Chat, text: str, *, user: str, platform: str = "console", is_action: bool = False
) -> Reply:
    """A message (or, with ``is_action``, a click) from ``user`` on ``platform``, in a DM."""
    incoming = Incoming(
        text=text,
        sender_id=UserId(f"{platform}:{user}"),
        sender_name=user,
        conversation_id=ConversationId(f"{platform}:dm-{user}"),
        platform=platform,
        private=True,
        is_action=is_action,
    )
    reply = chat._loop.run_until_complete(chat.app.bot.handle(incoming))
    chat.deliver()
    return reply


def click(chat: Chat, button: Button, *, user: str, platform: str = "console") -> str:
    """A click on ``button``: the Incoming every adapter builds for one."""
    reply = send(chat, button.command_line, user=user, platform=platform, is_action=True)
    return reply.plain_text()


def sent_to(chat: Chat, recipient: str) -> list[str]:
    return [text for who, text in chat.outbox.sent if who == recipient]


def at_paris(chat: Chat, day: int, hour: int, minute: int = 0) -> None:
    """Set the clock to November ``day``, 2026, at ``hour:minute`` Paris time (UTC+1)."""
    chat.clock.current = datetime(2026, 11, day, hour - 1, minute, tzinfo=UTC)
