"""The cockpit's aiohttp application: sign-in, sessions, then every declared page.

Each request finds its session (cookie -> :class:`~chatbot.web.WebSignIn`), looks the role up
again, and runs the page's view in a core worker. A POST to a page is a command typed by the
signed-in person (CSRF token and Origin checked first), run through the same
:class:`~chatbot.bot.Bot` as chat: same roles, history and notifications.
"""

from __future__ import annotations

import asyncio
import functools
import importlib
import importlib.util
import logging
from dataclasses import dataclass
from pathlib import Path

from aiohttp import web
from aiohttp.typedefs import Handler

from adapters.web.layout import ARGS_FIELD, COMMAND_FIELD, CSRF_FIELD, button, esc, para, shell
from adapters.web.pages import PAGES, Page, PageNotFound, PageRoute, WebRequest
from adapters.web.render import render
from adapters.web.security import (
    clear_session_cookie,
    cookie_name,
    same_origin,
    security_headers,
    set_session_cookie,
)
from chatbot.bot import Bot
from chatbot.i18n import _, available_languages, set_language
from chatbot.ids import ConversationId, UserId, local_part, platform_of
from chatbot.messages import Incoming
from chatbot.offloop import OffLoop
from chatbot.ports.web import WebSession
from chatbot.reply import Reply
from chatbot.roles import Role
from chatbot.web import WebSignIn

log = logging.getLogger(__name__)

STATIC = Path(__file__).parent / "static"
PAGE_MODULES = (
    "adapters.web.home_pages",
    "adapters.web.reports_pages",
    "adapters.web.directory_pages",
    "adapters.web.charts_pages",
    "adapters.web.onboarding_pages",
)
"""Modules declaring pages (``@page``), imported when the server is built; one not written
yet is skipped."""


def load_pages() -> None:
    for name in PAGE_MODULES:
        if importlib.util.find_spec(name) is not None:
            importlib.import_module(name)


@dataclass(frozen=True)
class SignedInRequest:
    cookie: str
    session: WebSession
    role: Role
    language: str


