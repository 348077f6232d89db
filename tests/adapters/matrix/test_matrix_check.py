"""`chatbot check` for Matrix against the real Synapse: whoami and the device of the saved
session, a password alone tried on a throwaway device, digest targets the bot is in or not."""

from __future__ import annotations

import os
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest

from adapters.spec import Check
from app.check import run_checks
from tests.adapters.matrix.conftest import BotRunner, unique
from tests.adapters.matrix.synapse_server import PASSWORD, Synapse
from tests.adapters.matrix.volunteer import Volunteer
from tests.harness import bot_settings

MakeBot = Callable[..., BotRunner]
MakeVolunteer = Callable[..., Awaitable[Volunteer]]


@pytest.fixture
def matrix_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> pytest.MonkeyPatch:
    monkeypatch.chdir(tmp_path)  # no .env
    for key in list(os.environ):
        if key.startswith(("SLACK_", "MATRIX_", "DIGEST_")):
            monkeypatch.delenv(key)
    return monkeypatch


def lines(checks: list[Check]) -> list[str]:
    return [
        ("✓ " if check.ok else "✗ ") + check.what + (f" — {check.fix}" * (not check.ok))
        for check in checks
    ]


async def test_the_saved_session_its_device_and_the_digest_rooms(
    bot_runner: MakeBot, volunteers: MakeVolunteer, matrix_env: pytest.MonkeyPatch
) -> None:
    bot = bot_runner()
    adapter = await bot.start()
    device = adapter.client.device_id
    ana = await volunteers("ana")
    inside = await ana.create_room(invite=(bot.user_id,))
    await ana.joined(inside, bot.user_id)
    outside = await ana.create_room()
    await bot.stop()
    matrix_env.setenv("MATRIX_HOMESERVER", bot.synapse.url)
    matrix_env.setenv("MATRIX_USER_ID", bot.user_id)
    matrix_env.setenv("MATRIX_PASSWORD", "not the password: the saved session is used")
    settings = bot_settings(bot.data_dir, digest_targets=[f"matrix:{inside}", f"matrix:{outside}"])

    checks = await run_checks(settings)

    assert lines(checks)[2:] == [
        f"✓ Matrix: signed in on {bot.synapse.url} as {bot.user_id}",
        f"✓ Matrix: device {device}",
        f"✓ Matrix: digest target {inside} exists, the bot is a member",
        f"✗ Matrix: the bot is not a member of digest target {outside}"
        f" — invite {bot.user_id} to that room",
    ]


async def test_a_password_alone_is_tried_and_a_wrong_one_refused(
    synapse: Synapse, tmp_path: Path, matrix_env: pytest.MonkeyPatch
) -> None:
    user = synapse.register(unique("checker"))
    matrix_env.setenv("MATRIX_HOMESERVER", synapse.url)
    matrix_env.setenv("MATRIX_USER_ID", user)
    matrix_env.setenv("MATRIX_PASSWORD", PASSWORD)
    settings = bot_settings(tmp_path)

    good = await run_checks(settings)
    matrix_env.setenv("MATRIX_PASSWORD", "wrong")
    bad = await run_checks(settings)

    assert lines(good)[2:] == [f"✓ Matrix: signed in on {synapse.url} as {user}"]
    [refused] = lines(bad)[2:]
    assert refused.startswith(f"✗ Matrix: {synapse.url} refused the bot's credentials (")
    assert refused.endswith(" — check MATRIX_USER_ID with MATRIX_ACCESS_TOKEN or MATRIX_PASSWORD")
