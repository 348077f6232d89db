"""The digest on Slack: its figures in the message, its chart uploaded to the same channel
(``files.getUploadURLExternal``, the upload URL, ``files.completeUploadExternal``)."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from app.wiring import App, build_app
from chatbot.ids import UserId
from tests.adapters.slack.conftest import Running, start_adapter
from tests.adapters.slack.slack_fake import FakeSlack
from tests.adapters.slack.test_slack_http import slash
from tests.harness import bot_settings

COORDINATOR = UserId("slack:U2147483697")  # the user of slash_command.txt
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@pytest.fixture
async def coordinated(fake: FakeSlack, tmp_path: Path) -> AsyncIterator[tuple[Running, App]]:
    settings = bot_settings(
        tmp_path,
        bot_demo_data=False,
        bot_coordinators=[COORDINATOR],
        digest_targets=["slack:C0COORD"],
    )
    app = build_app(settings)
    running = await start_adapter(
        fake,
        bot=app.bot,
        events=app.storage.events,
        router=app.router,
        answers=app.storage.shared_answers,
    )
    yield running, app
    await running.stop()
    app.storage.close()


async def test_digest_send_posts_the_figures_and_uploads_the_chart(
    coordinated: tuple[Running, App], fake: FakeSlack
) -> None:
    running, app = coordinated
    for count, text in enumerate(
        ("Vitre fêlée à l'accueil #site", "Imprimante en panne #materiel")
    ):
        status, _ = await running.post_form(slash(fake, text, command="/report"))
        assert status == 200
        await fake.wait_for("response_url", count + 1)  # saved before the next command
    await running.post_form(slash(fake, "send", command="/digest"))
    await fake.wait_for("response_url", 3)
    await app.sender.flush()

    posts = [c for c in fake.called("chat.postMessage") if c.args["channel"] == "C0COORD"]
    digest = posts[-1].args
    alt = "New reports by category: Equipment 1, Site or premises 1"
    assert alt in digest["text"]
    assert {"type": "mrkdwn", "text": alt, "verbatim": True} in [
        element for block in digest["blocks"] for element in block.get("elements", ())
    ]
    [asked] = await fake.wait_for("files.getUploadURLExternal")
    assert asked.args["filename"] == "digest.png" and asked.args["alt_txt"] == alt
    [uploaded] = fake.called("upload")
    assert fake.uploads[uploaded.args["file_id"]].startswith(PNG_SIGNATURE)
    [completed] = await fake.wait_for("files.completeUploadExternal")
    assert completed.args["channel_id"] == "C0COORD"
    assert [f["id"] for f in json.loads(completed.args["files"])] == [uploaded.args["file_id"]]


async def test_a_failed_upload_leaves_the_digest_delivered_once(
    coordinated: tuple[Running, App], fake: FakeSlack
) -> None:
    running, app = coordinated
    await running.post_form(slash(fake, "Vitre fêlée #site", command="/report"))
    await fake.wait_for("response_url")
    fake.fail("files.getUploadURLExternal", "not_allowed_token_type", times=5)
    await running.post_form(slash(fake, "send", command="/digest"))
    await fake.wait_for("response_url", 2)
    await app.sender.flush()
    await app.sender.flush()
    posts = [c for c in fake.called("chat.postMessage") if c.args["channel"] == "C0COORD"]
    assert len(posts) == 1 and "Site or premises 1" in posts[0].args["text"]
    assert fake.called("files.completeUploadExternal") == []
