"""Logging set-up: plain lines (or JSON objects) on stderr, with secrets masked wherever they
appear."""

from __future__ import annotations

import json
import logging
import re
import sys
import threading
import traceback
from collections.abc import Iterable
from datetime import UTC, datetime
from types import TracebackType

from pydantic import BaseModel, SecretStr

from chatbot.log_context import log_fields

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


class JsonFormatter(logging.Formatter):
    """One JSON object a line: ``timestamp`` (UTC), ``level``, ``logger``, ``message``, the
    ``platform`` and ``command`` being handled when known, ``exception`` (the traceback); every
    string masked."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, str] = {
            "timestamp": datetime.fromtimestamp(record.created, UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        fields = {**log_fields(), **{k: v for k in CONTEXT_FIELDS if (v := getattr(record, k, ""))}}
        line.update({key: str(fields[key]) for key in CONTEXT_FIELDS if key in fields})
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        elif record.exc_text:
            line["exception"] = record.exc_text
        if record.stack_info:
            line["stack"] = self.formatStack(record.stack_info)
        return json.dumps({key: mask_secrets(value) for key, value in line.items()})


CONTEXT_FIELDS = ("platform", "command")
CHATTY = ("nio", "slack_sdk", "slack_bolt", "aiohttp.access", "apscheduler")
"""Libraries logging every event at INFO ("nio.rooms: Room … handling event of type …"): heard
from WARNING up, unless ``LOG_LEVEL=DEBUG``."""


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


def configure_logging(level: str, *, secrets: Iterable[str] = (), fmt: str = "plain") -> None:
    """Log lines on stderr from ``level`` up, as text or (``fmt="json"``) JSON objects;
    ``secrets`` (and tokens by their shape) masked there and in the tracebacks of uncaught
    exceptions."""
    _known[:] = sorted((v for v in set(secrets) if len(v) >= SHORTEST), key=len, reverse=True)
    handler = logging.StreamHandler()
    handler.addFilter(SecretMaskingFilter())
    if fmt == "json":
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(MaskingFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    sys.excepthook = _masked_excepthook
    threading.excepthook = _masked_thread_excepthook
    logging.basicConfig(level=level.upper(), handlers=[handler], force=True)
    root = logging.getLogger().level
    # Migrations report every step at INFO: noise at every start.
    logging.getLogger("alembic").setLevel(max(logging.WARNING, root))
    for chatty in CHATTY:
        logging.getLogger(chatty).setLevel(
            root if root <= logging.DEBUG else max(logging.WARNING, root)
        )
