"""The digest on Matrix, through a real Synapse: its figures in the message, then its chart as
an ``m.image`` uploaded to the media repository (encrypted, keys in ``file``, in an encrypted
room)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from nio import MemoryDownloadResponse, RoomEncryptedImage, RoomMessageImage, RoomMessageText
from nio.crypto import decrypt_attachment

from chatbot.ids import UserId
from tests.adapters.matrix.conftest import BotRunner
from tests.adapters.matrix.volunteer import Volunteer

MakeBot = Callable[..., BotRunner]
MakeVolunteer = Callable[..., Awaitable[Volunteer]]
ALT = "New reports by category: Site or premises 1"


@pytest.mark.parametrize("encrypted", [False, True], ids=["plain room", "encrypted room"])
async def test_the_digest_arrives_with_its_chart_as_an_image(
    bot_runner: MakeBot, volunteers: MakeVolunteer, encrypted: bool
) -> None:
    bot = bot_runner(e2ee=encrypted)
    await bot.start()
    coline = await volunteers("coline", e2ee=encrypted)
    images = (RoomEncryptedImage,) if encrypted else (RoomMessageImage,)
    coline.client.add_event_callback(coline._on_event, images)
    room = await coline.create_room(invite=(bot.user_id,), encrypted=encrypted)
    await coline.joined(room, bot.user_id)
    bot.app.settings.bot_coordinators = [UserId(f"matrix:{coline.user_id}")]
    bot.app.settings.digest_targets = [f"matrix:{room}"]

    await coline.answer_to(await coline.say(room, "!report Vitre fêlée à l'accueil #site"))
    sent = await coline.answer_to(await coline.say(room, "!digest send"))
    assert sent.body == f"Digest sent to matrix:{room}."
    await bot.app.sender.flush()

    digest = await coline.wait_for(
        lambda r, e: r == room and isinstance(e, RoomMessageText) and e.sender == bot.user_id
    )
    image = await coline.wait_for(lambda r, e: r == room and isinstance(e, images))
    assert ALT in digest.body and "Site or premises 1" in digest.body
    content: dict[str, Any] = image.source["content"]
    assert (content["msgtype"], content["body"]) == ("m.image", ALT)
    assert content["info"] | {"size": 0} == {"mimetype": "image/png", "size": 0, "w": 600, "h": 300}
    uri = content["file"]["url"] if encrypted else content["url"]
    assert ("url" in content) is not encrypted
    downloaded = await coline.client.download(mxc=uri)
    assert isinstance(downloaded, MemoryDownloadResponse), downloaded
    data = downloaded.body
    if encrypted:
        assert not data.startswith(b"\x89PNG")  # the homeserver holds only ciphertext
        keys = content["file"]
        data = decrypt_attachment(data, keys["key"]["k"], keys["hashes"]["sha256"], keys["iv"])
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    if encrypted:
        assert digest.decrypted and image.decrypted  # neither went in clear
