"""Logging set-up: plain lines on stderr, with secrets masked wherever they appear."""

from __future__ import annotations

import logging
import re

_SECRET = re.compile(
    r"(xox[abposr]-[A-Za-z0-9-]+|xapp-[A-Za-z0-9-]+|syt_[A-Za-z0-9_]+|"
    r"(?i:(?:access_token|password|token|secret)[\"']?\s*[:=]\s*[\"']?)[^\s\"'&,}]+)"
)


def mask_secrets(text: str) -> str:
    """``"token=xoxb-123"`` -> ``"token=***"``: never let a token reach a log file."""

    def hide(match: re.Match[str]) -> str:
        found = match.group(0)
        for separator in ("=", ":"):
            if separator in found and not found.startswith(("xox", "xapp", "syt_")):
                key, _sep, _value = found.partition(separator)
                return f"{key}{separator}***"
        return "***"

    return _SECRET.sub(hide, text)


class SecretMaskingFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = mask_secrets(record.getMessage())
        record.args = ()
        return True


def configure_logging(level: str) -> None:
    handler = logging.StreamHandler()
    handler.addFilter(SecretMaskingFilter())
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logging.basicConfig(level=level.upper(), handlers=[handler], force=True)
    # Migrations and the scheduler report every step at INFO: noise at every start.
    for chatty in ("alembic", "apscheduler"):
        logging.getLogger(chatty).setLevel(max(logging.WARNING, logging.getLogger().level))
