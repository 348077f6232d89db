"""Choices and the session survive restarts; what the homeserver answers a send becomes a
DeliveryError the outbox acts on."""

from __future__ import annotations

import stat
from datetime import timedelta
from pathlib import Path

import pytest
from nio import LocalProtocolError, RoomSendError

from adapters.matrix.choices import KEEP, Choices
from adapters.matrix.sender import Sender
from adapters.matrix.session import Session, load_session, save_session
from adapters.matrix.settings import MatrixSettings
from chatbot.delivery import DeliveryError
from chatbot.reply import Button, said_choice
from chatbot.services import MemoryState
from tests.adapters.matrix.fakes import FakeClient, rate_limited
from tests.harness import no_env

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


def test_the_choice_saying_yes_is_still_known_after_a_restart() -> None:
    state = MemoryState()
    remove = Button("Remove «CAF»", "remove", "#1 yes", yes=True)
    Choices(state).offer("!r", "$ask", [remove, SHOW_PARIS])

    offered = Choices(state).buttons("!r")

    assert offered == [remove, SHOW_PARIS]
    assert said_choice("oui", offered) == remove


def test_only_the_latest_offers_of_a_room_are_kept() -> None:
    choices = Choices(MemoryState())
    for n in range(KEEP + 5):
        choices.offer("!r", f"$card{n}", [SUGGEST])

    assert not choices.offers("!r", "$card0")
    assert choices.offers("!r", f"$card{KEEP + 4}")


async def test_a_rate_limit_tells_the_outbox_how_long_to_wait() -> None:
    client = FakeClient(script=[rate_limited(1500)])
    sender = Sender(client=client, choices=Choices(MemoryState()))

    with pytest.raises(DeliveryError) as raised:
        await sender.send("!r", {"body": "hi"}, txn_id="outbox.7")

    assert (raised.value.permanent, raised.value.retry_after) == (False, timedelta(seconds=1.5))
    assert len(client.sent) == 1  # one attempt: the outbox waits, holding nothing


async def test_a_room_not_synced_yet_is_worth_another_try() -> None:
    client = FakeClient(script=[LocalProtocolError("No such room with id !r found.")])
    sender = Sender(client=client, choices=Choices(MemoryState()))

    with pytest.raises(DeliveryError) as raised:
        await sender.send("!r", {"body": "hi"}, txn_id="outbox.7")
    assert not raised.value.permanent


@pytest.mark.parametrize(
    ("refusal", "permanent"),
    [
        (RoomSendError("not in room", "M_FORBIDDEN"), True),
        (RoomSendError("unknown room", "M_NOT_FOUND"), True),
        (RoomSendError("Internal server error", "M_UNKNOWN"), False),
        (RoomSendError("token expired", "M_UNKNOWN_TOKEN"), False),
    ],
)
async def test_refusals_are_permanent_or_not(refusal: RoomSendError, permanent: bool) -> None:
    client = FakeClient(script=[refusal])
    sender = Sender(client=client, choices=Choices(MemoryState()))

    with pytest.raises(DeliveryError, match=str(refusal.status_code)) as raised:
        await sender.send("!r", {"body": "hi"}, txn_id="outbox.7")
    assert raised.value.permanent is permanent
    assert len(client.sent) == 1


async def test_a_sent_message_offers_its_buttons_by_number() -> None:
    state = MemoryState()
    client = FakeClient()
    sender = Sender(client=client, choices=Choices(state))

    event_id = await sender.send("!r", {"body": "hi"}, txn_id="re.1", buttons=[SUGGEST])
    await sender.close()

    assert client.sent[0] == ("!r", "m.room.message", {"body": "hi"}, "re.1")
    assert Choices(state).pick("!r", 1, event_id=event_id) == SUGGEST


def test_session_is_kept_private_in_the_data_directory(tmp_path: Path) -> None:
    session = Session("http://hs", "@annuaire:localhost", "DEVICE1", "secret-token")
    save_session(tmp_path, session)

    assert load_session(tmp_path) == session
    assert stat.S_IMODE((tmp_path / "matrix-session.json").stat().st_mode) == 0o600
    assert load_session(tmp_path / "nowhere") is None


def test_settings_from_the_environment() -> None:
    settings = no_env(
        MatrixSettings,
        matrix_homeserver="https://matrix.example.org",
        matrix_user_id="@annuaire:example.org",
        matrix_access_token="syt_x",
        matrix_allowed_inviters="@ana:other.org, example.org",
    )

    assert settings.configured
    assert "syt_x" not in repr(settings)
    assert settings.invite_allowed("@bob:example.org")
    assert settings.invite_allowed("@ana:other.org")
    assert not settings.invite_allowed("@eve:other.org")
    assert not no_env(MatrixSettings, matrix_homeserver="https://x").configured
    assert no_env(MatrixSettings).invite_allowed("@anyone:anywhere")


def test_a_choice_with_its_own_number_is_picked_by_it() -> None:
    state = MemoryState()
    step_2, step_3 = Button("✓ 2", "done", "2", number=2), Button("✓ 3", "done", "3", number=3)
    Choices(state).offer("!r", "$steps", [step_2, step_3, SUGGEST])

    picked = Choices(state)
    assert [picked.pick("!r", n) for n in (1, 2, 3, 4)] == [
        None,
        Button("✓ 2", "done", "2"),
        Button("✓ 3", "done", "3"),
        SUGGEST,
    ]
