from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.harness import Chat


@pytest.fixture
def chat(tmp_path: Path) -> Iterator[Chat]:
    """The real bot in English, starting on Monday 23 November 2026 at 09:00 in Paris."""
    bot = Chat(tmp_path)
    bot.clock.current = bot.clock.current.replace(hour=8)
    yield bot
    bot.close()
