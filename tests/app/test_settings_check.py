"""Settings are checked at start, one line naming what is wrong; secrets never reach a log."""

from __future__ import annotations

import logging
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from pydantic import SecretStr, ValidationError

from adapters.slack.settings import SlackSettings
from app.cli import main
from app.logs import configure_logging, secret_values
from app.platforms import PlatformSettings
from chatbot.settings import Settings
from tests.harness import no_env

ROOT = Path(__file__).resolve().parents[2]
SIGNING_SECRET = "8f742231b10e8888abcd99yyyzzz85a5"  # no shape a pattern could recognise


@pytest.fixture(autouse=True)
def environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # no .env
    for key in list(os.environ):
        if key.startswith(("SLACK_", "MATRIX_", "BOT_", "DIGEST_", "DATABASE_", "ONBOARDING_")):
            monkeypatch.delenv(key)
    monkeypatch.setenv("BOT_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("BOT_LANGUAGE", "en")


def test_run_with_an_unknown_time_zone_exits_2_with_one_line(tmp_path: Path) -> None:
    env = {**os.environ, "BOT_TIMEZONE": "Mars/Olympus", "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-m", "app", "run"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2
    assert done.stderr.splitlines() == [
        "chatbot: invalid setting BOT_TIMEZONE: unknown time zone 'Mars/Olympus', e.g. Europe/Paris"
    ]


@pytest.mark.parametrize(
    ("name", "value", "reason"),
    [
        ("BOT_LANGUAGE", "de", "unknown language 'de'; available: en, fr"),
        ("DIGEST_CRON", "30 25 * * *", "not a crontab '30 25 * * *'"),
        ("ONBOARDING_CHECK_CRON", "every 15 minutes", "not a crontab 'every 15 minutes'"),
        ("BOT_ADMINS", "slack:U1, ana", "not a user id 'ana'"),
        ("BOT_COORDINATORS", "matrix:ana:example.org", "not a user id 'matrix:ana:example.org'"),
        ("DIGEST_TARGETS", "slack:#coordination", "not a conversation id 'slack:#coordination'"),
        ("ONBOARDING_WELCOME_CHANNELS", "matrix:@ana:hs", "not a conversation id 'matrix:@ana:hs'"),
        ("LOG_LEVEL", "LOUD", "unknown level 'LOUD'"),
        ("DIRECTORY_STALE_DAYS", "six months", "valid integer"),
    ],
)
def test_each_wrong_setting_is_named_at_start(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    name: str,
    value: str,
    reason: str,
) -> None:
    monkeypatch.setenv(name, value)
    assert main(["console"]) == 2
    [line] = capsys.readouterr().err.splitlines()
    assert line.startswith(f"chatbot: invalid setting {name}: ")
    assert reason in line


def test_several_wrong_settings_are_named_on_one_line_in_the_bot_language(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("BOT_LANGUAGE", "fr")
    monkeypatch.setenv("BOT_TIMEZONE", "Mars/Olympus")
    monkeypatch.setenv("SLACK_PORT", "http")
    assert main(["run"]) == 2
    [line] = capsys.readouterr().err.splitlines()
    assert line.startswith("chatbot : réglages invalides BOT_TIMEZONE: fuseau horaire inconnu")
    assert "; SLACK_PORT: " in line


def test_good_ids_and_schedules_pass(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BOT_ADMINS", "slack:U024BE7LH, matrix:@ana:example.org, console:ana")
    monkeypatch.setenv("DIGEST_TARGETS", "slack:C0123,matrix:!abc:example.org,console:tty")
    monkeypatch.setenv("DIGEST_CRON", "30 8 * * mon-fri")
    monkeypatch.setenv("BOT_TIMEZONE", "America/Montreal")
    settings = PlatformSettings()  # as `chatbot` reads them: each id in its platform's syntax
    assert len(settings.bot_admins) == 3 and len(settings.digest_targets) == 3


def test_a_wrong_id_is_shown_an_example_from_each_platform(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("BOT_ADMINS", "teams:ana")  # no platform of that name is registered
    monkeypatch.setenv("DIGEST_TARGETS", "slack:U024BE7LH")  # a user, not a conversation
    assert main(["console"]) == 2
    assert capsys.readouterr().err.splitlines() == [
        "chatbot: invalid settings"
        " BOT_ADMINS: not a user id 'teams:ana', e.g. slack:U024BE7LH, matrix:@ana:example.org;"
        " DIGEST_TARGETS: not a conversation id 'slack:U024BE7LH',"
        " e.g. slack:C0123, matrix:!abc:example.org"
    ]


def test_the_core_settings_check_only_the_shape_of_an_id() -> None:
    """Which ids a platform has is its adapter's to say (its spec), not the core's."""
    settings = no_env(Settings, bot_admins="teams:ana", digest_targets="teams:general")
    assert settings.bot_admins == ["teams:ana"]
    with pytest.raises(ValidationError, match=re.escape("not a user id 'ana', e.g. platform:id")):
        no_env(Settings, bot_admins="ana")
    with pytest.raises(ValidationError, match="not a conversation id 'slack:'"):
        no_env(Settings, digest_targets="slack:")


def test_a_crash_quoting_a_secret_logs_stars(capsys: pytest.CaptureFixture[str]) -> None:
    slack = SlackSettings(
        slack_signing_secret=SecretStr(SIGNING_SECRET), slack_bot_token=SecretStr("xoxb-1-abc")
    )
    configure_logging("INFO", secrets=secret_values(slack))
    try:
        raise RuntimeError(f"signature check failed with {SIGNING_SECRET}")
    except RuntimeError:
        logging.getLogger("tests").exception("request failed for %s", SIGNING_SECRET)
    err = capsys.readouterr().err
    assert SIGNING_SECRET not in err
    assert "request failed for ***" in err
    assert "RuntimeError: signature check failed with ***" in err


def test_an_uncaught_exception_quoting_a_secret_prints_stars(tmp_path: Path) -> None:
    crash = (
        "from app.logs import configure_logging\n"
        f"configure_logging('INFO', secrets={{{SIGNING_SECRET!r}}})\n"
        f"raise RuntimeError('bad secret {SIGNING_SECRET}')\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", crash],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 1
    assert "RuntimeError: bad secret ***" in done.stderr
    assert SIGNING_SECRET not in done.stderr
