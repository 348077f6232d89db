"""How fast does Slack get its ack for ``/lookup caf``, compared with a bare bolt app?

Three processes on loopback: a fake Slack Web API (answers auth.test and the response_url
posts), the server under test, and this client sending correctly signed slash commands.
Servers measured, one after the other:

- bare bolt, default (``process_before_response=False``: bolt polls for the ack every 10 ms);
- bare bolt, ``process_before_response=True`` (the fastest a bolt app can ack);
- the chatbot's SlackAdapter (real bot, demo directory on SQLite), which acks then runs the
  lookup and posts the answer to response_url in the background.

Figures: the ``views.open`` latency of a burst of concurrent form-opening commands (``/report``
alone opens a modal; Slack's trigger_id lives 3 s), from the command sent to the fake Web API
receiving ``views.open``, against a bare bolt app opening a modal at once; p50 and p99 of the
HTTP response time, sequential requests either "idle" (each sent
once the previous answer reached the fake, so the server is not busy with earlier work) or
back to back; sustained requests per second at a concurrency; the same ack path timed in
process without sockets (``async_dispatch``); and whether every answer reached the fake
Slack. Ratios = chatbot / each bare bolt (target <= 1.3). Loopback figures below a
millisecond are noisy on a shared machine: run it more than once.

    .venv/bin/python bench/slack_ack.py [--requests 1000] [--concurrency 16] [--burst 40]
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import hmac
import itertools
import multiprocessing as mp
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
SECRET = "bench-signing-secret"
TOKEN = "xoxb-bench-token"


# -- child processes ---------------------------------------------------------------------------


def run_fake(port_out: Any) -> None:
    from aiohttp import web

    answered = 0
    opened: dict[str, float] = {}  # trigger_id -> when views.open arrived (time.monotonic)

    async def api(request: web.Request) -> web.Response:
        if request.match_info["m"] == "views.open":
            json_body = request.content_type == "application/json"
            args = await request.json() if json_body else await request.post()
            opened[str(args["trigger_id"])] = time.monotonic()
            return web.json_response({"ok": True, "view": {"id": "V1"}})
        await request.read()
        return web.json_response(
            {"ok": True, "user_id": "UBOT", "bot_id": "B1", "team_id": "T1", "ts": "1.0"}
        )

    async def hook(request: web.Request) -> web.Response:
        nonlocal answered
        await request.read()
        answered += 1
        return web.Response(text="ok")

    async def count(request: web.Request) -> web.Response:
        return web.json_response({"answered": answered, "opened": opened})

    async def main() -> None:
        app = web.Application()
        app.add_routes(
            [web.post("/api/{m}", api), web.post("/hooks/{r:.*}", hook), web.get("/count", count)]
        )
        runner = web.AppRunner(app, access_log=None)
        await runner.setup()
        await web.TCPSite(runner, "127.0.0.1", 0).start()
        port_out.put(runner.addresses[0][1])
        await asyncio.Event().wait()

    asyncio.run(main())


def run_server(kind: str, api_url: str, port_out: Any) -> None:
    sys.path.insert(0, str(ROOT))
    import logging

    logging.basicConfig(level=logging.WARNING)
    asyncio.run(_serve(kind, api_url, port_out))


async def _serve(kind: str, api_url: str, port_out: Any) -> None:
    from aiohttp import web
    from slack_bolt.async_app import AsyncApp
    from slack_sdk.web.async_client import AsyncWebClient

    if kind == "chatbot":
        from pydantic import SecretStr

        from adapters.slack.adapter import SlackAdapter
        from adapters.slack.settings import SlackSettings
        from app.wiring import build_app
        from chatbot.settings import Settings

        data = Path(tempfile.mkdtemp(prefix="slack-bench-"))
        chatbot = build_app(
            Settings(
                _env_file=None,  # type: ignore[call-arg]
                database_url=f"sqlite:///{data / 'bench.sqlite3'}",
                bot_data_dir=data,
                bot_language="en",
            )
        )
        adapter = SlackAdapter(
            bot=chatbot.bot,
            router=chatbot.router,
            settings=SlackSettings(
                _env_file=None,  # type: ignore[call-arg]
                slack_bot_token=SecretStr(TOKEN),
                slack_signing_secret=SecretStr(SECRET),
                slack_port=0,
                slack_api_url=api_url,
            ),
            events=chatbot.storage.events,
            answers=chatbot.storage.shared_answers,
            core=chatbot.core,
        )
        task = asyncio.create_task(adapter.start())
        await adapter.ready.wait()
        port_out.put(adapter.port)
        await task
        return

    bolt = AsyncApp(
        client=AsyncWebClient(token=TOKEN, base_url=api_url),
        signing_secret=SECRET,
        process_before_response=kind == "bare-pbr",
    )

    @bolt.command("/lookup")
    async def empty(ack: Any) -> None:
        await ack()

    @bolt.command("/report")
    async def form(ack: Any, body: dict[str, Any], client: AsyncWebClient) -> None:
        await ack()
        await client.views_open(trigger_id=body["trigger_id"], view=BARE_VIEW)

    runner = web.AppRunner(bolt.web_app(path="/slack/events"), access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    port_out.put(runner.addresses[0][1])
    await asyncio.Event().wait()


# -- client --------------------------------------------------------------------------------------


def signed(body: str) -> dict[str, str]:
    ts = str(int(time.time()))
    digest = hmac.new(SECRET.encode(), f"v0:{ts}:{body}".encode(), hashlib.sha256).hexdigest()
    return {
        "X-Slack-Request-Timestamp": ts,
        "X-Slack-Signature": f"v0={digest}",
        "Content-Type": "application/x-www-form-urlencoded",
    }


def signed_lower(body: str) -> dict[str, str]:
    return {k.lower(): v for k, v in signed(body).items()}


BARE_VIEW = {"type": "modal", "title": {"type": "plain_text", "text": "Report"}, "blocks": []}


_SENT = itertools.count()


def slash_body(
    fake_port: int, n: int, *, command: str = "/lookup", text: str = "caf", trigger: str = ""
) -> str:
    """A slash command; its ``trigger_id`` is new each time (the chatbot skips a trigger_id
    it saw: a retry)."""
    return urlencode(
        {
            "token": "verification-token",
            "team_id": "T1",
            "channel_id": "C1",
            "channel_name": "accueil",
            "user_id": f"U{n % 50:04d}",
            "user_name": "volunteer",
            "command": command,
            "text": text,
            "response_url": f"http://127.0.0.1:{fake_port}/hooks/commands/T1/{n}",
            "trigger_id": trigger or f"{n}.{next(_SENT)}.abc",
            "api_app_id": "A1",
        }
    )


async def measure(
    url: str, fake_port: int, requests: int, concurrency: int, *, answers: bool
) -> dict[str, float]:
    """``answers``: the server posts one answer per request to the fake (the chatbot does)."""
    import aiohttp

    async with aiohttp.ClientSession() as session:

        async def one(n: int) -> float:
            body = slash_body(fake_port, n)
            start = time.perf_counter()
            async with session.post(url, data=body.encode(), headers=signed(body)) as response:
                await response.read()
                if response.status != 200:
                    raise RuntimeError(f"HTTP {response.status}")
            return time.perf_counter() - start

        async def count() -> int:
            async with session.get(f"http://127.0.0.1:{fake_port}/count") as response:
                return int((await response.json())["answered"])

        for n in range(50):  # warm-up: auth.test, caches, connections
            await one(n)
        idle = []  # each request reaches a server that finished the previous one's work
        for n in range(requests):
            expected = await count() + 1 if answers else 0
            idle.append(await one(n))
            while answers and await count() < expected:
                await asyncio.sleep(0.001)
            await asyncio.sleep(0.005)  # let every process settle; not part of any figure
        back_to_back = [await one(n) for n in range(requests)]

        queue = iter(range(requests))

        async def worker() -> None:
            for n in queue:
                await one(n)

        start = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        elapsed = time.perf_counter() - start
    return {
        **percentiles("idle", idle),
        **percentiles("b2b", back_to_back),
        "rps": requests / elapsed,
    }


async def burst(url: str, fake_port: int, size: int, rounds: int) -> dict[str, float]:
    """``rounds`` bursts of ``size`` concurrent ``/report`` (alone: opens a modal); each
    command's time from sent to the fake receiving its ``views.open``."""
    import aiohttp

    async with aiohttp.ClientSession() as session:

        async def opened() -> dict[str, float]:
            async with session.get(f"http://127.0.0.1:{fake_port}/count") as response:
                return dict((await response.json())["opened"])

        async def one(n: int) -> tuple[str, float]:
            trigger = f"{n}.{next(_SENT)}.form"
            body = slash_body(fake_port, n, command="/report", text="", trigger=trigger)
            sent = time.monotonic()
            async with session.post(url, data=body.encode(), headers=signed(body)) as response:
                await response.read()
                if response.status != 200:
                    raise RuntimeError(f"HTTP {response.status}")
            return trigger, sent

        latencies: list[float] = []
        missing = 0
        for round_ in range(rounds + 1):  # the first round warms up
            first = 100_000 + round_ * size
            sent = dict(await asyncio.gather(*(one(first + i) for i in range(size))))
            deadline = time.monotonic() + 30
            seen = await opened()
            while any(t not in seen for t in sent) and time.monotonic() < deadline:
                await asyncio.sleep(0.01)
                seen = await opened()
            if round_:
                latencies += [seen[t] - s for t, s in sent.items() if t in seen]
                missing += sum(t not in seen for t in sent)
            await asyncio.sleep(0.2)  # the chatbot files nothing for a form: little to settle
    return {**percentiles("open", latencies), "open_max": max(latencies) * 1000, "lost": missing}


