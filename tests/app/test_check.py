"""`chatbot check`: one line per check, a fix for each failure, exit 1 on any; Slack against
the local fake Web API, the database and its migration level (Matrix: see
tests/adapters/matrix/test_matrix_check.py)."""

from __future__ import annotations

import asyncio
import os
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.cli import main
from storage.engine import make_engine
from storage.migrate import upgrade_engine
from tests.adapters.slack.slack_fake import BOT_TOKEN, SIGNING_SECRET, FakeSlack


@pytest.fixture
def environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # no .env
    for key in list(os.environ):
        if key.startswith(("SLACK_", "MATRIX_", "BOT_", "DIGEST_", "DATABASE_")):
            monkeypatch.delenv(key)
    monkeypatch.setenv("BOT_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("BOT_LANGUAGE", "en")
    monkeypatch.setenv("LOG_LEVEL", "WARNING")
    database = f"sqlite:///{tmp_path / 'bot.db'}"
    monkeypatch.setenv("DATABASE_URL", database)
    engine = make_engine(database)
    upgrade_engine(engine)
    engine.dispose()


@pytest.fixture
def fake_slack(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeSlack]:
    """The fake Web API on its own loop in a thread: `chatbot check` runs its own loop."""
    fake = FakeSlack()
    loop = asyncio.new_event_loop()
    started = threading.Event()

    def serve() -> None:
        asyncio.set_event_loop(loop)
        loop.run_until_complete(fake.start())
        started.set()
        loop.run_forever()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    started.wait(10)
    monkeypatch.setenv("SLACK_BOT_TOKEN", BOT_TOKEN)
    monkeypatch.setenv("SLACK_SIGNING_SECRET", SIGNING_SECRET)
    monkeypatch.setenv("SLACK_API_URL", fake.api_url)
    yield fake
    asyncio.run_coroutine_threadsafe(fake.stop(), loop).result(10)
    loop.call_soon_threadsafe(loop.stop)
    thread.join(10)


def check(capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str]]:
    code = main(["check"])
    return code, capsys.readouterr().out.splitlines()


@pytest.mark.usefixtures("environment")
def test_all_good_on_slack(
    fake_slack: FakeSlack, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    fake_slack.channels["C0DIGEST"] = True
    monkeypatch.setenv("DIGEST_TARGETS", "slack:C0DIGEST")

    code, lines = check(capsys)

    assert lines == [
        "✓ configuration valid",
        "✓ database reachable, migrations up to date",
        "✓ Slack: connected to Bénévoles as annuaire",
        "✓ Slack: every scope the manifest asks for is granted",
        "✓ Slack: digest target C0DIGEST exists, the bot is a member",
    ]
    assert code == 0
    [auth] = fake_slack.called("auth.test")
    assert auth.headers["Authorization"] == f"Bearer {BOT_TOKEN}"


@pytest.mark.usefixtures("environment")
def test_each_slack_failure_names_its_fix(
    fake_slack: FakeSlack, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    fake_slack.scopes = "chat:write,commands"
    fake_slack.channels["C0OUT"] = False
    monkeypatch.setenv("DIGEST_TARGETS", "slack:C0OUT, slack:C0GONE, matrix:!r:example.org")

    code, lines = check(capsys)

    assert code == 1
    assert lines[3].startswith("✗ Slack: scopes missing: app_mentions:read, channels:history,")
    assert lines[3].endswith(
        " — fix: add them under OAuth & Permissions (see adapters/slack/manifest.yml), "
        "then reinstall the app"
    )
    assert lines[4:] == [
        "✗ Slack: the bot is not a member of digest target C0OUT"
        " — fix: type /invite @annuaire in that channel",
        "✗ Slack: digest target C0GONE not found (channel_not_found)"
        " — fix: correct DIGEST_TARGETS (a channel id, C0123)",
        "✗ digest target matrix:!r:example.org: its platform is not configured"
        " — fix: configure that platform or remove the target from DIGEST_TARGETS",
    ]


@pytest.mark.usefixtures("environment")
def test_a_refused_slack_token(fake_slack: FakeSlack, capsys: pytest.CaptureFixture[str]) -> None:
    fake_slack.fail("auth.test", "invalid_auth")

    code, lines = check(capsys)

    assert code == 1
    assert lines[2] == (
        "✗ Slack: the bot token is refused (invalid_auth)"
        " — fix: set SLACK_BOT_TOKEN to the app's Bot User OAuth Token (xoxb-...)"
    )


@pytest.mark.usefixtures("environment")
def test_nothing_configured_and_a_database_to_upgrade(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'new.db'}")

    code, lines = check(capsys)

    assert code == 1
    assert lines[1].startswith("✗ database at migration empty, the code needs 00")
    assert lines[1].endswith(" — fix: run `chatbot db upgrade`")
    assert lines[2] == "✓ no platform configured: `chatbot run` opens the console"


@pytest.mark.usefixtures("environment")
def test_an_unreachable_database(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgresql://nobody@127.0.0.1:1/none")

    code, lines = check(capsys)

    assert code == 1
    assert lines[1].startswith("✗ database unreachable: ")
    assert lines[1].endswith(" — fix: check DATABASE_URL and that the database server runs")


@pytest.mark.usefixtures("environment")
def test_a_wrong_setting_is_a_failure_too(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("SLACK_PORT", "not a port")

    assert main(["check"]) == 2
    assert "SLACK_PORT" in capsys.readouterr().err


@pytest.mark.usefixtures("environment")
def test_in_the_bot_language(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("BOT_LANGUAGE", "fr")
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'new.db'}")

    code, lines = check(capsys)

    assert code == 1
    assert lines[0] == "✓ configuration valide"
    assert lines[1].endswith(" — correction : lancez `chatbot db upgrade`")
