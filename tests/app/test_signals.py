"""`chatbot run` stopped by SIGTERM or Ctrl-C: exit 0, one log line, no traceback, and the
outbox message it was delivering handed back at once for another process to send.

A real process on the console and SQLite; the only stand-in is a slow terminal for one
addressee, so that a delivery is in flight when the signal comes.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from chatbot.reply import Reply
from storage import open_storage

ROOT = Path(__file__).resolve().parents[2]
SLOW_TERMINAL = """
import asyncio
import adapters.console.adapter as console
import chatbot.outbox

chatbot.outbox.STOP_GRACE_SECONDS = 0.5  # the delivery below never ends: do not wait 10 s
_print = console.ConsoleMessenger._print


async def send_to_user(self, user_id, reply, *, key=None):
    if user_id == "console:slow":
        await asyncio.sleep(3600)
    _print(self, user_id, reply)


console.ConsoleMessenger.send_to_user = send_to_user
"""
START = "import sys, slow_terminal; from app.cli import main; sys.exit(main(['run']))"


@pytest.fixture
def data_dir(tmp_path: Path) -> Iterator[Path]:
    (tmp_path / "slow_terminal.py").write_text(SLOW_TERMINAL)
    storage = open_storage(f"sqlite:///{tmp_path / 'chatbot.sqlite3'}")
    storage.outbox.enqueue(
        recipient="console:slow",
        to_user=True,
        reply=Reply.text("Bonjour").to_json(),
        at=datetime.now(UTC),
    )
    storage.close()
    yield tmp_path


def lease(data_dir: Path) -> tuple[str | None, str | None]:
    with sqlite3.connect(data_dir / "chatbot.sqlite3") as db:
        holder, sent = db.execute("select lease_holder, sent_at from outbox").fetchone()
    return holder, sent


def start(data_dir: Path) -> subprocess.Popen[str]:
    """The bot, its output in files and its input kept open, as on a terminal nobody types in."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("SLACK_", "MATRIX_", "BOT_", "DIGEST_", "DATABASE_", "LOG_"))
    }
    env.update(
        BOT_DATA_DIR=str(data_dir),
        BOT_LANGUAGE="en",
        PYTHONPATH=os.pathsep.join([str(data_dir), str(ROOT)]),
    )
    with (data_dir / "stdout").open("w") as out, (data_dir / "stderr").open("w") as err:
        return subprocess.Popen(
            [sys.executable, "-c", START],
            cwd=data_dir,
            env=env,
            stdin=subprocess.PIPE,
            stdout=out,
            stderr=err,
            text=True,
        )


@pytest.mark.parametrize("sent", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_a_signal_stops_the_bot_cleanly_and_hands_back_what_it_held(
    data_dir: Path, sent: signal.Signals
) -> None:
    bot = start(data_dir)
    try:
        deadline = time.monotonic() + 60
        while lease(data_dir)[0] is None:  # the sender claimed the message: it is in flight
            assert bot.poll() is None and time.monotonic() < deadline
            time.sleep(0.1)
        bot.send_signal(sent)
        bot.wait(timeout=30)  # no end of input: the console stops waiting for a line
    finally:
        if bot.poll() is None:
            bot.kill()
            bot.wait()
        assert bot.stdin is not None
        bot.stdin.close()
    err = (data_dir / "stderr").read_text()

    assert bot.returncode == 0, err
    assert "Traceback" not in err
    [line] = err.splitlines()
    assert line.endswith(f"{sent.name} received: finishing the work in flight, then stopping")
    assert lease(data_dir) == (None, None)  # not sent, and free for another process now
