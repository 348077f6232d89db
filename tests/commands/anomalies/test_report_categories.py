"""Each bot offers its own configured categories (BOT_ANOMALY_CATEGORIES), whatever other bots
the same process built."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from chatbot.ids import UserId
from chatbot.settings import Settings
from commands import all_command_sets
from commands.anomalies.reporting import reporting_commands
from tests.harness import Chat, no_env

DEFAULT_QUESTION = "What kind of problem? (site, info-erronee, materiel, securite or autre)"
WHAT_DID_YOU_SEE = "What did you see?"


@pytest.fixture
def bikes(tmp_path: Path) -> Iterator[Chat]:
    """A second bot, in the same process, whose reports are about bikes."""
    folder = tmp_path / "bikes"
    folder.mkdir()
    bot = Chat(folder)
    bot.settings.anomaly_categories = ["velo", "antivol", "autre"]
    bot.restart()
    yield bot
    bot.close()


def category_choices(chat: Chat) -> list[str]:
    form = chat.app.bot.form_for("report", user_id=UserId("slack:U0ANA"))
    assert form is not None
    [field] = [f for f in form.fields if f.name == "category"]
    return [value for value, _label in field.choices]


def test_two_bots_with_different_categories_do_not_leak(chat: Chat, bikes: Chat) -> None:
    assert chat.say("report").startswith(WHAT_DID_YOU_SEE)
    assert bikes.say("report").startswith(WHAT_DID_YOU_SEE)
    assert category_choices(chat) == ["site", "info-erronee", "materiel", "securite", "autre"]
    assert category_choices(bikes) == ["velo", "antivol", "autre"]
    answer = bikes.reply("Antivol cassé au local")  # a configured name is a word of its own
    assert [b.value for b in answer.buttons][:3] == ["1 velo", "1 antivol", "1 autre"]
    saved = bikes.app.storage.anomalies.get(1)
    assert saved is not None and saved.category == "antivol"
    chat.say("cancel")
    assert chat.say("report").startswith(WHAT_DID_YOU_SEE)


def test_the_question_is_translated(chat_fr: Chat) -> None:
    assert chat_fr.say("signaler").startswith("Qu'avez-vous constaté ?")


def test_the_factories_keep_nothing_between_calls() -> None:
    one = no_env(Settings, anomaly_categories=["a", "b"])
    two = no_env(Settings, anomaly_categories=["c"])
    first = {c.name: c for c in reporting_commands(one)}["report"]
    built = {c.name: c for s in all_command_sets(two) for c in s}
    assert built["report"].label("category") == "What kind of problem? (c)"
    assert first.label("category") == "What kind of problem? (a or b)"
    assert {c.name: c for c in reporting_commands(two)}["report"].label("category") == (
        "What kind of problem? (c)"
    )
