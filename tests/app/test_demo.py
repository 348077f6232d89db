"""The demo directory: seeded, marked demo, when a bot first serves an empty database only."""

from __future__ import annotations

from datetime import UTC, datetime
from importlib import resources
from pathlib import Path

from app.demo import seed_demo_directory
from app.wiring import build_app
from chatbot.directory import Entry
from chatbot.formats.directory_csv import read_entries
from chatbot.ids import UserId
from chatbot.settings import Settings
from storage import open_storage
from tests.harness import bot_settings

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
ANA = UserId("console:ana")


def demo_names() -> list[str]:
    demo = resources.files("commands.directory").joinpath("demo_directory.csv")
    return sorted(e.name for e in read_entries(demo.read_bytes()))


def settings(data_dir: Path, *, demo: bool = True) -> Settings:
    return bot_settings(data_dir, bot_demo_data=demo)


def test_an_empty_directory_gets_the_demo_entries_each_marked_demo(tmp_path: Path) -> None:
    storage = open_storage(f"sqlite:///{tmp_path / 'bot.db'}")
    try:
        assert seed_demo_directory(storage, at=NOW)
        entries = storage.directory.all()
    finally:
        storage.close()

    assert sorted(e.name for e in entries) == demo_names()
    assert all(e.demo for e in entries)


def test_a_directory_with_entries_gets_no_demo_entry(tmp_path: Path) -> None:
    storage = open_storage(f"sqlite:///{tmp_path / 'bot.db'}")
    try:
        storage.directory.add(Entry(name="Mairie"), actor=ANA, at=NOW)
        assert not seed_demo_directory(storage, at=NOW)
        names = [e.name for e in storage.directory.all()]
    finally:
        storage.close()

    assert names == ["Mairie"]


def test_only_a_serving_bot_seeds_and_only_when_demo_data_is_on(tmp_path: Path) -> None:
    maintenance = build_app(settings(tmp_path), seed_demo=False)
    assert maintenance.storage.directory.all() == []
    maintenance.storage.close()

    switched_off = build_app(settings(tmp_path, demo=False), seed_demo=True)
    assert switched_off.storage.directory.all() == []
    switched_off.storage.close()

    serving = build_app(settings(tmp_path / "other"), seed_demo=True)
    assert sorted(e.name for e in serving.storage.directory.all()) == demo_names()
    serving.storage.close()
