"""Bots starting together on a new database: both come up, and the demo is seeded once."""

from __future__ import annotations

import subprocess
import sys
from importlib import resources
from pathlib import Path

from chatbot.formats.directory_csv import read_entries
from storage import open_storage

ROOT = Path(__file__).resolve().parents[2]

# What `chatbot run` and `chatbot console` do before serving: migrate, record the first start,
# seed the demo directory.
START_A_BOT = """
import logging, sys
from app.wiring import build_app
from chatbot.settings import Settings

logging.basicConfig(level=logging.INFO, format="%(name)s: %(message)s")
settings = Settings(
    _env_file=None, database_url=sys.argv[1], bot_data_dir=sys.argv[2], bot_demo_data=True
)
print("ready", flush=True)
sys.stdin.readline()  # the starting gun: both bots are loaded, they start together
build_app(settings, seed_demo=True).storage.close()
"""


def demo_names() -> list[str]:
    demo = resources.files("commands.directory").joinpath("demo_directory.csv")
    return sorted(e.name for e in read_entries(demo.read_bytes()))


def test_two_bots_starting_on_an_empty_database_both_start_and_seed_once(
    database_url: str, tmp_path: Path
) -> None:
    bots = [
        subprocess.Popen(
            [sys.executable, "-c", START_A_BOT, database_url, str(tmp_path / f"data{n}")],
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for n in range(2)
    ]
    for bot in bots:
        assert bot.stdout is not None and bot.stdout.readline() == "ready\n"
    for bot in bots:
        assert bot.stdin is not None
        bot.stdin.write("go\n")
        bot.stdin.flush()
    outputs = [bot.communicate(timeout=120) for bot in bots]

    for bot, (_out, err) in zip(bots, outputs, strict=True):
        assert bot.returncode == 0, err
    logs = "".join(err for _out, err in outputs)
    assert logs.count("app.demo: demo directory seeded") == 1, logs
    storage = open_storage(database_url)
    try:
        entries = storage.directory.all()
        assert storage.state.get("first_started_at") is not None
    finally:
        storage.close()
    assert sorted(e.name for e in entries) == demo_names()
    assert all(e.demo for e in entries)
