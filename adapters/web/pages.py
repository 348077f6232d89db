"""How a page of the cockpit is declared: ``@page(path, role=..., title=...)`` on a view.

A view is a plain synchronous function ``(WebRequest) -> str | Page`` returning the page's
main HTML (escaped with :func:`adapters.web.layout.esc`). It runs in one of the core's worker
threads (:class:`~chatbot.offloop.OffLoop`), so it may call the repositories of
``req.services`` directly. The server checks the session and the role (looked up again on
every request) before calling it: a page declared for coordinators answers 403 to volunteers,
and its nav link is shown to coordinators only.

A POST to a page runs a command for the signed-in identity (after the CSRF and Origin checks),
then renders the page with the command's reply in ``req.reply``: see
:func:`adapters.web.layout.command_form`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime

from chatbot.ids import UserId
from chatbot.reply import Reply
from chatbot.roles import Role
from chatbot.services import Services


@dataclass(frozen=True, kw_only=True)
class WebRequest:
    """What a view knows of the request: who is signed in, with which role, and the core."""

    user_id: UserId
    role: Role
    """Looked up in :class:`~chatbot.roles.RolePolicy` for this very request."""
    services: Services
    path: str
    """The path requested (``/report/12``): forms post back to it."""
    params: Mapping[str, str] = field(default_factory=dict)
    """The variable parts of the route (``{"number": "12"}`` for ``/report/{number}``)."""
    query: Mapping[str, str] = field(default_factory=dict)
    """The query string (``?status=new``), first value of each name."""
    csrf: str = ""
    """The session's form token; :func:`~adapters.web.layout.csrf_field` puts it in a form."""
    language: str = "fr"
    reply: Reply | None = None
    """The reply of the command this request posted, if it posted one."""
    asker: Callable[[str], Reply] | None = None
    """How :meth:`ask` runs a command (set by the server)."""
    form_key: bytes = b""
    """The session's key signing the commands of forms (:mod:`adapters.web.forms`)."""
    namer: Callable[[str], str] | None = None
    """How :meth:`name` finds a person's display name (set by the server)."""

    @property
    def is_coordinator(self) -> bool:
        return self.role >= Role.COORDINATOR

    def now(self) -> datetime:
        return self.services.clock.now()

    def ask(self, text: str) -> Reply:
        """The reply to ``text`` (``lookup caf``) run as a command typed by the signed-in
        person, with their role: the same search, cards and lists as chat. For reading: what
        changes something goes through a form (POST, CSRF checked)."""
        if self.asker is None:
            raise RuntimeError("this request cannot run commands")
        return self.asker(text)

    def name(self, user_id: str) -> str:
        """How the platform names ``user_id`` (``Ana``), else the id itself."""
        if not user_id or self.namer is None:
            return user_id
        return self.namer(user_id)


@dataclass(frozen=True)
class Page:
    """A view's result when it names its own title (``Report #12``)."""

    title: str
    body: str


View = Callable[[WebRequest], "str | Page"]


class PageNotFound(Exception):
    """Raised by a view for a thing that does not exist (or that this person may not see)."""


@dataclass(frozen=True, kw_only=True)
class PageRoute:
    path: str
    """An aiohttp route path: ``/reports``, ``/report/{number:\\d+}``."""
    view: View
    role: Role
    title: str
    """A message id (``N_("Reports")``), translated when shown."""
    nav: bool
    """Listed in the navigation (to those whose role allows it)."""
    order: int


class PageRegistry:
    def __init__(self) -> None:
        self.routes: list[PageRoute] = []

    def page(
        self,
        path: str,
        *,
        title: str,
        role: Role = Role.VOLUNTEER,
        nav: bool = False,
        order: int = 100,
    ) -> Callable[[View], View]:
        """Declare ``view`` as the page at ``path``, for ``role`` and above."""

        def register(view: View) -> View:
            if any(route.path == path for route in self.routes):
                raise ValueError(f"two pages at {path}")
            self.routes.append(
                PageRoute(path=path, view=view, role=role, title=title, nav=nav, order=order)
            )
            return view

        return register

    def nav(self, role: Role) -> list[PageRoute]:
        """The pages listed for someone of ``role``, in order."""
        shown = [route for route in self.routes if route.nav and route.role <= role]
        return sorted(shown, key=lambda route: route.order)


PAGES = PageRegistry()
page = PAGES.page
"""The decorator every page module uses: ``@page("/charts", title=N_("Charts"), ...)``."""
