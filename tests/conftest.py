from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from chatbot.i18n import DEFAULT_LANGUAGE, set_language

if TYPE_CHECKING:
    from tests.harness import Chat


@pytest.fixture(autouse=True)
def english_by_default() -> Iterator[None]:
    """Tests read English unless they ask for French (the bot's own default is French)."""
    set_language("en")
    yield
    set_language(DEFAULT_LANGUAGE)


@pytest.fixture
def chat(tmp_path: Path) -> Iterator[Chat]:
    """The real bot in English, on a fresh database seeded with the demo directory."""
    from tests.harness import Chat

    bot = Chat(tmp_path)
    yield bot
    bot.close()


@pytest.fixture
def chat_fr(tmp_path: Path) -> Iterator[Chat]:
    """The same bot speaking French, its default language."""
    from tests.harness import Chat

    bot = Chat(tmp_path, language="fr")
    yield bot
    bot.close()