class Cockpit:
    """The handlers, around one bot and the process's core workers."""

    def __init__(self, *, bot: Bot, core: OffLoop) -> None:
        self.bot = bot
        self.core = core
        web_sign_in = bot.services.web
        if web_sign_in is None:
            raise ValueError("the web cockpit needs the bot's sign-in links (services.web)")
        self.sign_in: WebSignIn = web_sign_in

    def application(self) -> web.Application:
        load_pages()
        app = web.Application(middlewares=[security_headers])
        app.router.add_get("/static/web.css", self.stylesheet)
        app.router.add_get("/login/{token}", self.login_page)
        app.router.add_post("/login/{token}", self.login)
        app.router.add_post("/logout", self.logout)
        app.router.add_get("/signed-out", self.signed_out)
        app.router.add_post("/language", self.language)
        for route in PAGES.routes:
            app.router.add_route("GET", route.path, self._page_handler(route))
            app.router.add_route("POST", route.path, self._page_handler(route))
        return app

    # -- sign-in --------------------------------------------------------------------------

    async def stylesheet(self, _request: web.Request) -> web.StreamResponse:
        response = web.FileResponse(STATIC / "web.css")
        response.headers["Cache-Control"] = "max-age=3600"
        return response

    async def login_page(self, request: web.Request) -> web.Response:
        """A button, not the sign-in itself: link previews (Slack's unfurler) fetch the link
        with GET, and must not use it up."""
        language = self._language(request, None)
        set_language(language)
        body = (
            para(_("This link signs you in to the cockpit, once."))
            + f'<form method="post" action="{esc(request.path)}">'
            + button(_("Sign in"))
            + "</form>"
        )
        return self._html(shell(title=_("Sign in"), body=body, language=language))

    async def login(self, request: web.Request) -> web.Response:
        language = self._language(request, None)
        set_language(language)
        if not same_origin(request, self.sign_in.base_url):
            return self._refused(language)
        token = request.match_info["token"]
        signed_in = await self.core.call(
            self.sign_in.sign_in, token, at=self.bot.services.clock.now()
        )
        if signed_in is None:
            log.info("web: a sign-in link was refused (unknown, expired or already used)")
            body = para(
                _("This link has expired or was already used. Type web in chat to get a new one.")
            )
            return self._html(shell(title=_("Sign in"), body=body, language=language), status=403)
        log.info("web: %s signed in", signed_in.session.user_id)
        response = web.HTTPSeeOther("/")
        lifetime = int(self.sign_in.session_lifetime.total_seconds())
        set_session_cookie(response, signed_in.cookie, secure=self.sign_in.secure, max_age=lifetime)
        raise response

    async def logout(self, request: web.Request) -> web.Response:
        signed = await self._signed_in(request)
        await self._checked_form(request, signed)
        await self.core.call(self.sign_in.sign_out, signed.cookie)
        response = web.HTTPSeeOther("/signed-out")
        clear_session_cookie(response, secure=self.sign_in.secure)
        raise response

    async def signed_out(self, request: web.Request) -> web.Response:
        language = self._language(request, None)
        set_language(language)
        body = para(_("You are signed out. Type web in chat to sign in again."))
        return self._html(shell(title=_("Signed out"), body=body, language=language))

    async def language(self, request: web.Request) -> web.Response:
        signed = await self._signed_in(request)
        form = await self._checked_form(request, signed)
        chosen = str(form.get("language", ""))
        if chosen in available_languages():
            await self.core.call(self.sign_in.set_language, signed.cookie, chosen)
        back = str(form.get("next", "/"))
        local = back.startswith("/") and back[1:2] not in ("/", "\\")  # never //other.site
        raise web.HTTPSeeOther(back if local else "/")

    # -- pages ----------------------------------------------------------------------------

    def _page_handler(self, route: PageRoute) -> Handler:
        async def handle(request: web.Request) -> web.StreamResponse:
            return await self._page(request, route)

        return handle

    async def _page(self, request: web.Request, route: PageRoute) -> web.StreamResponse:
        signed = await self._signed_in(request)
        user_id = signed.session.user_id
        if signed.role < route.role:
            log.info("web: refused %s to %s (%s)", route.path, user_id, signed.role.name)
            body = para(_("This page is for coordinators."))
            return self._page_html(signed, request, _("Not allowed"), body, status=403)
        reply = None
        if request.method == "POST":
            form = await self._checked_form(request, signed)
            reply = await self._run_command(user_id, _command_line(form))
        req = WebRequest(
            user_id=user_id,
            role=signed.role,
            services=self.bot.services,
            path=request.path,
            params=dict(request.match_info),
            query={name: request.query[name] for name in request.query},
            csrf=signed.session.csrf,
            language=signed.language,
            reply=reply,
            asker=functools.partial(self._ask, user_id),
        )
        try:
            result = await self.core.call(route.view, req)
        except PageNotFound:
            body = para(_("Nothing here."))
            return self._page_html(signed, request, _("Not found"), body, status=404)
        page = result if isinstance(result, Page) else Page(_(route.title), result)
        notice = "" if reply is None else render(reply, req)
        return self._page_html(signed, request, page.title, page.body, notice=notice)

    async def _run_command(self, user_id: UserId, text: str) -> Reply:
        return await self.core.run(lambda: self.bot.handle(_incoming(user_id, text)))

    def _ask(self, user_id: UserId, text: str) -> Reply:
        """For views, in their core worker (no loop runs there): ``text`` run as a command."""
        return asyncio.run(self.bot.handle(_incoming(user_id, text)))

    # -- sessions and checks --------------------------------------------------------------

    async def _signed_in(self, request: web.Request) -> SignedInRequest:
        cookie = request.cookies.get(cookie_name(secure=self.sign_in.secure), "")
        now = self.bot.services.clock.now()
        session = await self.core.call(self.sign_in.session, cookie, at=now) if cookie else None
        if session is None:
            language = self._language(request, None)
            set_language(language)
            body = para(_("To sign in, type web in chat: the bot sends you a link."))
            page = shell(title=_("Sign in"), body=body, language=language)
            raise web.HTTPUnauthorized(text=page, content_type="text/html")
        role = await self.core.call(self.bot.services.roles.of, session.user_id)
        language = self._language(request, session)
        set_language(language)
        return SignedInRequest(cookie, session, role, language)

    async def _checked_form(self, request: web.Request, signed: SignedInRequest) -> dict[str, str]:
        """The posted form, after the Origin check and the session's CSRF token (else 403)."""
        posted = await request.post()
        form = {name: value for name, value in posted.items() if isinstance(value, str)}
        if not same_origin(request, self.sign_in.base_url) or form.get(CSRF_FIELD) != (
            signed.session.csrf
        ):
            log.info("web: refused a form post for %s (origin or token)", signed.session.user_id)
            raise web.HTTPForbidden(text=self._refusal(signed.language), content_type="text/html")
        return form

    def _language(self, request: web.Request, session: WebSession | None) -> str:
        """The session's choice, else the browser's first language we speak, else the bot's."""
        available = available_languages()
        if session is not None and session.language in available:
            return session.language
        for part in request.headers.get("Accept-Language", "").split(","):
            code = part.split(";")[0].strip().lower()[:2]
            if code in available:
                return code
        return self.bot.services.settings.bot_language

    def _refusal(self, language: str) -> str:
        body = para(_("This form could not be checked. Reload the page and try again."))
        return shell(title=_("Not allowed"), body=body, language=language)

    def _refused(self, language: str) -> web.Response:
        return self._html(self._refusal(language), status=403)

    def _page_html(
        self,
        signed: SignedInRequest,
        request: web.Request,
        title: str,
        body: str,
        *,
        status: int = 200,
        notice: str = "",
    ) -> web.Response:
        page = shell(
            title=title,
            body=body,
            language=signed.language,
            user_id=signed.session.user_id,
            role=signed.role,
            csrf=signed.session.csrf,
            notice=notice,
            path=request.path_qs,
        )
        return self._html(page, status=status)

    @staticmethod
    def _html(page: str, *, status: int = 200) -> web.Response:
        return web.Response(text=page, status=status, content_type="text/html")


def _command_line(form: dict[str, str]) -> str:
    command = str(form.get(COMMAND_FIELD, "")).strip()
    args = str(form.get(ARGS_FIELD, "")).replace("\r\n", "\n").strip()
    return f"{command} {args}".strip()


def _incoming(user_id: UserId, text: str) -> Incoming:
    """A click on a page: a command typed by ``user_id``, in a direct conversation."""
    platform = platform_of(user_id)
    return Incoming(
        text=text,
        sender_id=user_id,
        sender_name=local_part(user_id),
        conversation_id=ConversationId(f"{platform}:web"),
        platform=platform,
        private=True,
        is_action=True,
    )
