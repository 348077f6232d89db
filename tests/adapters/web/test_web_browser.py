"""The cockpit in a real browser: Debian's Chromium, driven by Playwright (never its own
downloaded browsers). A coordinator signs in through the link the bot sent in the console
harness, resolves a report from its page, and the reporter hears of it in chat; a volunteer
gets 403 on a coordinator page. Screenshots of each page go to ``BOT_WEB_SCREENSHOTS`` (or
the test's temporary folder), printed at the end."""

from __future__ import annotations

import asyncio
import contextvars
import os
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

import pytest

from adapters.web.adapter import WebAdapter
from tests.adapters.web.conftest import LINK, web_chat
from tests.harness import Chat

if TYPE_CHECKING:
    from playwright.sync_api import Browser, ViewportSize

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
OTHER_PAGES = ("/directory", "/directory/stale", "/directory/print", "/charts", "/onboarding")
"""Pages of the cockpit photographed too when they exist."""
PHONE: ViewportSize = {"width": 390, "height": 844}
DESKTOP: ViewportSize = {"width": 1280, "height": 900}

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(), reason="needs Debian's chromium (apt-get install chromium)"
)


class ServedCockpit:
    """The cockpit served for real (``WebAdapter``) from a thread of its own, while the test
    chats with the same bot on the harness's loop."""

    def __init__(self, chat: Chat) -> None:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()
        self.adapter = WebAdapter(bot=chat.app.bot, core=chat.app.core, settings=chat.web)
        asyncio.run_coroutine_threadsafe(self.adapter.listen(), self.loop).result(timeout=10)

    def close(self) -> None:
        asyncio.run_coroutine_threadsafe(self.adapter.stop(), self.loop).result(timeout=10)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(timeout=10)
        self.loop.close()


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Chat]:
    chat = web_chat(tmp_path / "bot")
    cockpit = ServedCockpit(chat)
    try:
        yield chat
    finally:
        cockpit.close()
        chat.close()


@pytest.fixture
def browser() -> Iterator[Browser]:
    sync_api = pytest.importorskip("playwright.sync_api", reason="needs playwright (dev extras)")
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            yield launched
        finally:
            launched.close()


@pytest.fixture
def screenshots(tmp_path: Path) -> Iterator[Path]:
    folder = Path(os.environ.get("BOT_WEB_SCREENSHOTS") or tmp_path / "screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    yield folder
    print(f"\ncockpit screenshots: {folder}")


T = TypeVar("T")


def aside(work: Callable[[], T]) -> T:
    """``work()`` in a thread of its own: Playwright runs an event loop on this one, and the
    harness's loop cannot run inside it."""
    context = contextvars.copy_context()  # the language the test speaks comes along
    with ThreadPoolExecutor(max_workers=1) as thread:
        return thread.submit(context.run, work).result(timeout=30)


def say(chat: Chat, text: str, *, user: str) -> str:
    return aside(lambda: chat.say(text, user=user))


def link_sent_to(chat: Chat, user: str) -> str:
    """The sign-in link in the direct message the bot sent ``user`` after they typed web."""
    assert "private message" in say(chat, "web", user=user)
    dms = [text for to, text in chat.outbox.sent if to == f"console:{user}"]
    found = LINK.search(dms[-1])
    assert found is not None, dms[-1]
    return found.group(0)


def test_a_coordinator_resolves_a_report_in_the_browser_and_the_reporter_is_told(
    served: Chat, browser: Browser, screenshots: Path
) -> None:
    chat = served
    assert "is saved" in say(chat, "report the <b>front</b> door is broken #site", user="victor")
    page = browser.new_page(viewport=PHONE, locale="en-GB")
    page.goto(link_sent_to(chat, "coline"))
    with page.expect_navigation():
        page.get_by_role("button", name="Sign in").click()
    assert "console:coline · coordinator" in page.inner_text("header")
    page.screenshot(path=str(screenshots / "home.png"), full_page=True)
    base = page.url.rstrip("/")
    for path in ("/board", "/reports"):
        assert (response := page.goto(base + path)) is not None
        assert response.status == 200
        page.screenshot(path=str(screenshots / f"{path.strip('/')}.png"), full_page=True)
    page.get_by_role("link", name="#1").click()
    assert page.inner_text("p.report-text") == "the <b>front</b> door is broken"  # as text
    page.screenshot(path=str(screenshots / "report-1.png"), full_page=True)
    page.get_by_label("Resolution note").fill("new lock fitted")
    page.get_by_role("button", name="Resolve").click()
    assert "Report #1 resolved." in page.inner_text("[role=status]")
    page.screenshot(path=str(screenshots / "report-1-resolved.png"), full_page=True)
    for path in (*OTHER_PAGES, "/report/1", "/nope"):  # on a phone (no sideways scroll), then wide
        page.goto(base + path)
        name = path.strip("/").replace("/", "-")
        page.screenshot(path=str(screenshots / f"{name}.png"), full_page=True)
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], path
        page.set_viewport_size(DESKTOP)
        page.screenshot(path=str(screenshots / f"{name}-desktop.png"), full_page=True)
        page.set_viewport_size(PHONE)
    aside(chat.deliver)
    told = [text for to, text in chat.outbox.sent if to == "console:victor"]
    assert any("is resolved: new lock fitted" in text for text in told), told


def test_a_volunteer_gets_403_on_a_coordinator_page_in_the_browser(
    served: Chat, browser: Browser, screenshots: Path
) -> None:
    page = browser.new_page(locale="en-GB")
    page.goto(link_sent_to(served, "victor"))
    with page.expect_navigation():
        page.get_by_role("button", name="Sign in").click()
    assert page.get_by_role("link", name="Open reports").count() == 0
    page.screenshot(path=str(screenshots / "volunteer-home.png"), full_page=True)
    response = page.goto(page.url.rstrip("/") + "/board")
    assert response is not None
    assert response.status == 403
    page.screenshot(path=str(screenshots / "volunteer-403.png"), full_page=True)
