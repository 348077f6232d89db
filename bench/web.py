"""Time to serve the cockpit's pages over 1k open reports and 10k directory entries, each as a
ratio to the same query done directly on the repository, measured in the same run.

    .venv/bin/python -m bench.web [--reports 1000] [--entries 10000] [--repeat 3]

One real bot (SQLite in a temporary folder, the commands of `chatbot run`) and its cockpit on
a local aiohttp server; a coordinator signs in with a link the bot issued, then each page is
fetched over HTTP (session lookup, role check, view in a core worker, the page shell). The
reports: open ones spread over eight weeks, half acknowledged, and as many resolved ones for
the charts' medians. The entries: bench.search's generated directory, a third never verified.
Each line: median milliseconds of the page, of its query alone, and page / query. The search's
query is the in-memory index (what ``lookup`` searches, built once), not a database read.
"""

from __future__ import annotations

import argparse
import asyncio
import functools
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
from sqlalchemy import insert

from adapters.web.server import Cockpit
from adapters.web.settings import WebSettings
from app.wiring import App, build_app
from bench.digest import report_row
from bench.search import directory
from chatbot.anomalies import AnomalyQuery
from chatbot.directory import stale_entries
from chatbot.ids import UserId
from chatbot.settings import Settings
from commands.directory.search import SearchIndex
from storage.tables import AnomalyChangeRow, AnomalyRow, table_of

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
COORDINATOR = UserId("console:coline")


class FixedClock:
    def now(self) -> datetime:
        return NOW


def build(folder: Path) -> App:
    settings = Settings(
        _env_file=None,  # type: ignore[call-arg]
        database_url=f"sqlite:///{folder / 'bench.sqlite3'}",
        bot_data_dir=folder,
        bot_language="en",
        bot_demo_data=False,
        bot_coordinators=[COORDINATOR],
    )
    web_settings = WebSettings(_env_file=None, bot_web_port=0)  # type: ignore[call-arg]
    return build_app(settings, clock=FixedClock(), web=web_settings)


def fill_reports(app: App, count: int, seed: int = 3) -> None:
    """``count`` open reports and ``count`` resolved ones over the eight weeks before NOW."""
    rng = random.Random(seed)
    rows: list[dict[str, Any]] = []
    changes: list[dict[str, Any]] = []
    span = timedelta(weeks=8).total_seconds()
    for index in range(1, 2 * count + 1):
        created = NOW - timedelta(seconds=rng.uniform(3600, span))
        closed = min(created + timedelta(hours=rng.uniform(1, 120)), NOW)
        is_open = index <= count
        status = rng.choice(("new", "acknowledged")) if is_open else "resolved"
        rows.append(report_row(rng, created, status, None if is_open else closed))
        changes.append({"anomaly_id": index, "kind": "created", "actor": "x", "at": created})
        if status != "new":
            acked = created + (closed - created) / 3
            changes.append({"anomaly_id": index, "kind": "acknowledged", "actor": "x", "at": acked})
        if not is_open:
            changes.append({"anomaly_id": index, "kind": "resolved", "actor": "x", "at": closed})
    with app.storage.engine.begin() as connection:
        connection.execute(insert(table_of(AnomalyRow)), rows)
        connection.execute(insert(table_of(AnomalyChangeRow)), changes)
        connection.exec_driver_sql("ANALYZE")


def fill_entries(app: App, count: int) -> None:
    rng = random.Random(5)
    entries = [
        entry.with_changes(
            {
                "last_verified_at": None
                if rng.random() < 0.33
                else NOW - timedelta(days=rng.uniform(1, 400))
            }
        )
        for entry in directory(count)
    ]
    app.storage.directory.import_entries(entries, actor=COORDINATOR, at=NOW)


def median_ms(run: Callable[[], object], repeat: int) -> float:
    run()  # warm caches and the connection pool
    timings = []
    for _n in range(repeat):
        began = time.perf_counter()
        run()
        timings.append(time.perf_counter() - began)
    return statistics.median(timings) * 1000


async def serve(app: App) -> TestClient[web.Request, web.Application]:
    client: TestClient[web.Request, web.Application] = TestClient(
        TestServer(Cockpit(bot=app.bot, core=app.core).application())
    )
    await client.start_server()
    sign_in = app.services.web
    assert sign_in is not None
    sign_in.base_url = str(client.make_url("")).rstrip("/")
    link = sign_in.issue_link(COORDINATOR, at=NOW)
    async with client.post("/login/" + link.rsplit("/", 1)[1]) as response:
        assert response.status == 200, response.status
    return client


def pages(app: App) -> list[tuple[str, str, Callable[[], object]]]:
    """(what, page path, the same query straight on the repository)."""
    services = app.services
    settings = services.settings
    start = NOW - timedelta(weeks=8)
    index = SearchIndex(services.directory.all())  # what the bot's index holds, built once

    def charts_queries() -> None:
        services.anomalies.created_between(start, NOW)
        for week in range(8):
            begin, end = start + timedelta(weeks=week), start + timedelta(weeks=week + 1)
            services.anomalies.response_delays(begin, end)
            services.anomalies.resolution_delays(begin, end)
        services.missed_searches.top(since=start, limit=20)
        services.suggestions.pending()

    return [
        (
            "reports: open list",
            "/reports",
            lambda: services.anomalies.find(AnomalyQuery(open_only=True, oldest_first=True)),
        ),
        ("reports: board by age", "/board", services.anomalies.open_reports),
        ("charts: 8 weeks", "/charts", charts_queries),
        (
            "directory: stale by theme",
            "/directory/stale",
            lambda: stale_entries(
                services.directory.all(),
                NOW,
                settings.directory_stale_days,
                by_theme=settings.directory_stale_days_by_theme,
            ),
        ),
        (
            "directory: search (lookup)",
            "/directory?q=caf+lyon",
            lambda: index.search("caf lyon", limit=4),
        ),
        ("directory: printable list", "/directory/print", services.directory.all),
        (
            "directory: entry page",
            "/directory/entry/42",
            lambda: (services.directory.get(42), services.directory.history(42)),
        ),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=1000, help="open reports")
    parser.add_argument("--entries", type=int, default=10000, help="directory entries")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-web-") as folder:
        app = build(Path(folder))
        loop = asyncio.new_event_loop()
        try:
            fill_reports(app, args.reports)
            fill_entries(app, args.entries)
            client = loop.run_until_complete(serve(app))

            def fetch(path: str) -> None:
                async def get() -> None:
                    async with client.get(path) as response:
                        assert response.status == 200, (path, response.status)
                        await response.read()

                loop.run_until_complete(get())

            print(
                f"cockpit pages over {args.reports} open reports and {args.entries} entries "
                f"(median of {args.repeat}, SQLite)"
            )
            print(f"{'page':28} {'page ms':>9} {'query ms':>9} {'ratio':>7}")
            for what, path, query in pages(app):
                page_ms = median_ms(functools.partial(fetch, path), args.repeat)
                query_ms = median_ms(query, args.repeat)
                ratio = page_ms / query_ms if query_ms else float("inf")
                print(f"{what:28} {page_ms:9.1f} {query_ms:9.1f} {ratio:7.2f}")
            loop.run_until_complete(client.close())
        finally:
            loop.close()
            app.core.close()
            app.storage.close()


if __name__ == "__main__":
    main()
