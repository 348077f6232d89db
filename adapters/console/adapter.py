"""A chat in the terminal: type commands, read replies, answer choices with their number."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import sys
import threading
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TextIO

from adapters.console.people import ConsolePeople
from adapters.console.render import render
from chatbot.bot import Bot, no_such_choice
from chatbot.i18n import _
from chatbot.ids import ConversationId, UserId, local_part, qualify
from chatbot.messages import Incoming
from chatbot.messenger import MessengerRouter
from chatbot.offloop import OffLoop
from chatbot.private_files import private_file
from chatbot.reply import Button, Reply, choice_numbers, said_choice, typed_choice
from chatbot.unreadable import printable, safe_output, tolerant_input

log = logging.getLogger(__name__)

PLATFORM = "console"
_QUIT_WORDS = {"quit", "exit", "quitter", "bye"}


class ConsoleMessenger:
    """Messages the bot sends on its own (notifications) are printed, marked with the addressee
    (with ``as_json``, as one ``{"to": ..., "reply": ...}`` object per line)."""

    def __init__(self, emit: Callable[[str], None], *, as_json: bool = False) -> None:
        self._emit = emit
        self._as_json = as_json
        self._posted = 0

    async def send_to_user(
        self, user_id: UserId, reply: Reply, *, key: str | None = None
    ) -> str | None:
        return self._print(user_id, reply)

    async def send_to_conversation(
        self, conversation_id: ConversationId, reply: Reply, *, key: str | None = None
    ) -> str | None:
        return self._print(conversation_id, reply)

    async def send_in_thread(
        self, recipient: str, root: str, reply: Reply, *, to_user: bool, key: str | None = None
    ) -> str | None:
        """Printed as an answer to the thread's root message: ``↳ Report #12 ...``."""
        return self._print(recipient, reply, mark="↳ ", extra={"thread": root})

    async def edit(
        self, recipient: str, message: str, reply: Reply, *, to_user: bool, key: str | None = None
    ) -> None:
        """Printed as the new content of an earlier message: ``✎ Urgent report #12 ...``."""
        self._print(recipient, reply, mark="✎ ", extra={"edits": message})

    def _print(
        self, recipient: str, reply: Reply, *, mark: str = "", extra: dict[str, str] | None = None
    ) -> str:
        """Print a message; returns its number, how threads and edits name it."""
        self._posted += 1
        if self._as_json:
            line = {"to": recipient, "reply": reply.to_json(), "id": str(self._posted)}
            self._emit(json.dumps({**line, **(extra or {})}, ensure_ascii=False))
        else:
            self._emit(f"[→ {local_part(recipient)}] {mark}{render(reply)}")
        return str(self._posted)


class ConsoleSession:
    """One person chatting with the bot; remembers the last choices offered to them."""

    def __init__(self, *, bot: Bot, user: str, private: bool = True) -> None:
        self.bot = bot
        self.user = user
        self.private = private
        self._choices: dict[int, Button] = {}
        """The choices offered last, by the number shown (see :func:`choice_numbers`)."""

    async def send(self, text: str) -> Reply:
        """Handle one typed line; a bare number (``2`` or ``!2``) picks an offered choice."""
        choice = typed_choice(text)
        if choice is not None:
            picked = self._choices.get(choice)
        else:
            picked = said_choice(text, self._choices.values())
        if picked is not None:
            reply = await self.bot.handle(self._incoming(picked.command_line, is_action=True))
        else:
            offered = tuple(self._choices)
            unoffered = no_such_choice(choice, offered) if choice and offered else None
            if unoffered is not None:
                return unoffered  # the choices stay offered
            reply = await self.bot.handle(self._incoming(text))
        self._choices = dict(zip(choice_numbers(reply.buttons), reply.buttons, strict=True))
        return reply

    def _incoming(self, text: str, *, is_action: bool = False) -> Incoming:
        conversation = f"{self.user}" if self.private else "channel"
        return Incoming(
            text=text,
            sender_id=UserId(qualify(PLATFORM, self.user)),
            sender_name=self.user,
            conversation_id=ConversationId(qualify(PLATFORM, conversation)),
            platform=PLATFORM,
            private=self.private,
            is_action=is_action,
        )


