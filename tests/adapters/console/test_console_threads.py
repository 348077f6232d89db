"""The console prints a thread reply and an edited card readably, each line with its
addressee, and names each message it prints so that threads and edits can point at it."""

from __future__ import annotations

import json

from adapters.console.adapter import ConsoleMessenger
from chatbot.ids import UserId
from chatbot.reply import Reply


async def test_thread_replies_and_edits_are_marked() -> None:
    lines: list[str] = []
    messenger = ConsoleMessenger(lines.append)
    root = await messenger.send_to_user(UserId("console:ada"), Reply.text("Urgent report #12"))
    assert root is not None
    reply = await messenger.send_in_thread(
        "console:ada", root, Reply.text("Report #12 acknowledged by coline."), to_user=True
    )
    await messenger.edit("console:ada", root, Reply.text("Urgent report #12 · ok"), to_user=True)

    assert lines == [
        "[→ ada] Urgent report #12",
        "[→ ada] ↳ Report #12 acknowledged by coline.",
        "[→ ada] ✎ Urgent report #12 · ok",
    ]
    assert len({root, reply}) == 2


async def test_as_json_the_lines_say_which_message_they_answer_or_edit() -> None:
    lines: list[str] = []
    messenger = ConsoleMessenger(lines.append, as_json=True)
    root = await messenger.send_to_user(UserId("console:ada"), Reply.text("card"))
    assert root is not None
    await messenger.send_in_thread("console:ada", root, Reply.text("ack"), to_user=True)
    await messenger.edit("console:ada", root, Reply.text("card, acked"), to_user=True)
    first, answer, edit = (json.loads(line) for line in lines)
    assert (answer["thread"], edit["edits"]) == (first["id"], first["id"])
