"""Every platform the bot can serve, registered once: adding a platform is ``adapters/<name>/``
(with its :class:`~adapters.spec.AdapterSpec`) plus its line here."""

from __future__ import annotations

from adapters import console, matrix, slack
from adapters.spec import AdapterSpec

PLATFORMS: tuple[AdapterSpec, ...] = (console.ADAPTER, slack.ADAPTER, matrix.ADAPTER)


def prefixes() -> tuple[str, ...]:
    """The platform part of every id this bot may meet (``slack`` in ``slack:U1``)."""
    return tuple(spec.prefix for spec in PLATFORMS)


def configured() -> list[AdapterSpec]:
    """The platforms whose settings ask `chatbot run` to serve them."""
    return [spec for spec in PLATFORMS if spec.build is not None and spec.configured()]
