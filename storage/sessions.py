"""Session helpers: every repository call is one short transaction."""

from __future__ import annotations

import time
import weakref
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Generic, TypeVar

from sqlalchemy import Engine
from sqlmodel import Session

from storage.engine import WRITE


class Sessions:
    """Opens read and write sessions on one engine; writes commit when the block ends."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._writer = engine.execution_options(**WRITE)

    @contextmanager
    def read(self) -> Iterator[Session]:
        with Session(self.engine) as session, session.begin():
            yield session

    @contextmanager
    def write(self) -> Iterator[Session]:
        """A transaction committed when the block exits normally, rolled back on an error."""
        with Session(self._writer, expire_on_commit=False) as session, session.begin():
            yield session
        _WRITES[self.engine] = _WRITES.get(self.engine, 0) + 1

    def writes(self) -> int:
        """How many write transactions this process committed on the engine (any repository)."""
        return _WRITES.get(self.engine, 0)


_WRITES: weakref.WeakKeyDictionary[Engine, int] = weakref.WeakKeyDictionary()

T = TypeVar("T")


class FreshCache(Generic[T]):
    """A value read from the database and reused for ``seconds``, or until this process writes.

    For the reads done on every message (role overrides, the directory revision): another bot
    process's change shows within ``seconds``; this process's own changes show at once.
    """

    def __init__(self, sessions: Sessions, *, seconds: float, load: Callable[[], T]) -> None:
        self._sessions = sessions
        self._seconds = seconds
        self._load = load
        self._value: T | None = None
        self._writes = -1
        self._loaded_at = 0.0

    def get(self) -> T:
        writes, now = self._sessions.writes(), time.monotonic()
        if self._value is None or writes != self._writes or now - self._loaded_at > self._seconds:
            self._value, self._writes, self._loaded_at = self._load(), writes, now
        return self._value
