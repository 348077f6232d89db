"""Core work off the adapters' event loop.

The repositories are synchronous: one slow database call (a SQLite lock held by another
process waits up to the busy timeout) would freeze whatever shares its event loop, Slack acks,
the Matrix sync, the scheduler. So an adapter never calls the core or a repository on its loop:
it goes through :class:`OffLoop`, which runs the call in a worker thread (a coroutine such as
``Bot.handle`` on that thread's own event loop, for the length of the call). A slow call then
holds one worker; the loop keeps acknowledging and the other workers keep serving.

What the core awaits that belongs to an adapter's loop (its Web API client, say) is brought
back there with :func:`on_loop`: :class:`~chatbot.messenger.MessengerRouter` does so.

A process has one :class:`OffLoop`, built and closed by the composition root (``app``) and
handed to every adapter and to the scheduler: its workers are all the core calls the process
runs at once, however many platforms it serves.
"""

from __future__ import annotations

import asyncio
import contextvars
import functools
from collections.abc import Awaitable, Callable, Coroutine
from concurrent.futures import ThreadPoolExecutor
from typing import Any, ParamSpec, TypeVar

T = TypeVar("T")
P = ParamSpec("P")

WORKERS = 16
"""Core calls running at once in a process; storage's SQLite pool holds as many connections."""


class OffLoop:
    """Runs core calls in worker threads, awaited from the caller's event loop."""

    def __init__(self, *, workers: int = WORKERS) -> None:
        self._executor = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="core")

    async def call(self, function: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
        """``function(*args, **kwargs)`` (synchronous: a repository method) in a worker."""
        context = contextvars.copy_context()  # the language and log context come along
        work = functools.partial(context.run, function, *args, **kwargs)
        return await asyncio.get_running_loop().run_in_executor(self._executor, work)

    async def run(self, work: Callable[[], Coroutine[Any, Any, T]]) -> T:
        """Await ``work()`` (``lambda: bot.handle(incoming)``) on a worker's own event loop;
        what it starts ends with it."""
        return await self.call(asyncio.run, work())

    def close(self) -> None:
        self._executor.shutdown(wait=False, cancel_futures=True)


def running_loop() -> asyncio.AbstractEventLoop | None:
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        return None


async def on_loop(loop: asyncio.AbstractEventLoop | None, work: Awaitable[T]) -> T:
    """Await ``work`` on ``loop`` (where its sockets live) when called from another one."""
    if loop is None or loop is running_loop() or loop.is_closed():
        return await work
    if not asyncio.iscoroutine(work):
        raise TypeError("on_loop needs a coroutine to hand to another loop")
    return await asyncio.wrap_future(asyncio.run_coroutine_threadsafe(work, loop))


def call_soon_on(loop: asyncio.AbstractEventLoop | None, callback: Callable[[], None]) -> None:
    """Call ``callback`` on ``loop``, safely from any thread (an asyncio.Event's ``set``)."""
    if loop is None or loop is running_loop() or loop.is_closed():
        callback()
    else:
        loop.call_soon_threadsafe(callback)


__all__ = ["WORKERS", "OffLoop", "call_soon_on", "on_loop", "running_loop"]
