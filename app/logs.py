"""Logging set-up: plain lines on stderr, with secrets masked wherever they appear."""

from __future__ import annotations

import logging
import re
import sys
import threading
import traceback
from collections.abc import Iterable
from types import TracebackType

from pydantic import BaseModel, SecretStr

_SECRET = re.compile(
    r"(xox[abposr]-[A-Za-z0-9-]+|xapp-[A-Za-z0-9-]+|syt_[A-Za-z0-9_]+|"
    r"(?i:(?:access_token|password|token|secret)[\"']?\s*[:=]\s*[\"']?)[^\s\"'&,}]+)"
)
_URL_PASSWORD = re.compile(r"(://[^\s:/@]+:)[^\s@/]+@")
_known: list[str] = []
"""The configured secrets' values, longest first: masked wherever they appear, whatever their
shape (a signing secret has none). Shorter than :data:`SHORTEST` is too likely a plain word."""
SHORTEST = 8


def secret_values(*settings: BaseModel) -> set[str]:
    """The values of every :class:`~pydantic.SecretStr` of these settings."""
    return {
        value.get_secret_value()
        for model in settings
        for value in vars(model).values()
        if isinstance(value, SecretStr)
    }


def mask_secrets(text: str) -> str:
    """``"token=xoxb-123"`` -> ``"token=***"``: never let a token reach a log file."""

    def hide_match(match: re.Match[str]) -> str:
        found = match.group(0)
        for separator in ("=", ":"):
            if separator in found and not found.startswith(("xox", "xapp", "syt_")):
                key, _sep, _value = found.partition(separator)
                return f"{key}{separator}***"
        return "***"

    for value in _known:
        text = text.replace(value, "***")
    text = _URL_PASSWORD.sub(r"\1***@", text)
    return _SECRET.sub(hide_match, text)


class MaskingFormatter(logging.Formatter):
    """Masks the whole line, traceback included (an exception may quote a token)."""

    def format(self, record: logging.LogRecord) -> str:
        return mask_secrets(super().format(record))


def _masked_excepthook(
    kind: type[BaseException], error: BaseException, trace: TracebackType | None
) -> None:
    """What the interpreter prints for an uncaught exception, masked."""
    sys.stderr.write(mask_secrets("".join(traceback.format_exception(kind, error, trace))))


def _masked_thread_excepthook(args: threading.ExceptHookArgs) -> None:
    if args.exc_value is not None:
        _masked_excepthook(args.exc_type, args.exc_value, args.exc_traceback)


class SecretMaskingFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = mask_secrets(record.getMessage())
        record.args = ()
        return True


def configure_logging(level: str, *, secrets: Iterable[str] = ()) -> None:
    """Log lines on stderr from ``level`` up; ``secrets`` (and tokens by their shape) masked
    there and in the tracebacks of uncaught exceptions."""
    _known[:] = sorted((v for v in set(secrets) if len(v) >= SHORTEST), key=len, reverse=True)
    handler = logging.StreamHandler()
    handler.addFilter(SecretMaskingFilter())
    handler.setFormatter(MaskingFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    sys.excepthook = _masked_excepthook
    threading.excepthook = _masked_thread_excepthook
    logging.basicConfig(level=level.upper(), handlers=[handler], force=True)
    # Migrations and the scheduler report every step at INFO: noise at every start.
    for chatty in ("alembic", "apscheduler"):
        logging.getLogger(chatty).setLevel(max(logging.WARNING, logging.getLogger().level))
