"""``deploy/chatbot.service``: the command line it runs, with the environment it sets, starts
the bot and stops it cleanly on SIGTERM; its secrets reach the bot through ``NAME_FILE``."""

from __future__ import annotations

import os
import shlex
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.app.test_secret_files import every_secret

ROOT = Path(__file__).resolve().parents[2]
UNIT = ROOT / "deploy" / "chatbot.service"
INSTALLED = "/opt/volunteer-chatbot"
"""Where the README installs the code; the test's checkout stands in for it."""


def unit(text: str | None = None, *, uncomment: tuple[str, ...] = ()) -> dict[str, list[str]]:
    """Each ``Section.Key`` of the unit and its values (a key may repeat); lines starting
    ``#`` followed by one of ``uncomment`` count as written."""
    found: dict[str, list[str]] = {}
    section = ""
    for raw in (UNIT.read_text() if text is None else text).splitlines():
        line = raw.strip()
        if line.startswith("#") and line.lstrip("#").startswith(uncomment or ("\0",)):
            line = line.lstrip("#")
        if not line or line.startswith(("#", ";")):
            continue
        if line.startswith("["):
            section = line.strip("[]")
            continue
        key, _sep, value = line.partition("=")
        found.setdefault(f"{section}.{key.strip()}", []).append(value.strip())
    return found


def test_the_unit_restarts_on_failure_in_a_hardened_sandbox() -> None:
    service = unit()
    expected = {
        "Restart": "on-failure",
        "DynamicUser": "yes",
        "StateDirectory": "chatbot",
        "NoNewPrivileges": "yes",
        "ProtectSystem": "strict",
        "ProtectHome": "yes",
        "PrivateTmp": "yes",
        "RestartPreventExitStatus": "2",
        "EnvironmentFile": "/etc/chatbot/chatbot.env",
    }
    for key, value in expected.items():
        assert service[f"Service.{key}"] == [value], key
    assert "BOT_DATA_DIR=%S/chatbot" in service["Service.Environment"]


def test_each_credential_feeds_a_secret_setting_file() -> None:
    service = unit(uncomment=("LoadCredential=", "Environment="))
    credentials = dict(v.split(":", 1) for v in service["Service.LoadCredential"])
    files = {
        name: value
        for name, _sep, value in (v.partition("=") for v in service["Service.Environment"])
        if name.endswith("_FILE")
    }
    secrets = {name.upper() + "_FILE" for _kind, name in every_secret()}
    assert set(files) == secrets  # every secret setting can come from a credential
    for name, path in files.items():
        credential = path.removeprefix("%d/")
        assert credential in credentials, name
        assert credentials[credential] == f"/etc/chatbot/credentials/{credential}"


@pytest.mark.skipif(not shutil.which("systemd-analyze"), reason="systemd-analyze not installed")
def test_systemd_accepts_the_unit(tmp_path: Path) -> None:
    copy = tmp_path / "chatbot.service"
    copy.write_text(UNIT.read_text().replace(f"{INSTALLED}/.venv/bin/chatbot", sys.executable))
    done = subprocess.run(
        ["systemd-analyze", "verify", str(copy)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert str(copy) not in done.stderr, done.stderr  # no unknown key or bad value in it


def command_line(exec_start: str) -> list[str]:
    """``ExecStart`` run from this checkout: its installed ``chatbot`` is this venv's."""
    program, *args = shlex.split(exec_start)
    assert program == f"{INSTALLED}/.venv/bin/chatbot"
    local = Path(sys.executable).parent / "chatbot"
    return [str(local), *args] if local.exists() else [sys.executable, "-m", "app", *args]


def test_its_command_line_starts_the_bot_and_stops_cleanly_on_sigterm(tmp_path: Path) -> None:
    service = unit(uncomment=("LoadCredential=matrix_password", "Environment=MATRIX_PASSWORD"))
    state, credentials = tmp_path / "state", tmp_path / "credentials"
    state.mkdir()
    credentials.mkdir()
    (credentials / "matrix_password").write_text("correct horse battery\n")
    env = {"PATH": os.environ.get("PATH", ""), "HOME": str(tmp_path), "PYTHONPATH": str(ROOT)}
    for assignment in service["Service.Environment"]:
        name, _sep, value = assignment.partition("=")
        env[name] = value.replace("%S/chatbot", str(state)).replace("%d", str(credentials))
    env |= {  # the EnvironmentFile: Matrix on a homeserver that never answers
        "BOT_LANGUAGE": "en",
        "LOG_LEVEL": "INFO",
        "MATRIX_HOMESERVER": "http://127.0.0.1:9",
        "MATRIX_USER_ID": "@bot:example.org",
    }
    (cwd,) = service["Service.WorkingDirectory"]
    bot = subprocess.Popen(
        command_line(service["Service.ExecStart"][0]),
        cwd=cwd.replace("%S/chatbot", str(state)),
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while not (state / "chatbot.sqlite3").exists() and time.monotonic() < deadline:
            assert bot.poll() is None, bot.communicate()
            time.sleep(0.2)
        time.sleep(3)  # running: retrying the homeserver, not exited
        assert bot.poll() is None, bot.communicate()
        bot.send_signal(signal.SIGTERM)
        _out, err = bot.communicate(timeout=30)
    finally:
        if bot.poll() is None:
            bot.kill()
            bot.communicate()
    assert bot.returncode == 0, err
    assert "starting 1 adapter" in err
    assert "SIGTERM received" in err
    assert "Traceback" not in err
    assert "correct horse battery" not in err
