"""How a platform adapter registers itself: an :class:`AdapterSpec` in ``adapters/<name>/``,
listed once in :mod:`app.platforms`; `chatbot run` builds and starts every configured one."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, runtime_checkable

from pydantic_settings import BaseSettings

from chatbot.bot import Bot
from chatbot.messenger import MessengerRouter
from chatbot.offloop import OffLoop
from chatbot.ports import EventLog, SharedAnswers, StateStore, UndecryptedEvents

ANY_ID = re.compile(r"\S+")
"""The syntax of a platform's ids when its spec says nothing more precise."""


class Adapter(Protocol):
    """Serves one platform: registers on the router when it starts, stops on request."""

    async def start(self) -> None: ...

    async def stop(self) -> None: ...


@dataclass(frozen=True, kw_only=True)
class PlatformHealth:
    """What a served adapter says of its connection, for ``/readyz`` and the watchdog."""

    connected: bool
    """Socket Mode connected, HTTP serving, Matrix logged in and syncing..."""
    silent_for: float | None
    """Seconds since it last heard from its platform (None: not yet)."""


@runtime_checkable
class WatchedAdapter(Adapter, Protocol):
    """An adapter whose connection ``/readyz`` and the watchdog watch (:mod:`app.health`).

    One that is not (the console, say) is ready once started and never reconnected."""

    async def health(self) -> PlatformHealth:
        """Whether it is connected and how long it has heard nothing from its platform."""
        ...

    async def reconnect(self) -> None:
        """Connect again: the watchdog calls it when it stays silent beyond the bound."""
        ...


@dataclass(frozen=True)
class Check:
    """One line of `chatbot check`: what was checked, and how to fix it when it failed."""

    ok: bool
    what: str
    fix: str = ""


@dataclass(frozen=True, kw_only=True)
class CheckHost:
    """What `chatbot check` hands a configured platform to check it."""

    digest_targets: list[str]
    """The ``DIGEST_TARGETS`` of this platform, ids after the prefix (``C0123``)."""
    data_dir: Path


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
    core: OffLoop
    """The process's one pool of core workers: every call into the bot or a repository goes
    through it, off the adapter's loop. The composition root closes it, not the adapter."""
    decryption_failed: Callable[[], None] = lambda: None
    """Count one encrypted message that came and could not be decrypted (``/metrics``)."""


@dataclass(frozen=True, kw_only=True)
class AdapterSpec:
    name: str
    """Shown to people: ``"Slack"``."""
    prefix: str
    """The platform part of the ids it owns: ``"slack"`` for ``slack:U1``."""
    configured: Callable[[], bool]
    """Whether its settings (from the environment) ask `chatbot run` to serve it."""
    build: Callable[[AdapterHost], Adapter] | None = None
    """How the runner builds it when configured (None: the runner opens it itself); a
    :class:`WatchedAdapter` when ``/readyz`` and the watchdog are to watch its connection."""
    settings: tuple[type[BaseSettings], ...] = ()
    """Its settings classes, each documented in ``.env.example``."""
    user_id: re.Pattern[str] = ANY_ID
    """The syntax of its user ids after the prefix (``U024BE7LH``): an id of this platform in a
    setting (``BOT_ADMINS``) that does not match it stops the bot at start."""
    conversation_id: re.Pattern[str] = ANY_ID
    """Likewise for its conversation ids (``C0123``), in ``DIGEST_TARGETS`` say."""
    user_id_example: str = ""
    """A user id of its syntax, after the prefix, shown when a setting names a wrong one."""
    conversation_id_example: str = ""
    """Likewise for a conversation id ("": this platform gives no example)."""
    chat: bool = True
    """False for what serves no conversation (the web cockpit): alone, `chatbot run` still
    opens the console beside it, and `chatbot console` serves it too."""
    check: Callable[[CheckHost], Awaitable[list[Check]]] | None = None
    """`chatbot check`: reach the platform with its settings, as `chatbot run` would."""
