"""The demo directory a newcomer finds at first start, so `lookup caf` answers at once."""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import datetime
from importlib import resources

from chatbot.formats.directory_csv import read_entries
from chatbot.ids import UserId
from storage import Storage

log = logging.getLogger(__name__)

DEMO_ACTOR = UserId("system:demo")
_SEEDED_KEY = "demo_directory_seeded_at"


def seed_demo_directory(storage: Storage, *, at: datetime) -> bool:
    """Import the demo entries, each marked ``demo``, into an empty directory the first time a
    bot serves this database; True if it did. The first real import replaces them."""
    if storage.state.get(_SEEDED_KEY) is not None:
        return False
    seeded = False
    if not storage.directory.all():
        demo = resources.files("commands.directory").joinpath("demo_directory.csv")
        entries = [replace(e, demo=True) for e in read_entries(demo.read_bytes())]
        result = storage.directory.import_entries(entries, actor=DEMO_ACTOR, at=at)
        log.info("demo directory seeded: %s entries", result.created)
        seeded = True
    storage.state.set(_SEEDED_KEY, at.isoformat())
    return seeded
