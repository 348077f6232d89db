"""Services holds the ports every bot wires: a required port is required, never Optional."""

from __future__ import annotations

import typing
from dataclasses import MISSING, fields

from chatbot.services import Services


def repositories() -> dict[str, object]:
    """Services' fields typed as a repository port (``...Repository``, Optional or not)."""
    found = {}
    for name, hint in typing.get_type_hints(Services).items():
        kinds = typing.get_args(hint) or (hint,)
        if any(getattr(kind, "__name__", "").endswith("Repository") for kind in kinds):
            found[name] = hint
    return found


def test_every_repository_is_required() -> None:
    ports = repositories()
    assert {"anomalies", "onboarding", "directory", "outbox"} <= set(ports)
    optional = [name for name, hint in ports.items() if type(None) in typing.get_args(hint)]
    defaulted = [f.name for f in fields(Services) if f.name in ports and f.default is not MISSING]
    assert not optional and not defaulted, f"Optional repositories: {optional + defaulted}"
