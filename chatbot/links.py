"""Which user-given addresses may become a clickable :class:`~chatbot.reply.Link`."""

from __future__ import annotations

import ipaddress
import re
from urllib.parse import urlsplit

_UNSAFE = re.compile(r"[\s\x00-\x1f\x7f\"'<>`\\]")
"""Quotes and angle brackets end an HTML attribute or a Slack link; a backslash is read as a
slash by browsers (``https://evil\\@good``)."""
_HOST_LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")
MAX_URL = 2048


def is_web_url(url: str) -> bool:
    """Whether ``url`` is a well-formed ``http(s)://`` address with a valid host (a domain name,
    internationalised or not, or an IP address): no spaces, quotes, angle brackets or
    credentials (``https://good.example@evil.example``)."""
    if not url or len(url) > MAX_URL or _UNSAFE.search(url):
        return False
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError on a port that is not a number
    except ValueError:
        return False
    if parts.scheme.lower() not in ("http", "https") or "@" in parts.netloc:
        return False
    host = parts.hostname or ""
    if host.startswith("[") or ":" in host:
        return _is_ip(host.strip("[]"))
    try:
        ascii_host = host.encode("idna").decode("ascii")
    except UnicodeError:
        return False
    labels = ascii_host.lower().removesuffix(".").split(".")
    return bool(host) and all(_HOST_LABEL.match(label) for label in labels)


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True
