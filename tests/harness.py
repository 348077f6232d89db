"""Drive the real bot like a user would, from tests: ``assert "3230" in chat.say("lookup caf")``.

The bot is the one `chatbot run` builds (real storage on a temporary SQLite file, real commands,
demo directory), with a settable clock and a messenger that records what the bot sends on its
own for every platform. The functions below :class:`Chat` speak to it from any platform, report
platform events and run its scheduled jobs.
"""

from __future__ import annotations

import asyncio
import json
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar

import pytest
from pydantic_settings import BaseSettings

from adapters.console.adapter import ConsoleSession
from adapters.console.render import render
from adapters.web.settings import WebSettings
from app.platforms import prefixes
from app.wiring import App, build_app
from chatbot.attachments import Attachment
from chatbot.formats.directory_csv import CsvImportError, read_entries
from chatbot.ids import ConversationId, UserId, local_part, platform_of
from chatbot.messages import Incoming
from chatbot.reply import Button, Reply
from chatbot.settings import Settings

ADMIN = "ada"
COORDINATOR = "coline"
ANA_SLACK = "slack:U0ANA"
BOB_MATRIX = "matrix:@bob:example.org"
VICTOR = "console:victor"
COORDINATORS = ["console:ada", "console:coline"]
NUDGES = "onboarding-nudges"
"""The onboarding job, run every quarter of an hour (and at start-up)."""
MONDAY_9_PARIS = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)
"""The harness speaks Europe/Paris (BOT_TIMEZONE default): 08:00 UTC is 09:00 there."""
PAYLOADS = Path(__file__).parent / "payloads"


S = TypeVar("S", bound=BaseSettings)


def no_env(kind: type[S], **values: Any) -> S:
    """Settings of ``kind`` from ``values`` and the environment only: no ``.env`` file."""
    return kind(_env_file=None, **values)


def bot_settings(data_dir: Path, **values: Any) -> Settings:
    """The bot's settings for a test: its SQLite database in ``data_dir``, English, no ``.env``;
    ``values`` add or override settings."""
    return no_env(
        Settings,
        **{
            "database_url": f"sqlite:///{data_dir / 'bot.sqlite3'}",
            "bot_data_dir": data_dir,
            "bot_language": "en",
            **values,
        },
    )


class FakeClock:
    def __init__(self, start: datetime) -> None:
        self.current = start

    def now(self) -> datetime:
        return self.current

    def advance(self, **delta: float) -> None:
        self.current += timedelta(**delta)


@dataclass
class RecordingMessenger:
    """Keeps (recipient, plain text) of every message the bot sends unprompted (``sent``:
    top-level; ``in_thread``: (recipient, root, text) of thread replies; ``edits``: (recipient,
    message, text) of messages edited in place). Message references are ``m1``, ``m2``..."""

    sent: list[tuple[str, str]] = field(default_factory=list)
    in_thread: list[tuple[str, str, str]] = field(default_factory=list)
    edits: list[tuple[str, str, str]] = field(default_factory=list)
    refs: dict[tuple[str, str], str] = field(default_factory=dict)
    """The reference of each top-level message: (recipient, text) -> ``m<n>`` (the latest)."""

    async def send_to_user(
        self, user_id: UserId, reply: Reply, *, key: str | None = None
    ) -> str | None:
        return self._post(user_id, reply)

    async def send_to_conversation(
        self, conversation_id: ConversationId, reply: Reply, *, key: str | None = None
    ) -> str | None:
        return self._post(conversation_id, reply)

    async def send_in_thread(
        self, recipient: str, root: str, reply: Reply, *, to_user: bool, key: str | None = None
    ) -> str | None:
        self.in_thread.append((recipient, root, reply.plain_text()))
        return f"m{len(self.sent) + len(self.in_thread)}"

    async def edit(
        self, recipient: str, message: str, reply: Reply, *, to_user: bool, key: str | None = None
    ) -> None:
        self.edits.append((recipient, message, reply.plain_text()))

    def _post(self, recipient: str, reply: Reply) -> str:
        self.sent.append((recipient, reply.plain_text()))
        ref = f"m{len(self.sent) + len(self.in_thread)}"
        self.refs[(recipient, reply.plain_text())] = ref
        return ref


class Chat:
    def __init__(
        self,
        data_dir: Path,
        *,
        language: str = "en",
        demo: bool = True,
        web: WebSettings | None = None,
    ) -> None:
        self.clock = FakeClock(datetime(2026, 11, 23, 9, 0, tzinfo=UTC))
        self.web = web or no_env(WebSettings)
        """The web cockpit's settings: unset (no ``BOT_WEB_PORT``), `web` says so."""
        self.settings = bot_settings(
            data_dir,
            bot_language=language,
            bot_demo_data=demo,
            bot_admins=[UserId(f"console:{ADMIN}")],
            bot_coordinators=[UserId(f"console:{COORDINATOR}")],
        )
        self.outbox = RecordingMessenger()
        self._loop = asyncio.new_event_loop()
        self.app = self._build()
        self._sessions: dict[tuple[str, bool], ConsoleSession] = {}

    def _build(self) -> App:
        app = build_app(self.settings, clock=self.clock, web=self.web)
        for platform in prefixes():
            app.router.register(platform, self.outbox)
        return app

    def reply(self, text: str, *, user: str = "victor", private: bool = True) -> Reply:
        session = self._sessions.get((user, private))
        if session is None:
            session = ConsoleSession(bot=self.app.bot, user=user, private=private)
            self._sessions[(user, private)] = session
        reply = self._loop.run_until_complete(session.send(text))
        self.deliver()
        return reply

    def deliver(self) -> int:
        """Let the outbox send what the bot owes people (the runner does it continuously)."""
        return self._loop.run_until_complete(self.app.sender.flush())

    def say(self, text: str, *, user: str = "victor", private: bool = True) -> str:
        """What ``user`` reads after typing ``text`` (in a DM unless ``private=False``)."""
        return render(self.reply(text, user=user, private=private))

    def reply_to(self, text: str, *, user: str = "victor", answered_privately: bool) -> str:
        """What ``user`` reads after typing ``text`` in a shared channel, the answer shown to
        them alone when ``answered_privately`` (as Slack does for slash commands)."""
        incoming = Incoming(
            text=text,
            sender_id=UserId(f"console:{user}"),
            sender_name=user,
            conversation_id=ConversationId("console:channel"),
            platform="console",
            private=False,
            answered_privately=answered_privately,
        )
        return render(self._loop.run_until_complete(self.app.bot.handle(incoming)))

    def restart(self) -> None:
        """Stop and start the bot on the same database, as after a crash or an upgrade."""
        self.app.storage.close()
        self.app = self._build()
        self._sessions.clear()

    def close(self) -> None:
        self.app.storage.close()
        self._loop.close()


