"""``LOG_FORMAT=json``: one JSON object a line, with what the line is about, never a secret;
libraries' per-event chatter stays below INFO."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pydantic import SecretStr

from adapters.slack.settings import SlackSettings
from app.logs import JsonFormatter, configure_logging, secret_values
from chatbot.log_context import add_log_fields, log_context
from tests.harness import ANA_SLACK, Chat, say_as

ROOT = Path(__file__).resolve().parents[2]
SIGNING_SECRET = "8f742231b10e8888abcd99yyyzzz85a5"


@pytest.fixture(autouse=True)
def restore_logging() -> Iterator[None]:
    yield
    configure_logging("WARNING")


def lines(err: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in err.splitlines() if line.strip()]


def test_each_line_is_one_json_object_with_its_fields(capsys: pytest.CaptureFixture[str]) -> None:
    configure_logging("INFO", fmt="json")
    logging.getLogger("chatbot.tests").info("hello %s", "world")
    with log_context(platform="slack"):
        add_log_fields(command="lookup")
        logging.getLogger("chatbot.tests").warning("answered")
    logging.getLogger("chatbot.tests").info("after")
    first, second, third = lines(capsys.readouterr().err)
    assert first["message"] == "hello world"
    assert first["level"] == "INFO"
    assert first["logger"] == "chatbot.tests"
    assert first["timestamp"].endswith("+00:00")
    assert "platform" not in first
    assert (second["platform"], second["command"], second["level"]) == (
        "slack",
        "lookup",
        "WARNING",
    )
    assert "platform" not in third and "command" not in third  # the context ended


def test_a_traceback_is_a_field_and_its_secrets_are_masked(
    capsys: pytest.CaptureFixture[str],
) -> None:
    slack = SlackSettings(
        slack_signing_secret=SecretStr(SIGNING_SECRET), slack_bot_token=SecretStr("xoxb-1-abc")
    )
    configure_logging("INFO", secrets=secret_values(slack), fmt="json")
    try:
        raise RuntimeError(f"signature check failed with {SIGNING_SECRET} and xoxb-1-abc")
    except RuntimeError:
        logging.getLogger("tests").exception("request failed for %s", SIGNING_SECRET)
    err = capsys.readouterr().err
    assert SIGNING_SECRET not in err
    assert "xoxb-1-abc" not in err
    (line,) = lines(err)
    assert line["message"] == "request failed for ***"
    assert "RuntimeError: signature check failed with *** and ***" in line["exception"]
    assert line["exception"].startswith("Traceback")


def test_plain_stays_the_default(capsys: pytest.CaptureFixture[str]) -> None:
    configure_logging("INFO")
    logging.getLogger("chatbot.tests").info("plain line")
    err = capsys.readouterr().err
    assert "INFO chatbot.tests: plain line" in err
    assert not err.lstrip().startswith("{")


def test_libraries_per_event_chatter_stays_out_of_info(capsys: pytest.CaptureFixture[str]) -> None:
    configure_logging("INFO")
    logging.getLogger("nio.rooms").info("Room !a:hs handling event of type RoomMessageText")
    logging.getLogger("slack_sdk.socket_mode").info("received a message")
    logging.getLogger("aiohttp.access").info("GET /slack/events 200")
    logging.getLogger("nio.client").warning("sync failed")
    err = capsys.readouterr().err
    assert "handling event" not in err and "received a message" not in err
    assert "GET /slack/events" not in err
    assert "sync failed" in err
    configure_logging("DEBUG")
    logging.getLogger("nio.rooms").info("Room !a:hs handling event of type RoomMessageText")
    assert "handling event" in capsys.readouterr().err


def test_the_bot_names_the_platform_and_command_of_what_it_logs(tmp_path: Path) -> None:
    records: list[str] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(self.format(record))

    handler = Keep()
    handler.setFormatter(JsonFormatter())
    bot_log = logging.getLogger("chatbot.bot")
    bot_log.addHandler(handler)
    bot_log.setLevel(logging.INFO)
    chat = Chat(tmp_path)
    try:
        say_as(chat, ANA_SLACK, "role slack:U0BOB admin")  # a volunteer: refused, and logged
    finally:
        chat.close()
        bot_log.removeHandler(handler)
        bot_log.setLevel(logging.NOTSET)
    refused = [json.loads(r) for r in records if "refused" in r]
    assert refused, records
    assert (refused[0]["platform"], refused[0]["command"]) == ("slack", "role")


def test_log_format_json_from_the_environment(tmp_path: Path) -> None:
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "MATRIX_"))},
        "PYTHONPATH": str(ROOT),
        "BOT_DATA_DIR": str(tmp_path),
        "BOT_LANGUAGE": "en",
        "DATABASE_URL": "",
        "LOG_LEVEL": "INFO",
        "LOG_FORMAT": "json",
    }
    script = (
        "import logging, sys\n"
        "from app import cli\n"
        "cli._command = lambda settings, args: logging.getLogger('chatbot').info('ran') or 0\n"
        "sys.exit(cli.main(['db', 'upgrade']))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert {"level": "INFO", "logger": "chatbot", "message": "ran"}.items() <= lines(done.stderr)[
        -1
    ].items()
    bad = subprocess.run(
        [sys.executable, "-m", "app", "db", "upgrade"],
        cwd=tmp_path,
        env={**env, "LOG_FORMAT": "xml"},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert bad.returncode == 2
    assert "LOG_FORMAT" in bad.stderr
