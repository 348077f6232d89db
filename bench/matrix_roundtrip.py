"""Time from a volunteer's ``!lookup caf`` to the bot's reply, through a local Synapse.

Runs, in the same Synapse and the same event loop, the real bot (build_app + MatrixAdapter) and
a bare matrix-nio echo bot, and alternates requests between them so both see the same load.
Prints median and p99 of each and their ratio (target: at most 1.2).

    .venv/bin/python bench/matrix_roundtrip.py [--rounds 100]

Needs matrix-synapse (dev extra). Everything listens on 127.0.0.1.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from nio import (  # noqa: E402
    AsyncClient,
    InviteMemberEvent,
    LoginResponse,
    MatrixRoom,
    RoomCreateResponse,
    RoomMessageNotice,
    RoomMessageText,
    RoomSendResponse,
)

from adapters.matrix.adapter import MatrixAdapter  # noqa: E402
from adapters.matrix.settings import MatrixSettings  # noqa: E402
from app.wiring import build_app  # noqa: E402
from chatbot.settings import Settings  # noqa: E402
from tests.adapters.matrix.synapse_server import PASSWORD, Synapse  # noqa: E402


async def logged_in(url: str, user_id: str) -> AsyncClient:
    client = AsyncClient(url, user_id)
    response = await client.login(PASSWORD)
    assert isinstance(response, LoginResponse), response
    return client


async def echo_bot(client: AsyncClient) -> None:
    """The baseline: a bare nio bot answering every text with a notice replying to it."""

    async def on_invite(room: MatrixRoom, event: InviteMemberEvent) -> None:
        if event.state_key == client.user_id and event.membership == "invite":
            await client.join(room.room_id)

    async def on_text(room: MatrixRoom, event: RoomMessageText) -> None:
        if event.sender == client.user_id:
            return
        content = {
            "msgtype": "m.notice",
            "body": event.body,
            "m.relates_to": {"m.in_reply_to": {"event_id": event.event_id}},
        }
        await client.room_send(room.room_id, "m.room.message", content)

    client.add_event_callback(on_invite, (InviteMemberEvent,))
    await client.sync(timeout=0, full_state=True)
    client.add_event_callback(on_text, (RoomMessageText,))
    await client.sync_forever(timeout=30_000)


class Volunteer:
    def __init__(self, client: AsyncClient) -> None:
        self.client = client
        self.arrivals: dict[str, float] = {}
        self.joined: set[tuple[str, str]] = set()
        self._changed = asyncio.Event()
        client.add_event_callback(self._on_notice, (RoomMessageNotice,))

    async def _on_notice(self, room: MatrixRoom, event: RoomMessageNotice) -> None:
        relates: dict[str, Any] = event.source["content"].get("m.relates_to") or {}
        replied = (relates.get("m.in_reply_to") or {}).get("event_id")
        if replied:
            self.arrivals.setdefault(replied, time.perf_counter())
            self._changed.set()

    async def room_with(self, bot: str) -> str:
        response = await self.client.room_create(invite=[bot])
        assert isinstance(response, RoomCreateResponse), response
        return str(response.room_id)

    async def ask(self, room_id: str, text: str, timeout: float = 30.0) -> float:
        started = time.perf_counter()
        content = {"msgtype": "m.text", "body": text}
        response = await self.client.room_send(room_id, "m.room.message", content)
        assert isinstance(response, RoomSendResponse), response
        deadline = started + timeout
        while response.event_id not in self.arrivals:
            self._changed.clear()
            await asyncio.wait_for(self._changed.wait(), deadline - time.perf_counter())
        return self.arrivals[response.event_id] - started


async def wait_until_answered(volunteer: Volunteer, room_id: str, text: str) -> None:
    """Retry until the bot has joined and answers (joins are asynchronous)."""
    for _attempt in range(60):
        try:
            await volunteer.ask(room_id, text, timeout=1.0)
            return
        except TimeoutError:
            continue
    raise RuntimeError(f"no answer in {room_id}")


def summary(name: str, samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    median = statistics.median(ordered)
    p99 = ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))]
    print(
        f"{name:>10}: median {median * 1000:7.1f} ms   p99 {p99 * 1000:7.1f} ms   n={len(ordered)}"
    )
    return median, p99


async def bench(rounds: int, warmup: int) -> int:
    with tempfile.TemporaryDirectory(prefix="matrix-bench-") as tmp:
        base = Path(tmp)
        synapse = Synapse(base / "synapse")
        synapse.start()
        tasks: list[asyncio.Task[Any]] = []
        clients: list[AsyncClient] = []
        closers: list[Callable[[], None]] = []
        try:
            bot_id = synapse.register("annuaire")
            echo_id = synapse.register("echo")
            volunteer_id = synapse.register("ana")
            app = build_app(
                Settings(
                    _env_file=None,  # type: ignore[call-arg]
                    database_url=f"sqlite:///{base / 'bot.sqlite3'}",
                    bot_data_dir=base,
                    bot_language="en",
                )
            )
            closers.append(app.storage.close)
            closers.append(app.core.close)
            adapter = MatrixAdapter(
                bot=app.bot,
                router=app.router,
                settings=MatrixSettings(
                    _env_file=None,  # type: ignore[call-arg]
                    matrix_homeserver=synapse.url,
                    matrix_user_id=bot_id,
                    matrix_password=PASSWORD,  # type: ignore[arg-type]
                ),
                events=app.storage.events,
                state=app.storage.state,
                undecrypted=app.storage.undecrypted,
                data_dir=base,
                core=app.core,
            )
            tasks.append(asyncio.ensure_future(adapter.start()))
            echo = await logged_in(synapse.url, echo_id)
            clients.append(echo)
            tasks.append(asyncio.ensure_future(echo_bot(echo)))
            volunteer = Volunteer(await logged_in(synapse.url, volunteer_id))
            clients.append(volunteer.client)
            await volunteer.client.sync(timeout=0, full_state=True)
            tasks.append(asyncio.ensure_future(volunteer.client.sync_forever(timeout=30_000)))
            await asyncio.wait_for(adapter.ready.wait(), 30)

            bot_room = await volunteer.room_with(bot_id)
            echo_room = await volunteer.room_with(echo_id)
            await wait_until_answered(volunteer, bot_room, "!help")
            await wait_until_answered(volunteer, echo_room, "!help")

            bot_times: list[float] = []
            echo_times: list[float] = []
            for index in range(warmup + rounds):
                bot_time = await volunteer.ask(bot_room, "!lookup caf")
                echo_time = await volunteer.ask(echo_room, "!lookup caf")
                if index >= warmup:
                    bot_times.append(bot_time)
                    echo_times.append(echo_time)

            print(f"Synapse {synapse.url}, {rounds} rounds after {warmup} warm-up")
            bot_median, bot_p99 = summary("bot", bot_times)
            echo_median, echo_p99 = summary("nio echo", echo_times)
            ratio = bot_median / echo_median
            print(
                f"     ratio: median {ratio:.2f}   p99 {bot_p99 / echo_p99:.2f}   (target <= 1.2)"
            )
            await adapter.stop()
            await tasks[0]  # start() returns once stopped, after closing its client
            return 0 if ratio <= 1.2 else 1
        finally:
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            for client in clients:
                await client.close()
            for close in closers:
                close()
            synapse.stop()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=100)
    parser.add_argument("--warmup", type=int, default=10)
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    return asyncio.run(bench(args.rounds, args.warmup))


if __name__ == "__main__":
    sys.exit(main())
