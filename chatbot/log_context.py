"""What a log line is about, for the structured log format: the platform and the command of the
message being handled, carried by a context variable (each message's task has its own, and
:class:`chatbot.offloop.OffLoop` hands it to its workers)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from types import MappingProxyType

_fields: ContextVar[Mapping[str, str]] = ContextVar("log_fields", default=MappingProxyType({}))


def log_fields() -> Mapping[str, str]:
    """The fields of the message being handled (``platform``, ``command``), if any."""
    return _fields.get()


def add_log_fields(**fields: str) -> None:
    """Add ``fields`` until the enclosing :func:`log_context` ends."""
    _fields.set(MappingProxyType({**_fields.get(), **fields}))


@contextmanager
def log_context(**fields: str) -> Iterator[None]:
    """``fields`` on every log line inside the block, and the previous ones back after it."""
    token = _fields.set(MappingProxyType({**_fields.get(), **fields}))
    try:
        yield
    finally:
        _fields.reset(token)
