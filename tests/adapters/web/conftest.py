"""The cockpit served to a test: ``web = WebClient(chat)``, ``web.sign_in("console:coline")``,
then ``page = web.get("/reports")``; ``page.status``, ``page.text``.

The pages run on the harness's bot (same database, clock and outbox as ``chat.say``); the
sign-in goes through the real ``web`` command and the link it sent in a direct message.
"""

from __future__ import annotations

import asyncio
import html
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
from multidict import CIMultiDictProxy

from adapters.web.server import Cockpit
from adapters.web.settings import WebSettings
from tests.harness import Chat, no_env

LINK = re.compile(r"https?://\S+/login/[A-Za-z0-9_-]+")
CSRF = re.compile(r'name="csrf" value="([^"]+)"')


@dataclass(frozen=True)
class Page:
    status: int
    text: str
    headers: CIMultiDictProxy[str]

    @property
    def csrf(self) -> str:
        """The form token this page's forms carry."""
        found = CSRF.search(self.text)
        assert found is not None, "no form on this page"
        return found.group(1)

    def form(self, command: str, **fields: str) -> dict[str, str]:
        """What this page's form for ``command`` posts (its token and signature), with
        ``fields`` (``args="fixed"``) filled in; fails when the page offers no such form."""
        value = html.escape(command, quote=True)
        found = re.search(
            rf'name="command" value="{re.escape(value)}"><input type="hidden" name="sig" '
            r'value="([0-9a-f]+)"',
            self.text,
        )
        assert found is not None, f"no form for {command!r} on this page"
        return {"csrf": self.csrf, "command": command, "sig": found.group(1), **fields}


def web_chat(data_dir: Path, *, language: str = "en", **values: Any) -> Chat:
    """The harness's bot with the cockpit set up (its links point to where a test serves it)."""
    return Chat(data_dir, language=language, web=no_env(WebSettings, bot_web_port=0, **values))


class WebClient:
    """An HTTP client (with its cookie jar) on the cockpit of ``chat``'s bot, run on the
    harness's loop: ``chat.say`` and the pages can alternate in one test."""

    def __init__(self, chat: Chat) -> None:
        self.chat = chat
        self._loop = chat._loop
        self.client: TestClient[web.Request, web.Application] = self._run(self._start())

    async def _start(self) -> TestClient[web.Request, web.Application]:
        app = Cockpit(bot=self.chat.app.bot, core=self.chat.app.core).application()
        client: TestClient[web.Request, web.Application] = TestClient(TestServer(app))
        await client.start_server()
        self.point_links_here(client)
        return client

    def point_links_here(self, client: TestClient[web.Request, web.Application] | None = None):
        """The links `web` sends name this server (again after ``chat.restart()``)."""
        sign_in = self.chat.app.services.web
        assert sign_in is not None
        sign_in.base_url = str((client or self.client).make_url("")).rstrip("/")

    def restart(self) -> None:
        """Stop the bot and the server; start both again on the same database, same cookies."""
        jar = self.client.session.cookie_jar
        self._run(self.client.close())
        self.chat.restart()

        async def again() -> TestClient[web.Request, web.Application]:
            app = Cockpit(bot=self.chat.app.bot, core=self.chat.app.core).application()
            client: TestClient[web.Request, web.Application] = TestClient(
                TestServer(app), cookie_jar=jar
            )
            await client.start_server()
            self.point_links_here(client)
            return client

        self.client = self._run(again())

    def _run(self, work: Any) -> Any:
        return self._loop.run_until_complete(work)

    def get(self, path: str, **headers: str) -> Page:
        return self._run(self._fetch("GET", path, None, headers))

    def post(self, path: str, data: dict[str, str], **headers: str) -> Page:
        """Post a form; then the outbox delivers what the command owes people, as after
        ``chat.say``."""
        page: Page = self._run(self._fetch("POST", path, data, headers))
        self.chat.deliver()
        return page

    async def _fetch(
        self, method: str, path: str, data: dict[str, str] | None, headers: dict[str, str]
    ) -> Page:
        sent = {name.replace("_", "-"): value for name, value in headers.items()}
        async with self.client.request(
            method, path, data=data, headers=sent, allow_redirects=True
        ) as response:
            return Page(response.status, await response.text(), response.headers)

    def link_for(self, user: str) -> str:
        """What ``user`` (``console:coline``) gets in a DM after typing ``web``: the link."""
        self.chat.say("web", user=user.removeprefix("console:"))
        sent = [text for to, text in self.chat.outbox.sent if to == user]
        assert sent, f"no message to {user}"
        found = LINK.search(sent[-1])
        assert found is not None, sent[-1]
        return found.group(0)

    def sign_in(self, user: str) -> Page:
        """Sign ``user`` in through the link the bot sent them; the home page they land on."""
        link = self.link_for(user)
        path = link.split("://", 1)[1].split("/", 1)[1]
        return self.post("/" + path, {})

    def close(self) -> None:
        self._run(self.client.close())


@pytest.fixture
def web_chat_bot(tmp_path: Path) -> Iterator[Chat]:
    bot = web_chat(tmp_path)
    yield bot
    bot.close()


@pytest.fixture
def cockpit(web_chat_bot: Chat) -> Iterator[WebClient]:
    """The cockpit of the harness's bot, no one signed in yet."""
    client = WebClient(web_chat_bot)
    yield client
    client.close()


def run_on(loop: asyncio.AbstractEventLoop, work: Any) -> Any:
    return loop.run_until_complete(work)