def percentiles(name: str, seconds: list[float]) -> dict[str, float]:
    ordered = sorted(seconds)
    return {
        f"{name}_p50": statistics.median(ordered) * 1000,
        f"{name}_p99": ordered[max(0, int(len(ordered) * 0.99) - 1)] * 1000,
    }


async def answered(fake_port: int) -> int:
    import aiohttp

    async with (
        aiohttp.ClientSession() as session,
        session.get(f"http://127.0.0.1:{fake_port}/count") as response,
    ):
        return int((await response.json())["answered"])


async def wait_answers(fake_port: int, expected: int, timeout: float = 120) -> float:
    """Seconds until the fake Slack received ``expected`` answers in total."""
    start = time.perf_counter()
    while await answered(fake_port) < expected:
        if time.perf_counter() - start > timeout:
            break
        await asyncio.sleep(0.02)
    return time.perf_counter() - start


async def dispatch_times(
    kind: str, api_url: str, fake_port: int, requests: int
) -> dict[str, float]:
    """The ack path alone, without sockets: time of ``async_dispatch`` of a signed /lookup.

    The chatbot's background work (lookup, answer to the fake) runs between requests, untimed.
    """
    from aiohttp import ClientSession
    from slack_bolt.async_app import AsyncApp
    from slack_bolt.request.async_request import AsyncBoltRequest

    from adapters.slack.app import SlackHandlers, build_bolt_app, web_client
    from adapters.slack.messenger import SlackMessenger

    async with ClientSession() as session:
        client = web_client(TOKEN, api_url, session)
        handlers = None
        if kind == "chatbot":
            from app.wiring import build_app
            from chatbot.settings import Settings

            data = Path(tempfile.mkdtemp(prefix="slack-bench-"))
            chatbot = build_app(
                Settings(
                    _env_file=None,  # type: ignore[call-arg]
                    database_url=f"sqlite:///{data / 'bench.sqlite3'}",
                    bot_data_dir=data,
                    bot_language="en",
                )
            )
            handlers = SlackHandlers(
                bot=chatbot.bot,
                client=client,
                messenger=SlackMessenger(client),
                events=chatbot.storage.events,
                answers=chatbot.storage.shared_answers,
                bot_user_id="UBOT",
                core=chatbot.core,
            )
            bolt = build_bolt_app(handlers, client=client, signing_secret=SECRET)
        else:
            bolt = AsyncApp(
                client=client, signing_secret=SECRET, process_before_response=kind == "bare-pbr"
            )

            @bolt.command("/lookup")
            async def empty(ack: Any) -> None:
                await ack()

        times = []
        for n in range(50 + requests):
            body = slash_body(fake_port, n)
            headers: dict[str, str | Sequence[str]] = dict(signed_lower(body))
            request = AsyncBoltRequest(body=body, headers=headers)
            start = time.perf_counter()
            response = await bolt.async_dispatch(request)
            if n >= 50:
                times.append(time.perf_counter() - start)
            if response.status != 200:
                raise RuntimeError(f"HTTP {response.status}")
            if handlers is not None:
                await handlers.background.drain()
        return percentiles("dispatch", times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=1000)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--burst", type=int, default=40, help="concurrent form-opening commands")
    parser.add_argument("--bursts", type=int, default=5)
    args = parser.parse_args()

    ctx = mp.get_context("spawn")
    ports: Any = ctx.Queue()
    fake = ctx.Process(target=run_fake, args=(ports,), daemon=True)
    fake.start()
    fake_port = ports.get(timeout=30)
    api_url = f"http://127.0.0.1:{fake_port}/api/"

    results: dict[str, dict[str, float]] = {}
    for kind in ("bare", "bare-pbr", "chatbot"):
        server = ctx.Process(target=run_server, args=(kind, api_url, ports), daemon=True)
        server.start()
        try:
            port = ports.get(timeout=60)
            url = f"http://127.0.0.1:{port}/slack/events"
            opening = asyncio.run(burst(url, fake_port, args.burst, args.bursts))
            before = asyncio.run(answered(fake_port))
            results[kind] = opening | asyncio.run(
                measure(url, fake_port, args.requests, args.concurrency, answers=kind == "chatbot")
            )
            dispatch_requests = 200 if kind == "bare" else args.requests
            results[kind] |= asyncio.run(
                dispatch_times(kind, api_url, fake_port, dispatch_requests)
            )
            if kind == "chatbot":
                total = 50 + 3 * args.requests
                results[kind]["drain_s"] = asyncio.run(wait_answers(fake_port, before + total))
                results[kind]["answers"] = (
                    asyncio.run(answered(fake_port)) - before - 50 - args.requests
                )
                results[kind]["expected"] = total
        finally:
            server.terminate()
            server.join()
    fake.terminate()
    report(results, args.requests, args.concurrency)
    report_burst(results, args.burst, args.bursts)


