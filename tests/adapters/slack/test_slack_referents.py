"""Referents on a card through Slack (signed requests, fake Web API): an internal referent in a
direct message, never in a channel; a public one in both."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from app.wiring import App
from chatbot.directory import Referent
from chatbot.ids import UserId
from tests.adapters.slack.slack_fake import FakeSlack
from tests.adapters.slack.test_slack_http import event, slash


def _give_the_caf_referents(app: App) -> None:
    directory = app.storage.directory
    caf = directory.get_by_name("Caisse d'allocations familiales (CAF)")
    assert caf is not None and caf.id is not None
    referents = (
        Referent(name="Jean Dupont", function="directeur", phone="01 23 45 67 89"),
        Referent(name="Léa Martin", email="lea.martin@caf.fr", public=True),
    )
    directory.update(
        caf.id, {"referents": referents}, actor=UserId("slack:U0COORD"), at=datetime.now(UTC)
    )


async def test_internal_referents_show_in_a_dm_never_in_a_channel(
    real: tuple[Any, App], fake: FakeSlack
) -> None:
    running, app = real
    _give_the_caf_referents(app)
    await running.post_form(slash(fake, "caf"))
    await running.post_json(json.dumps(event("message_im.json", text="lookup caf")))

    [in_channel] = await fake.wait_for("response_url", timeout=30)  # the index is built first
    [in_dm] = await fake.wait_for("chat.postMessage", timeout=30)
    channel = json.dumps(in_channel.args, ensure_ascii=False)
    dm = json.dumps(in_dm.args, ensure_ascii=False)
    assert "Jean Dupont" in dm and "01 23 45 67 89" in dm
    assert "Jean Dupont" not in channel and "01 23 45 67 89" not in channel
    assert "Léa Martin" in channel and "lea.martin@caf.fr" in dm


async def test_a_dm_lookup_by_an_internal_referents_name_finds_the_entry(
    real: tuple[Any, App], fake: FakeSlack
) -> None:
    running, app = real
    _give_the_caf_referents(app)
    await running.post_form(slash(fake, "dupont"))
    await running.post_json(json.dumps(event("message_im.json", text="lookup dupont")))

    [in_channel] = await fake.wait_for("response_url", timeout=30)
    [in_dm] = await fake.wait_for("chat.postMessage")
    assert "No entry found" in in_channel.args["text"]
    assert "Caisse d'allocations familiales" in in_dm.args["text"]
