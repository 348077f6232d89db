"""Session helpers: every repository call is one short transaction."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

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
