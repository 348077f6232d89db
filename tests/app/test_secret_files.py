"""Every secret setting may come from a file named by ``<NAME>_FILE`` (systemd credentials,
Docker secrets): its content less the trailing newline, and never both ways at once."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from pydantic import SecretStr, ValidationError

from adapters.matrix.settings import MatrixSettings
from adapters.slack.settings import SlackSettings
from app.cli import invalid_settings
from app.platforms import PLATFORMS, PlatformSettings
from chatbot.secret_files import SecretFileSettings
from chatbot.settings import Settings
from tests.harness import no_env

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "xoxb-from-a-file-123"


@pytest.fixture(autouse=True)
def environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # no .env
    for key in list(os.environ):
        if key.startswith(("SLACK_", "MATRIX_", "BOT_", "DATABASE_")):
            monkeypatch.delenv(key)
    monkeypatch.setenv("BOT_LANGUAGE", "en")


def secret_file(tmp_path: Path, name: str, content: str) -> str:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    return str(path)


def every_secret() -> list[tuple[type[SecretFileSettings], str]]:
    kinds: list[type[SecretFileSettings]] = [Settings, SlackSettings, MatrixSettings]
    kinds += [k for spec in PLATFORMS for k in spec.settings if issubclass(k, SecretFileSettings)]
    return sorted(
        {
            (kind, name)
            for kind in kinds
            for name, field in kind.model_fields.items()
            if field.annotation is SecretStr or name in kind.secret_fields
        },
        key=lambda pair: (pair[0].__name__, pair[1]),
    )


def test_every_secret_setting_is_covered() -> None:
    names = {name for _kind, name in every_secret()}
    assert {
        "database_url",
        "slack_bot_token",
        "slack_app_token",
        "slack_signing_secret",
        "matrix_password",
        "matrix_access_token",
    } <= names
    for spec in PLATFORMS:  # a platform's settings whose secrets could not come from files
        for kind in spec.settings:
            secrets = [n for n, f in kind.model_fields.items() if f.annotation is SecretStr]
            assert not secrets or issubclass(kind, SecretFileSettings), kind


@pytest.mark.parametrize(("kind", "name"), every_secret())
def test_a_secret_reads_its_file_without_the_trailing_newline(
    kind: type[SecretFileSettings], name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(f"{name.upper()}_FILE", secret_file(tmp_path, name, f"{TOKEN}\n"))
    value = getattr(no_env(kind), name)
    assert (value.get_secret_value() if isinstance(value, SecretStr) else value) == TOKEN


def test_the_database_url_from_a_file_keeps_its_password_out_of_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = "postgresql://bot:s3cr3t-pass@db.example.org/bot"
    monkeypatch.setenv("DATABASE_URL_FILE", secret_file(tmp_path, "db", url + "\n"))
    assert no_env(PlatformSettings).effective_database_url == url


def test_the_file_named_in_dotenv_works_too(tmp_path: Path) -> None:
    path = secret_file(tmp_path, "token", TOKEN)  # no trailing newline: as it is
    (tmp_path / ".env").write_text(f"SLACK_BOT_TOKEN=\nSLACK_BOT_TOKEN_FILE={path}\n")
    assert SlackSettings().slack_bot_token.get_secret_value() == TOKEN


def test_both_set_is_an_error_naming_the_variable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-in-the-environment")
    monkeypatch.setenv("SLACK_BOT_TOKEN_FILE", secret_file(tmp_path, "token", TOKEN))
    with pytest.raises(ValidationError) as raised:
        no_env(SlackSettings)
    line = invalid_settings([raised.value])
    assert "SLACK_BOT_TOKEN_FILE: set either SLACK_BOT_TOKEN or SLACK_BOT_TOKEN_FILE" in line
    assert TOKEN not in line and "xoxb-in-the-environment" not in str(raised.value)


def test_an_unreadable_file_names_the_variable_never_the_content(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MATRIX_PASSWORD_FILE", str(tmp_path / "missing"))
    not_text = tmp_path / "binary"
    not_text.write_bytes(b"\xff\xfesecret-bytes")
    monkeypatch.setenv("MATRIX_ACCESS_TOKEN_FILE", str(not_text))
    with pytest.raises(ValidationError) as raised:
        no_env(MatrixSettings)
    line = invalid_settings([raised.value])
    assert f"MATRIX_PASSWORD_FILE: cannot read {tmp_path / 'missing'}" in line
    assert "MATRIX_ACCESS_TOKEN_FILE:" in line and "not UTF-8" in line
    assert "secret-bytes" not in line and "secret-bytes" not in str(raised.value)


def test_chatbot_run_exits_2_with_one_line_when_a_secret_file_is_missing(tmp_path: Path) -> None:
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "MATRIX_"))},
        "PYTHONPATH": str(ROOT),
        "BOT_DATA_DIR": str(tmp_path),
        "SLACK_BOT_TOKEN_FILE": str(tmp_path / "nowhere"),
    }
    done = subprocess.run(
        [sys.executable, "-m", "app", "run"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        stdin=subprocess.DEVNULL,
    )
    assert done.returncode == 2
    assert done.stderr.strip().count("\n") == 0, done.stderr
    assert "SLACK_BOT_TOKEN_FILE: cannot read" in done.stderr