NAMES = {
    "bare": "bare bolt, default",
    "bare-pbr": "bare bolt, process_before_response",
    "chatbot": "chatbot /lookup caf",
}


def report_burst(results: dict[str, dict[str, float]], size: int, rounds: int) -> None:
    print(
        f"views.open latency, {rounds} bursts of {size} concurrent /report (a modal to open; "
        "Slack's trigger_id expires after 3 s), from the command sent to views.open received:"
    )
    for kind, r in results.items():
        name = "chatbot /report" if kind == "chatbot" else NAMES[kind]
        print(
            f"  {name:36} p50 {r['open_p50']:8.1f} ms, p99 {r['open_p99']:8.1f} ms, "
            f"max {r['open_max']:8.1f} ms, not opened {r['lost']:.0f}"
        )
    ours = results["chatbot"]
    for kind in ("bare", "bare-pbr"):
        base = results[kind]
        print(
            f"  ratio vs {NAMES[kind]}: p50 {ours['open_p50'] / base['open_p50']:.2f}, "
            f"p99 {ours['open_p99'] / base['open_p99']:.2f}"
        )


def report(results: dict[str, dict[str, float]], requests: int, concurrency: int) -> None:
    names = NAMES
    print(
        f"HTTP response (ack) time of signed /lookup slash commands over loopback, {requests} "
        f"requests each way; req/s at concurrency {concurrency}."
    )
    print("idle: the server finished the previous request's work; b2b: back to back.")
    header = ("server", "idle p50", "idle p99", "b2b p50", "b2b p99", "req/s")
    print(f"{header[0]:36}" + "".join(f"{h:>10}" for h in header[1:]))
    for kind, r in results.items():
        figures = (r["idle_p50"], r["idle_p99"], r["b2b_p50"], r["b2b_p99"])
        print(f"{names[kind]:36}" + "".join(f"{f:9.2f}m" for f in figures) + f"{r['rps']:10.0f}")
    ours = results["chatbot"]
    for kind in ("bare", "bare-pbr"):
        base = results[kind]
        ratios = [ours[k] / base[k] for k in ("idle_p50", "idle_p99", "b2b_p50", "b2b_p99")]
        print(
            f"ratio vs {names[kind]}: idle p50 {ratios[0]:.2f}, idle p99 {ratios[1]:.2f}, "
            f"b2b p50 {ratios[2]:.2f}, b2b p99 {ratios[3]:.2f}, "
            f"throughput {base['rps'] / ours['rps']:.2f}  (target <= 1.3)"
        )
    print("ack path without sockets (bolt async_dispatch, in process):")
    for kind, r in results.items():
        print(f"  {names[kind]:36} p50 {r['dispatch_p50']:.3f} ms, p99 {r['dispatch_p99']:.3f} ms")
    for kind in ("bare", "bare-pbr"):
        print(
            f"  ratio vs {names[kind]}: p50 "
            f"{ours['dispatch_p50'] / results[kind]['dispatch_p50']:.2f}, p99 "
            f"{ours['dispatch_p99'] / results[kind]['dispatch_p99']:.2f}"
        )
    print(
        f"chatbot answers delivered to response_url: {ours['answers']:.0f} of "
        f"{ours['expected']:.0f}, the last {ours['drain_s']:.2f} s after the last ack"
    )


if __name__ == "__main__":
    main()
