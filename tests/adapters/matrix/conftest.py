"""A real Synapse on 127.0.0.1 for the whole test session, volunteers driving it with nio, and
the real bot (build_app) behind the Matrix adapter.

Synapse is skipped with a clear reason when ``matrix-synapse`` is not installed (it is in the
``dev`` extra). It listens on a free port, keeps its data in a temporary directory and makes no
outbound connection (``ip_range_blacklist`` covers every address).
"""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from adapters.matrix.adapter import MatrixAdapter
from adapters.matrix.settings import MatrixSettings
from app.metrics import Metrics
from app.wiring import App, build_app
from tests.adapters.matrix.synapse_server import PASSWORD, Synapse
from tests.adapters.matrix.volunteer import Volunteer
from tests.harness import bot_settings, no_env


@pytest.fixture(scope="session")
def synapse(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Synapse]:
    pytest.importorskip(
        "synapse.app.homeserver",
        reason="matrix-synapse is not installed (pip install -e '.[dev]'): no homeserver to test",
    )
    server = Synapse(tmp_path_factory.mktemp("synapse"))
    server.start()
    yield server
    server.stop()


def unique(name: str) -> str:
    return f"{name}{uuid.uuid4().hex[:8]}"


class BotRunner:
    """The real bot on a fresh database, served by the Matrix adapter; restartable."""

    def __init__(
        self, synapse: Synapse, data_dir: Path, *, e2ee: bool = False, **overrides: Any
    ) -> None:
        self.overrides = overrides
        self.synapse = synapse
        self.data_dir = data_dir
        self.user_id = synapse.register(unique("annuaire"))
        self.e2ee = e2ee
        self.app: App = build_app(bot_settings(data_dir))
        self.metrics = Metrics()
        """What ``/metrics`` would show of this bot: the adapter counts into it."""
        self.adapter: MatrixAdapter | None = None
        self._task: asyncio.Task[None] | None = None

    def settings(self) -> MatrixSettings:
        return no_env(
            MatrixSettings,
            matrix_homeserver=self.synapse.url,
            matrix_user_id=self.user_id,
            matrix_password=PASSWORD,
            matrix_e2ee=self.e2ee,
            matrix_sync_timeout_ms=10_000,
            matrix_max_backoff_seconds=0.5,
            **self.overrides,
        )

    async def start(self, *, timeline_limit: int | None = None) -> MatrixAdapter:
        adapter = MatrixAdapter(
            bot=self.app.bot,
            router=self.app.router,
            settings=self.settings(),
            events=self.app.storage.events,
            state=self.app.storage.state,
            undecrypted=self.app.storage.undecrypted,
            data_dir=self.data_dir,
            core=self.app.core,
            decryption_failed=self.metrics.decryption_failures.inc,
        )
        if timeline_limit is not None:
            adapter.timeline_limit = timeline_limit
        self.adapter = adapter
        self._task = asyncio.ensure_future(adapter.start())
        ready = asyncio.ensure_future(adapter.ready.wait())
        await asyncio.wait({ready, self._task}, timeout=30, return_when=asyncio.FIRST_COMPLETED)
        if self._task.done():
            self._task.result()
        assert adapter.ready.is_set(), "the bot did not finish its first sync"
        return adapter

    async def stop(self) -> None:
        if self.adapter is not None:
            await self.adapter.stop()
        if self._task is not None:
            await asyncio.gather(self._task, return_exceptions=True)
        self.adapter = None
        self._task = None

    def close(self) -> None:
        self.app.storage.close()


@pytest.fixture
async def bot_runner(synapse: Synapse, tmp_path: Path) -> AsyncIterator[Callable[..., BotRunner]]:
    runners: list[BotRunner] = []

    def make(*, e2ee: bool = False, **overrides: Any) -> BotRunner:
        runner = BotRunner(synapse, tmp_path / f"bot{len(runners)}", e2ee=e2ee, **overrides)
        runners.append(runner)
        return runner

    yield make
    for runner in runners:
        await runner.stop()
        runner.close()


@pytest.fixture
async def volunteers(
    synapse: Synapse, tmp_path: Path
) -> AsyncIterator[Callable[..., Awaitable[Volunteer]]]:
    started: list[Volunteer] = []

    async def make(name: str = "vol", *, e2ee: bool = False) -> Volunteer:
        user_id = synapse.register(unique(name))
        volunteer = Volunteer(synapse.url, user_id, PASSWORD, store=tmp_path / user_id, e2ee=e2ee)
        await volunteer.start()
        started.append(volunteer)
        return volunteer

    yield make
    for volunteer in started:
        with contextlib.suppress(Exception):
            await volunteer.close()
