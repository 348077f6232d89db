"""Security of the cockpit: response headers, the Origin check on every POST, the session
cookie, and an access log that never shows a sign-in token."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from aiohttp import web
from aiohttp.abc import AbstractAccessLogger
from aiohttp.typedefs import Handler

CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'none'; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cache-Control": "no-store",
}


def cookie_name(*, secure: bool) -> str:
    """``__Host-`` makes browsers refuse the cookie from a subdomain or over plain HTTP."""
    return "__Host-cockpit" if secure else "cockpit"


def set_session_cookie(response: web.StreamResponse, value: str, *, secure: bool, max_age: int):
    response.set_cookie(
        cookie_name(secure=secure),
        value,
        max_age=max_age,
        path="/",
        httponly=True,
        secure=secure,
        samesite="Strict",
    )


def clear_session_cookie(response: web.StreamResponse, *, secure: bool) -> None:
    response.del_cookie(cookie_name(secure=secure), path="/")


def origin_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


def same_origin(request: web.Request, base_url: str) -> bool:
    """Whether a POST comes from the cockpit's own pages. Browsers say where a form was sent
    from in ``Sec-Fetch-Site`` and ``Origin`` (``null`` under ``Referrer-Policy: no-referrer``):
    another site's form is refused on either. A client sending neither (not a browser) still
    needs the session's CSRF token."""
    origin = request.headers.get("Origin")
    site = request.headers.get("Sec-Fetch-Site")
    if origin is not None and origin != "null":
        expected = {origin_of(base_url)} if base_url else set()
        expected.add(f"{request.scheme}://{request.host}".lower())
        if origin.lower() not in expected:
            return False
    if site is not None:
        return site in ("same-origin", "none")
    return origin != "null"


@web.middleware
async def security_headers(request: web.Request, handler: Handler) -> web.StreamResponse:
    try:
        response = await handler(request)
    except web.HTTPException as error:
        for name, value in HEADERS.items():
            error.headers.setdefault(name, value)
        raise
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
    return response


_TOKEN_IN_PATH = re.compile(r"^/login/[^/?]+")


def redacted(path: str) -> str:
    """``/login/<token>`` as ``/login/…``: access logs never hold a sign-in token."""
    return _TOKEN_IN_PATH.sub("/login/…", path)


class RedactingAccessLogger(AbstractAccessLogger):
    def log(self, request: web.BaseRequest, response: web.StreamResponse, time: float) -> None:
        self.logger.info(
            "%s %s %s %.3fs", request.method, redacted(request.path), response.status, time
        )
