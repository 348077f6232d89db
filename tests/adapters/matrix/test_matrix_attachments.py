"""Images with a report on Matrix, through a real Synapse: a volunteer uploads a screenshot
(``upload`` then ``m.image``) after reporting, in a plain room and in an encrypted one."""

from __future__ import annotations

import io
import json
from collections.abc import Awaitable, Callable
from typing import Any

from nio import UploadResponse

from adapters.matrix import convert
from chatbot.attachments import Attachment
from tests.adapters.matrix.conftest import BotRunner
from tests.adapters.matrix.volunteer import Volunteer

MakeBot = Callable[..., BotRunner]
MakeVolunteer = Callable[..., Awaitable[Volunteer]]

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f"
    b"\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xcf\xc0\xf0\x1f\x00\x05\x00\x01\xff\x89\x99=\x1d\x00"
    b"\x00\x00\x00IEND\xaeB`\x82"
)


async def send_image(volunteer: Volunteer, room: str, *, encrypted: bool) -> tuple[str, str, Any]:
    """Upload a PNG and send it as ``m.image``: (event id, mxc URI, decryption keys or None)."""
    uploaded, keys = await volunteer.client.upload(
        io.BytesIO(PNG),
        content_type="image/png",
        filename="porte.png",
        encrypt=encrypted,
        filesize=len(PNG),
    )
    assert isinstance(uploaded, UploadResponse), uploaded
    content: dict[str, Any] = {
        "msgtype": "m.image",
        "body": "porte.png",
        "info": {"mimetype": "image/png", "size": len(PNG), "w": 1, "h": 1},
    }
    if encrypted:
        assert keys is not None
        content["file"] = {**keys, "url": uploaded.content_uri}
    else:
        content["url"] = uploaded.content_uri
    event_id = await volunteer._send(room, "m.room.message", content)
    return event_id, uploaded.content_uri, keys


async def test_an_image_sent_after_a_report_is_attached_to_it(
    bot_runner: MakeBot, volunteers: MakeVolunteer
) -> None:
    bot = bot_runner()
    await bot.start()
    ana = await volunteers("ana")
    room = await ana.create_room(invite=(bot.user_id,))
    await ana.joined(room, bot.user_id)

    saved = await ana.answer_to(
        await ana.say(room, "!report La porte du local ne ferme plus #site")
    )
    assert "Report #1 is saved" in saved.body
    image, mxc, _keys = await send_image(ana, room, encrypted=False)
    added = await ana.answer_to(image)

    assert added.body == "📎 Added to report #1."
    [kept] = bot.app.storage.attachments.of(1)
    assert (kept.attachment.url, kept.attachment.file_id) == (mxc, mxc)
    assert (kept.attachment.name, kept.attachment.mime_type, kept.attachment.size) == (
        "porte.png",
        "image/png",
        len(PNG),
    )
    assert kept.attachment.decryption == ""
    assert kept.attached_by == f"matrix:{ana.user_id}"
    card = await ana.answer_to(await ana.say(room, "!anomaly 1"))
    assert f"📎 porte.png ({len(PNG)} B)" in card.body


async def test_an_image_of_an_encrypted_room_keeps_its_uri_and_keys_never_its_content(
    bot_runner: MakeBot, volunteers: MakeVolunteer
) -> None:
    bot = bot_runner(e2ee=True)
    await bot.start()
    ana = await volunteers("ana", e2ee=True)
    room = await ana.create_room(invite=(bot.user_id,), encrypted=True)
    await ana.joined(room, bot.user_id)

    await ana.answer_to(await ana.say(room, "!report L'imprimante affiche une erreur #materiel"))
    image, mxc, keys = await send_image(ana, room, encrypted=True)
    added = await ana.answer_to(image)

    assert added.decrypted
    assert added.body == "📎 Added to report #1."
    [kept] = bot.app.storage.attachments.of(1)
    assert kept.attachment.url == mxc
    decryption = json.loads(kept.attachment.decryption)
    assert decryption["url"] == mxc
    assert (decryption["key"], decryption["iv"], decryption["hashes"]) == (
        keys["key"],
        keys["iv"],
        keys["hashes"],
    )
    assert PNG.hex() not in kept.attachment.decryption


async def test_an_image_from_someone_else_or_without_a_report_is_left_alone(
    bot_runner: MakeBot, volunteers: MakeVolunteer
) -> None:
    bot = bot_runner()
    await bot.start()
    ana = await volunteers("ana")
    bob = await volunteers("bob")
    room = await ana.create_room(invite=(bot.user_id, bob.user_id))
    await ana.joined(room, bot.user_id)
    await bob.client.join(room)
    await ana.joined(room, bob.user_id)

    await ana.answer_to(await ana.say(room, "!report Le wifi ne marche plus #materiel"))
    image, _mxc, _keys = await send_image(bob, room, encrypted=False)
    after = await ana.answer_to(await ana.say(room, "!anomaly 1"))  # the bot got past the image

    assert "📎" not in after.body
    assert ana.answers_to(image) == []
    assert bot.app.storage.attachments.of(1) == []


def test_only_images_and_files_with_an_mxc_uri_become_attachments() -> None:
    image = {"msgtype": "m.image", "body": "a.png", "url": "mxc://hs/a", "info": {"size": 3}}
    assert convert.attachment(image) == Attachment(
        file_id="mxc://hs/a", name="a.png", size=3, url="mxc://hs/a"
    )
    named = {"msgtype": "m.file", "body": "legende", "filename": "devis.pdf", "url": "mxc://hs/d"}
    assert convert.attachment(named) == Attachment(
        file_id="mxc://hs/d", name="devis.pdf", url="mxc://hs/d"
    )
    assert convert.attachment({"msgtype": "m.text", "body": "hello"}) is None
    assert convert.attachment({"msgtype": "m.video", "url": "mxc://hs/v", "body": "v"}) is None
    assert convert.attachment({"msgtype": "m.image", "url": "https://x/a.png", "body": "a"}) is None
    assert convert.attachment({"msgtype": "m.image", "body": "a", "info": "odd"}) is None
