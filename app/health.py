"""``BOT_HEALTH_PORT``: ``/livez``, ``/readyz`` and ``/metrics`` for the supervisor, and the
watchdog that reconnects a platform silent for longer than ``BOT_HEALTH_SILENCE_SECONDS``
(Socket Mode reporting connected while receiving nothing is a known failure of Slack's SDK)."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections.abc import AsyncIterator
from dataclasses import dataclass

from aiohttp import web
from pydantic_settings import BaseSettings, SettingsConfigDict

from adapters.spec import Adapter, AdapterSpec, PlatformHealth, WatchedAdapter
from app.metrics import CONTENT_TYPE, Metrics
from app.wiring import App

log = logging.getLogger(__name__)

DATABASE_TIMEOUT_SECONDS = 5.0


class HealthSettings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    bot_health_port: int | None = None
    """Serve the health and metrics endpoints on this port (0: any free one); unset: none."""
    bot_health_host: str = "127.0.0.1"
    bot_health_silence_seconds: float = 300.0
    """A platform silent for longer is not ready, and the watchdog reconnects it."""


@dataclass(frozen=True)
class Served:
    """A platform the runner serves: its registration and its adapter."""

    spec: AdapterSpec
    adapter: Adapter


class Health:
    """Readiness of the database and of each served platform; the watchdog acting on it. A
    platform is watched when its adapter is a :class:`~adapters.spec.WatchedAdapter`."""

    def __init__(self, app: App, served: list[Served], *, silence: float, metrics: Metrics):
        self.app = app
        self.served = served
        self.silence = silence
        self.metrics = metrics
        self.port: int | None = None
        """The port it listens on once serving (useful with ``BOT_HEALTH_PORT=0``)."""

    async def platforms(self) -> dict[str, bool]:
        """Each served platform: connected and heard from within the bound."""
        ready = {}
        for one in self.served:
            if not isinstance(one.adapter, WatchedAdapter):
                ready[one.spec.prefix] = True  # nothing to watch: ready once started
                continue
            health = await self._health(one.spec, one.adapter)
            silent = None if health is None else health.silent_for
            ready[one.spec.prefix] = (
                health is not None
                and health.connected
                and silent is not None
                and silent <= self.silence
            )
        return ready

    async def _health(self, spec: AdapterSpec, adapter: WatchedAdapter) -> PlatformHealth | None:
        try:
            return await adapter.health()
        except Exception:
            log.exception("%s: reporting its health failed", spec.name)
            return None

    async def database(self) -> bool:
        def probe() -> None:
            self.app.storage.state.get("health")

        try:
            async with asyncio.timeout(DATABASE_TIMEOUT_SECONDS):
                await self.app.core.call(probe)
        except Exception:
            log.warning("health: the database does not answer", exc_info=True)
            return False
        return True

    async def watch_once(self) -> None:
        """Reconnect every platform heard from once, then silent for longer than the bound (one
        still starting, never heard from yet, is left to finish)."""
        for one in self.served:
            if not isinstance(one.adapter, WatchedAdapter):
                continue
            health = await self._health(one.spec, one.adapter)
            silent = None if health is None else health.silent_for
            if silent is None or silent <= self.silence:
                continue
            log.warning("%s: silent for %.0f s; reconnecting", one.spec.name, silent)
            self.metrics.reconnects.labels(platform=one.spec.prefix).inc()
            try:
                await one.adapter.reconnect()
            except Exception:
                log.exception("%s: reconnecting failed; trying again later", one.spec.name)

    async def watch(self, interval: float) -> None:
        while True:
            await asyncio.sleep(interval)
            await self.watch_once()

    def web_app(self) -> web.Application:
        async def livez(_request: web.Request) -> web.Response:
            return web.Response(text="ok\n")  # answered on the loop: the loop answers

        async def readyz(_request: web.Request) -> web.Response:
            checks = {"database": await self.database(), **await self.platforms()}
            ok = all(checks.values())
            body = json.dumps({"ready": ok, "checks": checks}, sort_keys=True)
            return web.Response(
                status=200 if ok else 503, text=body + "\n", content_type="application/json"
            )

        async def metrics(_request: web.Request) -> web.Response:
            await self.app.core.call(self.metrics.read_storage, self.app.storage)
            response = web.Response(body=self.metrics.text())
            response.headers["Content-Type"] = CONTENT_TYPE
            return response

        web_app = web.Application()
        web_app.router.add_get("/livez", livez)
        web_app.router.add_get("/readyz", readyz)
        web_app.router.add_get("/metrics", metrics)
        return web_app


@contextlib.asynccontextmanager
async def health_endpoints(
    app: App, served: list[Served], metrics: Metrics, settings: HealthSettings
) -> AsyncIterator[Health | None]:
    """Serve the endpoints and run the watchdog while the adapters serve (nothing when
    ``BOT_HEALTH_PORT`` is unset); yields what serves them, its port in ``port``."""
    if settings.bot_health_port is None:
        yield None
        return
    health = Health(app, served, silence=settings.bot_health_silence_seconds, metrics=metrics)
    runner = web.AppRunner(health.web_app(), access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, settings.bot_health_host, settings.bot_health_port)
    await site.start()
    health.port = runner.addresses[0][1]
    log.info("health: http://%s:%s/readyz", settings.bot_health_host, health.port)
    watchdog = asyncio.create_task(
        health.watch(max(settings.bot_health_silence_seconds / 4, 0.05)), name="watchdog"
    )
    try:
        yield health
    finally:
        watchdog.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await watchdog
        await runner.cleanup()
