from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.onboarding_cli import load_template
from chatbot.ids import UserId
from tests.harness import Chat


@pytest.fixture
def chat(tmp_path: Path) -> Iterator[Chat]:
    """The real bot in English, starting on Monday 23 November 2026 at 09:00 in Paris."""
    bot = Chat(tmp_path)
    bot.clock.current = bot.clock.current.replace(hour=8)
    yield bot
    bot.close()


def install_template(chat: Chat, tmp_path: Path, text: str) -> None:
    """Load the template ``text`` as ``chatbot onboarding template load`` does."""
    path = tmp_path / "volunteer.yaml"
    path.write_text(text, encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    repo = chat.app.services.onboarding
    now = chat.clock.now()
    assert load_template(repo, path, actor=UserId("console:ada"), now=now, out=out, err=err) == 0
