"""The demo directory a newcomer finds at first start, so `lookup caf` answers at once."""

from __future__ import annotations

import logging
from datetime import datetime
from importlib import resources

from chatbot.ids import UserId
from commands.directory.csv_format import read_entries
from storage import Storage

log = logging.getLogger(__name__)

DEMO_ACTOR = UserId("system:demo")
_SEEDED_KEY = "demo_directory_seeded_at"


def seed_demo_directory(storage: Storage, *, at: datetime) -> bool:
    """Import the demo entries once, into an empty directory; True if it did."""
    if storage.state.get(_SEEDED_KEY) is not None:
        return False
    if not storage.directory.all():
        demo = resources.files("commands.directory").joinpath("demo_directory.csv")
        entries = read_entries(demo.read_bytes())
        result = storage.directory.import_entries(entries, actor=DEMO_ACTOR, at=at)
        log.info("demo directory seeded: %s entries", result.created)
    storage.state.set(_SEEDED_KEY, at.isoformat())
    return True
