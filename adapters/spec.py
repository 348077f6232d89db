"""How a platform adapter registers itself: an :class:`AdapterSpec` in ``adapters/<name>/``,
listed once in :mod:`app.platforms`; `chatbot run` builds and starts every configured one."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from pydantic_settings import BaseSettings

from chatbot.bot import Bot
from chatbot.messenger import MessengerRouter
from chatbot.ports import EventLog, SharedAnswers, StateStore, UndecryptedEvents


class Adapter(Protocol):
    """Serves one platform: registers on the router when it starts, stops on request."""

    async def start(self) -> None: ...

    async def stop(self) -> None: ...


@dataclass(frozen=True, kw_only=True)
class AdapterHost:
    """What the composition root hands an adapter to build it."""

    bot: Bot
    router: MessengerRouter
    events: EventLog
    state: StateStore
    undecrypted: UndecryptedEvents
    shared_answers: SharedAnswers
    data_dir: Path


@dataclass(frozen=True, kw_only=True)
class AdapterSpec:
    name: str
    """Shown to people: ``"Slack"``."""
    prefix: str
    """The platform part of the ids it owns: ``"slack"`` for ``slack:U1``."""
    configured: Callable[[], bool]
    """Whether its settings (from the environment) ask `chatbot run` to serve it."""
    build: Callable[[AdapterHost], Adapter] | None = None
    """How the runner builds it when configured (None: the runner opens it itself)."""
    settings: tuple[type[BaseSettings], ...] = ()
    """Its settings classes, each documented in ``.env.example``."""
