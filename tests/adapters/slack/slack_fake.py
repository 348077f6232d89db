"""A fake Slack on 127.0.0.1: the Web API, response_url hooks and the Socket Mode WebSocket.

Every call is recorded; tests wait for calls with :meth:`FakeSlack.wait_for` (polling with a
timeout, never asserting on time). Also: helpers that sign HTTP requests like Slack does.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from aiohttp import WSMsgType, web

from adapters.slack.check import manifest_scopes

PAYLOADS = Path(__file__).parents[2] / "payloads" / "slack"
BOT_USER = "UBOT0001"
SIGNING_SECRET = "8f742231b10e8888abcd99yyyzzz85a5"
BOT_TOKEN = "xoxb-17653672481-19874698323-pdFZKVeTuE8sk7oOcBrzbqgy"
APP_TOKEN = "xapp-1-A0123456789-1234567890123-abcdefabcdef0123456789"


@dataclass
class Call:
    method: str
    args: dict[str, Any]
    headers: dict[str, str] = field(default_factory=dict)


class FakeSlack:
    def __init__(self) -> None:
        self.calls: list[Call] = []
        self.acks: list[dict[str, Any]] = []
        self._rate_limits: dict[str, list[int]] = {}
        self._errors: dict[str, list[tuple[str, int]]] = {}
        self._held: dict[str, asyncio.Event] = {}
        self.users: dict[str, str] = {}
        self.scopes: str | None = None
        """The ``x-oauth-scopes`` every answer carries (None: the manifest's, all granted)."""
        self.channels: dict[str, bool] = {}
        """Channel id -> whether the bot is a member, served by ``conversations.info``."""
        self.uploads: dict[str, bytes] = {}
        """File id -> the bytes uploaded to its URL (``files.getUploadURLExternal``)."""
        """Slack user id -> display name, served by ``users.info`` (others: user_not_found)."""
        self._runner: web.AppRunner | None = None
        self._sockets: list[web.WebSocketResponse] = []
        self.socket_ready = asyncio.Event()
        self.port = 0

    # -- lifecycle ---------------------------------------------------------------------------

    async def start(self) -> None:
        app = web.Application()
        app.add_routes(
            [
                web.post("/api/{method}", self._api),
                web.get("/api/{method}", self._api),  # users.info, conversations.info...
                web.post("/hooks/{rest:.*}", self._hook),
                web.post("/upload/{file_id}", self._upload),
                web.get("/link", self._socket),
            ]
        )
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = self._runner.addresses[0][1]

    async def stop(self) -> None:
        for ws in self._sockets:
            await ws.close()
        if self._runner:
            await self._runner.cleanup()

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api/"

    def hook_url(self, name: str = "T0001/1234/abcd") -> str:
        return f"http://127.0.0.1:{self.port}/hooks/{name}"

    # -- behaviour switches --------------------------------------------------------------------

    def rate_limit(self, method: str, *, times: int = 1, retry_after: int = 0) -> None:
        """Answer the next ``times`` calls of ``method`` with 429 and ``Retry-After``."""
        self._rate_limits[method] = [retry_after] * times

    def fail(self, method: str, error: str, *, times: int = 1, status: int = 200) -> None:
        """Answer the next ``times`` calls of ``method`` with ``{"ok": false, "error": ...}``."""
        self._errors[method] = [(error, status)] * times

    def hold(self, method: str) -> asyncio.Event:
        """Keep every call of ``method`` waiting (Slack hangs) until the returned event is set."""
        self._held[method] = asyncio.Event()
        return self._held[method]

    # -- inspection ----------------------------------------------------------------------------

    def called(self, method: str) -> list[Call]:
        return [c for c in self.calls if c.method == method]

    def posted(self, channel: str, *, thread_ts: str | None = None) -> list[Call]:
        """The ``chat.postMessage`` calls to ``channel``: top-level ones, or with ``thread_ts``
        the replies in that thread."""
        return [
            c
            for c in self.called("chat.postMessage")
            if c.args.get("channel") == channel and c.args.get("thread_ts") == thread_ts
        ]

    def ts_of(self, call: Call) -> str:
        """The ``ts`` Slack answered for the ``chat.postMessage`` ``call``."""
        posts = self.called("chat.postMessage")
        return f"1700000000.{posts.index(call) + 1:06d}"

    async def wait_for(self, method: str, count: int = 1, timeout: float = 10.0) -> list[Call]:
        """The first ``count`` calls of ``method``, waiting for them up to ``timeout``."""
        deadline = asyncio.get_running_loop().time() + timeout
        while len(self.called(method)) < count:
            if asyncio.get_running_loop().time() > deadline:
                seen = [c.method for c in self.calls]
                raise AssertionError(f"expected {count} {method} call(s); calls: {seen}")
            await asyncio.sleep(0.005)
        return self.called(method)[:count]

    # -- Web API -------------------------------------------------------------------------------

    async def _api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        args = await _read_args(request)
        headers = dict(request.headers)
        held = self._held.get(method)
        if held is not None:
            self.calls.append(Call(f"{method}:held", args, headers))
            await held.wait()
        errors = self._errors.get(method)
        if errors:
            error, status = errors.pop(0)
            self.calls.append(Call(f"{method}:{error}", args, headers))
            return web.json_response({"ok": False, "error": error}, status=status)
        pending = self._rate_limits.get(method)
        if pending:
            retry_after = pending.pop(0)
            self.calls.append(Call(f"{method}:429", args, headers))
            return web.json_response(
                {"ok": False, "error": "ratelimited"},
                status=429,
                headers={"Retry-After": str(retry_after)},
            )
        self.calls.append(Call(method, args, headers))
        scopes = self.scopes if self.scopes is not None else ",".join(sorted(manifest_scopes()))
        return web.json_response(self._answer(method, args), headers={"x-oauth-scopes": scopes})

    def _answer(self, method: str, args: dict[str, Any]) -> dict[str, Any]:
        match method:
            case "auth.test":
                return {
                    "ok": True,
                    "url": "https://benevoles.slack.com/",
                    "team": "Bénévoles",
                    "user": "annuaire",
                    "team_id": "T0001",
                    "user_id": BOT_USER,
                    "bot_id": "B0001",
                }
            case "conversations.open":
                return {"ok": True, "channel": {"id": "D" + str(args.get("users", "X"))[1:]}}
            case "chat.postMessage":  # a unique ts per message, as Slack's
                ts = f"1700000000.{len(self.called(method)):06d}"
                return {"ok": True, "channel": args.get("channel"), "ts": ts}
            case "chat.update":
                return {"ok": True, "channel": args.get("channel"), "ts": args.get("ts")}
            case "apps.connections.open":
                return {"ok": True, "url": f"ws://127.0.0.1:{self.port}/link"}
            case "files.getUploadURLExternal":
                file_id = f"F{len(self.called(method)):07d}"
                url = f"http://127.0.0.1:{self.port}/upload/{file_id}"
                return {"ok": True, "upload_url": url, "file_id": file_id}
            case "files.completeUploadExternal":
                files = json.loads(str(args.get("files", "[]")))
                return {
                    "ok": True,
                    "files": [{"id": f["id"], "title": f.get("title")} for f in files],
                }
            case "views.open":
                return {"ok": True, "view": {"id": "V0001"}}
            case "conversations.info":
                channel = str(args.get("channel", ""))
                if channel not in self.channels:
                    return {"ok": False, "error": "channel_not_found"}
                return {"ok": True, "channel": {"id": channel, "is_member": self.channels[channel]}}
            case "users.info":
                user = str(args.get("user", ""))
                if user not in self.users:
                    return {"ok": False, "error": "user_not_found"}
                name = self.users[user]
                profile = {"display_name": name, "real_name": f"{name} Martin"}
                return {"ok": True, "user": {"id": user, "name": name.lower(), "profile": profile}}
        return {"ok": True}

    async def _upload(self, request: web.Request) -> web.Response:
        """The upload URL that ``files.getUploadURLExternal`` hands out: keeps the bytes."""
        file_id = request.match_info["file_id"]
        self.uploads[file_id] = await request.read()
        self.calls.append(Call("upload", {"file_id": file_id}, dict(request.headers)))
        return web.Response(text=f"OK - {len(self.uploads[file_id])}")

    async def _hook(self, request: web.Request) -> web.Response:
        self.calls.append(Call("response_url", await request.json(), dict(request.headers)))
        return web.Response(text="ok")

    # -- Socket Mode ---------------------------------------------------------------------------

    async def _socket(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(autoping=True)
        await ws.prepare(request)
        self._sockets.append(ws)
        await ws.send_json(
            {"type": "hello", "num_connections": 1, "connection_info": {"app_id": "A0001"}}
        )
        self.socket_ready.set()
        async for message in ws:
            if message.type == WSMsgType.TEXT:
                self.acks.append(json.loads(message.data))
        return ws

    async def send_envelope(self, kind: str, payload: dict[str, Any], envelope_id: str) -> None:
        envelope = {
            "envelope_id": envelope_id,
            "type": kind,
            "payload": payload,
            "accepts_response_payload": kind != "events_api",
            "retry_attempt": 0,
            "retry_reason": "",
        }
        await self._sockets[-1].send_json(envelope)

    async def wait_for_ack(self, envelope_id: str, timeout: float = 10.0) -> dict[str, Any]:
        deadline = asyncio.get_running_loop().time() + timeout
        while True:
            for ack in self.acks:
                if ack.get("envelope_id") == envelope_id:
                    return ack
            if asyncio.get_running_loop().time() > deadline:
                raise AssertionError(f"no ack for {envelope_id}; acks: {self.acks}")
            await asyncio.sleep(0.005)


async def _read_args(request: web.Request) -> dict[str, Any]:
    if request.content_type == "application/json":
        data = await request.json()
        return dict(data)
    form = await request.post()
    args: dict[str, Any] = {}
    for key, value in form.items():
        text = str(value)
        if key in ("blocks", "view") and text.startswith(("[", "{")):
            args[key] = json.loads(text)
        else:
            args[key] = text
    args.update(request.query)
    return args


# -- requests as Slack signs them ----------------------------------------------------------------


def load(name: str) -> Any:
    return json.loads((PAYLOADS / name).read_text(encoding="utf-8"))


def load_text(name: str) -> str:
    return (PAYLOADS / name).read_text(encoding="utf-8").strip()


def signed_headers(
    body: str, *, secret: str = SIGNING_SECRET, timestamp: int | None = None
) -> dict[str, str]:
    """Slack's v0 signature: HMAC-SHA256 of ``v0:{timestamp}:{body}`` with the secret."""
    ts = str(int(time.time()) if timestamp is None else timestamp)
    digest = hmac.new(secret.encode(), f"v0:{ts}:{body}".encode(), hashlib.sha256).hexdigest()
    return {"X-Slack-Request-Timestamp": ts, "X-Slack-Signature": f"v0={digest}"}


def form_body(fields: dict[str, str]) -> str:
    return urlencode(fields)


def interactive_body(payload: dict[str, Any]) -> str:
    return urlencode({"payload": json.dumps(payload)})
