"""A platform is an adapter plus one registration: `chatbot run` starts it, the outbox routes
its people's messages to it, and the bot knows them by their ``fake:...`` ids, which settings
may name in the syntax its registration declares."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

import app.platforms
from adapters.spec import AdapterHost, AdapterSpec
from app.cli import main
from chatbot.ids import ConversationId, UserId, platform_of
from chatbot.messages import Incoming
from chatbot.reply import Reply

REGISTERED = app.platforms.PLATFORMS
"""The real platforms, without the fake."""


class FakePlatform:
    """Stands in for an adapter: on start, someone asks who they are and reports something,
    then an admin (on Slack, not served here) assigns the report to them by typed id."""

    def __init__(self) -> None:
        self.host: AdapterHost | None = None
        self.answers: list[str] = []
        self.sent: list[tuple[str, str]] = []

    def build(self, host: AdapterHost) -> FakePlatform:
        self.host = host
        host.router.register("fake", self)
        return self

    async def start(self) -> None:
        assert self.host is not None
        for sender, text in (
            ("fake:someone", "whoami"),
            ("fake:someone", "report the lift is stuck"),
            ("slack:UADMIN", "assign 1 fake:someone"),
        ):
            incoming = Incoming(
                text=text,
                sender_id=UserId(sender),
                sender_name="Someone",
                conversation_id=ConversationId(f"{sender}-dm"),
                platform=platform_of(sender),
                private=True,
            )
            self.answers.append((await self.host.bot.handle(incoming)).plain_text())

    async def stop(self) -> None:
        pass

    async def send_to_user(self, user_id: UserId, reply: Reply, *, key: str | None = None) -> None:
        self.sent.append((user_id, reply.plain_text()))

    async def send_to_conversation(
        self, conversation_id: ConversationId, reply: Reply, *, key: str | None = None
    ) -> None:
        self.sent.append((conversation_id, reply.plain_text()))


@pytest.fixture
def only_fake(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> FakePlatform:
    """The environment configures no platform; the registry gains one that is configured."""
    monkeypatch.chdir(tmp_path)  # no .env
    for key in list(os.environ):
        if key.startswith(("SLACK_", "MATRIX_", "BOT_", "DIGEST_", "DATABASE_")):
            monkeypatch.delenv(key)
    monkeypatch.setenv("BOT_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("BOT_LANGUAGE", "en")
    monkeypatch.setenv("BOT_ADMINS", "slack:UADMIN, fake:boss")  # its syntax: its spec's
    monkeypatch.setenv("LOG_LEVEL", "WARNING")
    fake = FakePlatform()
    spec = AdapterSpec(
        name="Fake",
        prefix="fake",
        configured=lambda: True,
        build=fake.build,
        user_id=re.compile(r"[a-z]+"),
        user_id_example="boss",
    )
    monkeypatch.setattr(app.platforms, "PLATFORMS", (*app.platforms.PLATFORMS, spec))
    return fake


def test_a_registered_platform_is_started_routed_to_and_known(only_fake: FakePlatform) -> None:
    assert main(["run"]) == 0

    whoami, reported, assigned = only_fake.answers
    assert "fake:someone" in whoami
    assert "#1" in reported
    assert "fake:someone" in assigned
    [(recipient, text)] = only_fake.sent  # through the outbox, the sender, the router
    assert recipient == "fake:someone"
    assert "Report #1 is assigned to you" in text


@pytest.mark.parametrize(
    ("registered", "admins", "wrong"),
    [
        (False, "slack:UADMIN, fake:boss", "fake:boss"),  # the fake is not registered
        (True, "fake:Boss, matrix:@ana:hs", "fake:Boss"),  # not in the fake's syntax
    ],
)
def test_an_id_is_checked_against_its_platform_registration_only(
    only_fake: FakePlatform,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    registered: bool,
    admins: str,
    wrong: str,
) -> None:
    if not registered:
        monkeypatch.setattr(app.platforms, "PLATFORMS", REGISTERED)
    monkeypatch.setenv("BOT_ADMINS", admins)

    assert main(["run"]) == 2

    [line] = capsys.readouterr().err.splitlines()
    examples = "slack:U024BE7LH, matrix:@ana:example.org" + (", fake:boss" if registered else "")
    assert line == f"chatbot: invalid setting BOT_ADMINS: not a user id {wrong!r}, e.g. {examples}"
    assert only_fake.answers == []  # never started


def test_registered_prefixes_are_unique_and_include_every_platform() -> None:
    prefixes = app.platforms.prefixes()
    assert sorted(prefixes) == sorted(set(prefixes))
    assert {"console", "slack", "matrix"} <= set(prefixes)