class Names:
    """How a platform names people (``chatbot.ports.People``); the id of anyone it does not
    know (the console names no one)."""

    def __init__(self, names: dict[str, str]) -> None:
        self.names = names

    async def display_name(self, user_id: UserId) -> str:
        return self.names.get(user_id, user_id)


def name_people(chat: Chat, **names: str) -> Chat:
    """Name console users as a platform would: ``name_people(chat, paul="Paul Martin")``."""
    console = {f"console:{user}": name for user, name in names.items()}
    chat.app.router.register_people("console", Names(console))
    return chat


@contextmanager
def fresh_chat(*, language: str = "en", demo: bool = True) -> Iterator[Chat]:
    """A bot of its own on a new database, closed after: for a hypothesis example, which a
    function-scoped fixture would share with every other example of the test."""
    with tempfile.TemporaryDirectory(prefix="chat-") as folder:
        chat = Chat(Path(folder), language=language, demo=demo)
        try:
            yield chat
        finally:
            chat.close()


def say_as(
    chat: Chat,
    user: str,
    text: str,
    *,
    conversation: str | None = None,
    permalink: str | None = None,
    is_action: bool = False,
    attachments: tuple[Attachment, ...] = (),
) -> str:
    """What ``user`` (a qualified id such as ``slack:U0ANA``) reads after typing ``text`` on
    their own platform (with ``attachments``: the files sent with it); the outbox then
    delivers what the bot owes people."""
    reply = reply_to(
        chat,
        user,
        text,
        conversation=conversation,
        permalink=permalink,
        is_action=is_action,
        attachments=attachments,
    )
    return render(reply)


def reply_to(
    chat: Chat,
    user: str,
    text: str,
    *,
    conversation: str | None = None,
    permalink: str | None = None,
    is_action: bool = False,
    attachments: tuple[Attachment, ...] = (),
) -> Reply:
    """The bot's reply to ``text`` (or, with ``is_action``, a click) from ``user`` in
    ``conversation``, by default their direct messages on their own platform."""
    platform = platform_of(user)
    incoming = Incoming(
        text=text,
        sender_id=UserId(user),
        sender_name=local_part(user),
        conversation_id=ConversationId(conversation or f"{platform}:dm-{local_part(user)}"),
        platform=platform,
        private=conversation is None,
        is_action=is_action,
        permalink=permalink,
        attachments=attachments,
    )
    reply = chat._loop.run_until_complete(chat.app.bot.handle(incoming))
    chat.deliver()
    return reply


def click(chat: Chat, button: Button, user: str) -> str:
    """A click on ``button`` by ``user`` (qualified id): the Incoming every adapter builds."""
    return reply_to(chat, user, button.command_line, is_action=True).plain_text()


def observe(chat: Chat, event: object) -> None:
    """An adapter reporting a platform fact, as ``bot.observe`` is called in production."""
    chat._loop.run_until_complete(chat.app.bot.observe(event))
    chat.deliver()


def run_job(chat: Chat, name: str, *, deliver: bool = False) -> None:
    """Run a scheduled job as the scheduler would (at its time, or at start-up); with
    ``deliver``, the outbox then sends what it queued."""
    [job] = [j for j in chat.app.bot.registry.jobs if j.name == name]
    chat._loop.run_until_complete(job.run(chat.app.services))
    if deliver:
        chat.deliver()


def sent_to(chat: Chat, recipient: str) -> list[str]:
    """The texts the bot sent ``recipient`` on its own, oldest first."""
    return [text for who, text in chat.outbox.sent if who == recipient]


def at_paris(chat: Chat, day: int, hour: int, minute: int = 0) -> None:
    """Set the clock to November ``day``, 2026, at ``hour:minute`` Paris time (UTC+1)."""
    chat.clock.current = datetime(2026, 11, day, hour - 1, minute, tzinfo=UTC)


def csv_errors(source: Path | bytes) -> list[tuple[int, str]]:
    """The (line, message) of every problem a directory CSV import reports in ``source``."""
    with pytest.raises(CsvImportError) as caught:
        read_entries(source)
    return [(error.line, error.message) for error in caught.value.errors]


def payload(name: str) -> dict[str, Any]:
    """A recorded platform event from ``tests/payloads/``."""
    data: dict[str, Any] = json.loads((PAYLOADS / name).read_text(encoding="utf-8"))
    return data
