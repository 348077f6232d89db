"""Choices, the outbox and the session survive restarts; rate limits are honoured."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from nio import LocalProtocolError, RoomSendError

from adapters.matrix.choices import KEEP, Choices
from adapters.matrix.sender import Sender, SendRefused
from adapters.matrix.session import Session, load_session, save_session
from adapters.matrix.settings import MatrixSettings
from chatbot.reply import Button
from tests.adapters.matrix.fakes import FakeClient, MemoryState, rate_limited

SHOW_PARIS = Button("Show CAF de Paris", "show", "#2")
SUGGEST = Button("Suggest an edit", "suggest", "#1")


def test_choices_are_picked_by_number_from_the_latest_or_a_given_offer() -> None:
    state = MemoryState()
    Choices(state).offer("!r", "$card1", [SUGGEST, SHOW_PARIS])
    Choices(state).offer("!r", "$card2", [SHOW_PARIS])

    after_restart = Choices(state)

    assert after_restart.pick("!r", 1) == SHOW_PARIS
    assert after_restart.pick("!r", 2, event_id="$card1") == SHOW_PARIS
    assert after_restart.pick("!r", 3, event_id="$card1") is None
    assert after_restart.pick("!other", 1) is None
    assert not after_restart.offers("!r", "$unknown")


def test_only_the_latest_offers_of_a_room_are_kept() -> None:
    choices = Choices(MemoryState())
    for n in range(KEEP + 5):
        choices.offer("!r", f"$card{n}", [SUGGEST])

    assert not choices.offers("!r", "$card0")
    assert choices.offers("!r", f"$card{KEEP + 4}")


async def test_rate_limited_send_waits_as_long_as_the_homeserver_asks() -> None:
    client = FakeClient(script=[rate_limited(1500), rate_limited(250)])
    waits: list[float] = []

    async def sleep(seconds: float) -> None:
        waits.append(seconds)

    state = MemoryState()
    sender = Sender(client=client, state=state, choices=Choices(state), sleep=sleep)

    event_id = await sender.send("!r", {"body": "hi"}, txn_id="re.1")

    assert event_id == "$event3"
    assert waits == [1.5, 0.25]
    assert {tx for _r, _t, _c, tx in client.sent} == {"re.1"}
    assert sender.pending == 0


async def test_a_reply_that_could_not_leave_stays_in_the_outbox_until_flushed() -> None:
    state = MemoryState()
    broken = FakeClient(script=[LocalProtocolError("No such room with id !r found.")])
    sender = Sender(client=broken, state=state, choices=Choices(state))

    assert await sender.send("!r", {"body": "hi"}, txn_id="re.1", buttons=[SUGGEST]) is None

    client = FakeClient()
    after_restart = Sender(client=client, state=state, choices=Choices(state))
    await after_restart.flush()
    await after_restart.close()

    assert client.sent[0] == ("!r", "m.room.message", {"body": "hi"}, "re.1")
    assert after_restart.pending == 0
    assert Choices(state).pick("!r", 1) == SUGGEST


async def test_a_final_refusal_is_dropped_not_retried_forever() -> None:
    state = MemoryState()
    refused = RoomSendError("not in room", "M_FORBIDDEN")
    client = FakeClient(script=[refused])
    sender = Sender(client=client, state=state, choices=Choices(state))

    with pytest.raises(SendRefused, match="M_FORBIDDEN"):
        await sender.send("!r", {"body": "hi"}, txn_id="re.1")
    assert len(client.sent) == 1
    assert sender.pending == 0


def test_session_is_kept_private_in_the_data_directory(tmp_path: Path) -> None:
    session = Session("http://hs", "@annuaire:localhost", "DEVICE1", "secret-token")
    save_session(tmp_path, session)

    assert load_session(tmp_path) == session
    assert stat.S_IMODE((tmp_path / "matrix-session.json").stat().st_mode) == 0o600
    assert load_session(tmp_path / "nowhere") is None


def test_settings_from_the_environment() -> None:
    settings = MatrixSettings(
        _env_file=None,  # type: ignore[call-arg]
        matrix_homeserver="https://matrix.example.org",
        matrix_user_id="@annuaire:example.org",
        matrix_access_token="syt_x",  # type: ignore[arg-type]
        matrix_allowed_inviters="@ana:other.org, example.org",  # type: ignore[arg-type]
    )

    assert settings.configured
    assert "syt_x" not in repr(settings)
    assert settings.invite_allowed("@bob:example.org")
    assert settings.invite_allowed("@ana:other.org")
    assert not settings.invite_allowed("@eve:other.org")
    assert not MatrixSettings(_env_file=None, matrix_homeserver="https://x").configured  # type: ignore[call-arg]
    assert MatrixSettings(_env_file=None).invite_allowed("@anyone:anywhere")  # type: ignore[call-arg]