class ConsoleAdapter:
    """Reads lines from ``stdin`` until end of input (Ctrl-D) and prints each reply.

    On a terminal it shows a prompt and keeps a history; otherwise each line is one message and,
    with ``as_json``, each reply is printed as one JSON object per line. Unless ``as_json``, a
    first line says when the directory is the demo one.
    """

    def __init__(
        self,
        *,
        bot: Bot,
        router: MessengerRouter,
        core: OffLoop,
        user: str,
        private: bool = True,
        as_json: bool = False,
        stdin: TextIO | None = None,
        stdout: TextIO | None = None,
        history_file: Path | None = None,
    ) -> None:
        self.session = ConsoleSession(bot=bot, user=user, private=private)
        self.core = core
        """Lines are handled off the loop that Slack and Matrix, in the same process, answer on;
        one at a time, in the order typed: each is awaited before the next is read."""
        self.as_json = as_json
        # Bytes that are not UTF-8 get an answer (see chatbot.unreadable), never a traceback.
        self.stdin = tolerant_input(stdin or sys.stdin)
        self.stdout = safe_output(stdout or sys.stdout, utf8=as_json)
        self.history_file = history_file
        router.register(PLATFORM, ConsoleMessenger(self._print, as_json=as_json))
        router.register_people(PLATFORM, ConsolePeople())

    @property
    def interactive(self) -> bool:
        return self.stdin.isatty() and self.stdout.isatty()

    def _print(self, text: str) -> None:
        print(printable(text), file=self.stdout, flush=True)

    async def start(self) -> None:
        if self.interactive:
            _enable_history(self.history_file)
            self._print(
                _("Hello {user}! Type help to see what I can do; Ctrl-D to quit.").format(
                    user=self.session.user
                )
            )
        if not self.as_json and self.session.bot.services.directory.holds_demo():
            self._print(_("Demo directory: import yours with chatbot directory import file.csv"))
        await self._serve()

    async def _serve(self) -> None:
        while True:
            line = await _in_daemon_thread(self._read_line)
            if line is None or line.strip().lower() in _QUIT_WORDS:
                break
            if not line.strip():
                continue
            reply = await self.core.run(partial(self.session.send, line))
            if self.as_json:
                self._print(json.dumps(reply.to_json(), ensure_ascii=False))
            else:
                self._print(render(reply) + ("\n" if self.interactive else ""))

    async def stop(self) -> None:
        """Nothing to close: the loop ends with the input."""

    def _read_line(self) -> str | None:
        if self.interactive:
            try:
                return input("> ")
            except EOFError:
                self._print("")
                return None
        line = self.stdin.readline()
        return line.rstrip("\n") if line else None


async def _in_daemon_thread(read: Callable[[], str | None]) -> str | None:
    """``read()`` in a daemon thread: unlike ``asyncio.to_thread``, a stop (SIGTERM, Ctrl-C)
    never waits at exit for a line that may never come."""
    loop = asyncio.get_running_loop()
    future: asyncio.Future[str | None] = loop.create_future()

    def settle(line: str | None, error: BaseException | None) -> None:
        if future.done():
            return
        if error is not None:
            future.set_exception(error)
        else:
            future.set_result(line)

    def work() -> None:
        line, error = None, None
        try:
            line = read()
        except BaseException as exc:  # handed to the awaiting coroutine
            error = exc
        with contextlib.suppress(RuntimeError):  # the loop closed meanwhile: nobody waits
            loop.call_soon_threadsafe(settle, line, error)

    threading.Thread(target=work, name="console-input", daemon=True).start()
    return await future


def _enable_history(history_file: Path | None) -> None:
    """Arrow-key editing and a history kept across sessions, where readline exists."""
    try:
        import atexit
        import readline
    except ImportError:  # Windows without pyreadline
        return
    if history_file is None:
        return
    with contextlib.suppress(FileNotFoundError, OSError):
        private_file(history_file)  # what was typed: internal numbers, names
        readline.read_history_file(history_file)
    readline.set_history_length(1000)
    atexit.register(readline.write_history_file, history_file)
