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
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from aiohttp import web
from aiohttp.typedefs import Handler

from adapters.web.forms import SIGNATURE_FIELD, signed
from adapters.web.layout import ARGS_FIELD, COMMAND_FIELD, CSRF_FIELD, button, esc, para, shell
from adapters.web.pages import PAGES, Page, PageNotFound, PageRoute, WebRequest
from adapters.web.render import render
from adapters.web.security import (
    clear_session_cookie,
    cookie_name,
    redacted,
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
    shown_as: str = ""
    """Who is signed in, as the header says it: ``Ana (slack:U0ANA)``."""


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
        app = web.Application(middlewares=[security_headers, self.error_pages])
        app.router.add_get("/static/web.css", self.stylesheet)
        app.router.add_get("/favicon.ico", self.no_icon)
        app.router.add_get("/login/{token}", self.login_page)
        app.router.add_post("/login/{token}", self.login)
        app.router.add_post("/logout", self.logout)
        app.router.add_get("/signed-out", self.signed_out)
        app.router.add_post("/language", self.language)
        for route in PAGES.routes:
            app.router.add_get(route.path, self._page_handler(route))  # and HEAD
            app.router.add_post(route.path, self._page_handler(route))
        return app

    # -- sign-in --------------------------------------------------------------------------

    async def stylesheet(self, _request: web.Request) -> web.StreamResponse:
        response = web.FileResponse(STATIC / "web.css")
        response.headers["Cache-Control"] = "max-age=3600"
        return response

    async def no_icon(self, _request: web.Request) -> web.Response:
        """Browsers ask for it on every page: nothing, rather than a 404 page each time."""
        return web.Response(status=204, headers={"Cache-Control": "max-age=86400"})

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
            if not self._offered(form, signed):
                log.info("web: refused a command no form offered to %s", user_id)
                body = para(
                    _("This action is not offered on this page. Reload the page and try again.")
                )
                return self._page_html(signed, request, _("Not allowed"), body, status=400)
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
            form_key=signed.session.form_key.encode(),
            namer=self._namer(),
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

    def _offered(self, form: dict[str, str], signed_in: SignedInRequest) -> bool:
        """Whether the posted command is one a form of ours carried (:mod:`adapters.web.forms`)."""
        command = form.get(COMMAND_FIELD, "")
        args = form.get(ARGS_FIELD, "").strip()
        signature = form.get(SIGNATURE_FIELD, "")
        key = signed_in.session.form_key.encode()
        return signed(key, signed_in.session.csrf, command, args, signature)

    def _namer(self) -> Callable[[str], str]:
        """Display names for one request's view (in its worker), each asked once."""
        people = self.bot.services.people
        known: dict[str, str] = {}

        def name(user_id: str) -> str:
            if user_id not in known:
                try:
                    known[user_id] = asyncio.run(people.display_name(UserId(user_id))) or user_id
                except Exception:
                    log.exception("web: could not name %s", user_id)
                    known[user_id] = user_id
            return known[user_id]

        return name

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
        return SignedInRequest(cookie, session, role, language, await self._shown_as(session))

    async def _shown_as(self, session: WebSession) -> str:
        user_id = session.user_id
        try:
            name = await self.bot.services.people.display_name(user_id)
        except Exception:
            log.exception("web: could not name %s", user_id)
            name = user_id
        return user_id if not name or name == user_id else f"{name} ({user_id})"

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

    def _language(self, _request: web.Request, session: WebSession | None) -> str:
        """The language chosen on the page, else the bot's (``BOT_LANGUAGE``), as in chat: the
        browser's settings are not asked."""
        if session is not None and session.language in available_languages():
            return session.language
        return self.bot.services.settings.bot_language

    # -- error pages ----------------------------------------------------------------------

    @web.middleware
    async def error_pages(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        """Unknown paths, methods and failures answered in the page shell, translated."""
        try:
            return await handler(request)
        except (web.HTTPNotFound, web.HTTPMethodNotAllowed, web.HTTPInternalServerError) as error:
            if error.content_type == "text/html":
                raise  # one of ours, already a page
            status = error.status
            allowed = error.headers.get("Allow") if status == 405 else None
        except web.HTTPException:
            raise
        except Exception:
            log.exception("web: %s %s failed", request.method, redacted(request.path))
            status, allowed = 500, None
        page = await self._error_page(request, status)
        if allowed:
            page.headers["Allow"] = allowed
        return page

    async def _error_page(self, request: web.Request, status: int) -> web.Response:
        titles = {404: _("Not found"), 405: _("Not allowed"), 500: _("Something went wrong")}
        session = None
        cookie = request.cookies.get(cookie_name(secure=self.sign_in.secure), "")
        if cookie:
            try:
                now = self.bot.services.clock.now()
                session = await self.core.call(self.sign_in.session, cookie, at=now)
            except Exception:
                log.exception("web: no session for an error page")
        language = self._language(request, session)
        set_language(language)
        title = titles.get(status, _("Not found"))
        texts = {
            404: _("Nothing here."),
            405: _("This page cannot be used that way."),
            500: _("Sorry, this page failed. Try again in a moment."),
        }
        home = _("Back to the cockpit's home")
        body = para(texts.get(status, texts[404])) + f'<p><a href="/">{esc(home)}</a></p>'
        if session is None:
            return self._html(shell(title=title, body=body, language=language), status=status)
        role = await self.core.call(self.bot.services.roles.of, session.user_id)
        signed_in = SignedInRequest(cookie, session, role, language, await self._shown_as(session))
        return self._page_html(signed_in, request, title, body, status=status)

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
            user_id=signed.shown_as or signed.session.user_id,
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
