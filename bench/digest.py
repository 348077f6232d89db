"""Time to build a digest whose period holds 1k reports, over 10k and 100k reports of history.

    .venv/bin/python -m bench.digest [--sizes 10000,100000] [--period 1000] [--pg URL]

SQLite always; PostgreSQL too with ``--pg URL`` or ``TEST_DATABASE_URL`` (each run in its own
schema, dropped afterwards). The history is the years before the period: mostly resolved or
rejected reports, a backlog of open ones (``--open-share`` of the history, 2% by default) and
some +1s, each report's history (created, acknowledged, closed) and a screenshot attached to
one report in ten. The period has ``--period`` new reports, a tenth of them urgent, a quarter
+1'd, half acknowledged, and closes a fifth of them. The digest includes its response-time
medians (this period and the four before) and its chart. The cost must follow the period,
not the history: the last column is the time at the largest history over the time at the
smallest (less than 2 passes).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import insert

from app.demo import seed_demo_directory
from chatbot.ids import ConversationId, UserId
from chatbot.outbox import OutboxMessenger, OutboxSender
from chatbot.reply import Reply
from chatbot.roles import RolePolicy
from chatbot.services import Services, SystemClock
from chatbot.settings import Settings
from commands.anomalies import DIGEST_SECTIONS, DigestPeriod
from commands.anomalies.digest import build_digest
from storage import Storage, open_storage
from storage.engine import make_engine, normalize_url
from storage.tables import (
    AnomalyAttachmentRow,
    AnomalyChangeRow,
    AnomalyRow,
    AnomalySupporterRow,
    table_of,
)

PERIOD_END = datetime(2026, 11, 23, 7, 30, tzinfo=UTC)
PERIOD_START = PERIOD_END - timedelta(days=3)
CATEGORIES = ("site", "info-erronee", "materiel", "securite", "autre")
WORDS = "porte vitre imprimante lien formulaire caf rsa chauffage fuite chaise bus accueil".split()


class NoMessenger:
    async def send_to_user(self, user_id: UserId, reply: Reply, *, key: str | None = None) -> None:
        raise AssertionError("the benchmark sends nothing")

    async def send_to_conversation(
        self, conversation_id: ConversationId, reply: Reply, *, key: str | None = None
    ) -> None:
        raise AssertionError("the benchmark sends nothing")


def report_row(
    rng: random.Random, created: datetime, status: str, closed: datetime | None
) -> dict[str, Any]:
    return {
        "text": " ".join(rng.choices(WORDS, k=8)),
        "category": rng.choice(CATEGORIES),
        "severity": "urgent" if rng.random() < 0.1 else "normal",
        "link": "",
        "reporter": f"slack:U{rng.randrange(500):04d}",
        "reporter_name": "",
        "platform": "slack",
        "conversation_id": "slack:C0GENERAL",
        "permalink": None,
        "created_at": created,
        "status": status,
        "updated_at": closed,
        "closed_at": closed,
        "assignee": None,
        "note": "",
        "merged_into": None,
        "redacted": False,
        "plus_ones": 0,
    }


def fill(storage: Storage, *, history: int, period: int, open_share: float, seed: int = 7) -> None:
    rng = random.Random(seed)
    rows: list[dict[str, Any]] = []
    span = timedelta(days=3 * 365).total_seconds()
    before_period = PERIOD_START - timedelta(seconds=1)  # the history closes before the period
    for _n in range(history):
        created = PERIOD_START - timedelta(seconds=rng.uniform(3600, span))
        if rng.random() < open_share:
            rows.append(report_row(rng, created, rng.choice(("new", "acknowledged")), None))
        else:
            closed = min(created + timedelta(days=rng.uniform(0.1, 20)), before_period)
            rows.append(report_row(rng, created, rng.choice(("resolved", "rejected")), closed))
    length = (PERIOD_END - PERIOD_START).total_seconds()
    for _n in range(period):
        created = PERIOD_START + timedelta(seconds=rng.uniform(0, length - 1))
        if rng.random() < 0.2:
            rows.append(
                report_row(rng, created, "resolved", min(created + timedelta(hours=5), PERIOD_END))
            )
        else:
            rows.append(report_row(rng, created, "new", None))
    changes, attachments = _histories(rng, rows)
    supporters: list[dict[str, Any]] = []
    for index, row in enumerate(rows, start=1):
        if row["status"] in ("new", "acknowledged") and rng.random() < 0.25:
            count = rng.randint(1, 4)
            row["plus_ones"] = count
            supporters += [
                {
                    "anomaly_id": index,
                    "user_id": f"matrix:@v{k}:example.org",
                    "at": row["created_at"],
                }
                for k in range(count)
            ]
    with storage.engine.begin() as connection:
        for start in range(0, len(rows), 5000):
            connection.execute(insert(table_of(AnomalyRow)), rows[start : start + 5000])
        if supporters:
            connection.execute(insert(table_of(AnomalySupporterRow)), supporters)
        for start in range(0, len(changes), 5000):
            connection.execute(insert(table_of(AnomalyChangeRow)), changes[start : start + 5000])
        if attachments:
            connection.execute(insert(table_of(AnomalyAttachmentRow)), attachments)
        if connection.dialect.name == "postgresql":
            connection.exec_driver_sql("ANALYZE")
    if storage.engine.dialect.name == "sqlite":
        with storage.engine.connect() as connection:
            connection.exec_driver_sql("ANALYZE")


def _histories(
    rng: random.Random, rows: list[dict[str, Any]]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Each report's history rows (created, acknowledged within hours, closed) and, for one in
    ten, an attached screenshot."""
    changes: list[dict[str, Any]] = []
    attachments: list[dict[str, Any]] = []
    for index, row in enumerate(rows, start=1):
        created, closed = row["created_at"], row["closed_at"]
        actor = "slack:U0COORD"
        changes.append(
            {"anomaly_id": index, "kind": "created", "actor": row["reporter"], "at": created}
        )
        acked = created + timedelta(hours=rng.uniform(0.2, 30))
        if (closed is None and rng.random() < 0.5 and acked < PERIOD_END) or (
            closed is not None and acked < closed
        ):
            changes.append(
                {"anomaly_id": index, "kind": "acknowledged", "actor": actor, "at": acked}
            )
        if closed is not None:
            changes.append(
                {"anomaly_id": index, "kind": row["status"], "actor": actor, "at": closed}
            )
        if rng.random() < 0.1:
            attachments.append(
                {
                    "anomaly_id": index,
                    "platform": "slack",
                    "file_id": f"F{index:09d}",
                    "name": "capture.png",
                    "mime_type": "image/png",
                    "size": rng.randrange(20_000, 900_000),
                    "url": f"https://benevoles.slack.com/files/U0001/F{index:09d}/capture.png",
                    "decryption": "",
                    "attached_by": row["reporter"],
                    "attached_at": created,
                }
            )
    return changes, attachments


def services_for(storage: Storage) -> Services:
    settings = Settings(_env_file=None, bot_language="en", bot_demo_data=True)  # type: ignore[call-arg]
    clock = SystemClock()
    sender = OutboxSender(outbox=storage.outbox, messenger=NoMessenger(), clock=clock)
    return Services(
        settings=settings,
        clock=clock,
        messenger=OutboxMessenger(outbox=storage.outbox, clock=clock, sender=sender),
        directory=storage.directory,
        suggestions=storage.suggestions,
        missed_searches=storage.missed_searches,
        thesaurus=storage.thesaurus,
        roles=RolePolicy(storage.roles, settings),
        outbox=storage.outbox,
        open_questions=storage.open_questions,
        anomalies=storage.anomalies,
        onboarding=storage.onboarding,
    )


def time_digest(storage: Storage, repeat: int) -> tuple[float, int]:
    """Median seconds to build the digest, and its length in characters."""
    services = services_for(storage)
    period = DigestPeriod(PERIOD_START, PERIOD_END)
    build_digest(services, period, DIGEST_SECTIONS)  # warm caches and the connection pool
    timings = []
    text = ""
    for _n in range(repeat):
        began = time.perf_counter()
        text = build_digest(services, period, DIGEST_SECTIONS).plain_text()
        timings.append(time.perf_counter() - began)
    return statistics.median(timings), len(text)


@contextmanager
def database(backend: str, pg_url: str | None) -> Iterator[str]:
    if backend == "sqlite":
        with tempfile.TemporaryDirectory() as folder:
            yield f"sqlite:///{Path(folder) / 'bench.db'}"
        return
    assert pg_url
    schema = f"bench_{uuid.uuid4().hex[:12]}"
    admin = make_engine(pg_url)
    with admin.begin() as connection:
        connection.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
    url = normalize_url(pg_url).update_query_dict({"options": f"-c search_path={schema}"})
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.begin() as connection:
            connection.exec_driver_sql(f'DROP SCHEMA "{schema}" CASCADE')
        admin.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000", help="history sizes, comma-separated")
    parser.add_argument("--period", type=int, default=1000, help="reports in the period")
    parser.add_argument("--open-share", type=float, default=0.02)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--pg", default=os.environ.get("TEST_DATABASE_URL"), help="PostgreSQL URL")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    backends = ["sqlite", *(["postgresql"] if args.pg else [])]
    print(
        f"digest of a period with {args.period} reports, over histories of {sizes} reports "
        f"(median of {args.repeat})"
    )
    for backend in backends:
        results = []
        for size in sizes:
            with database(backend, args.pg) as url:
                storage = open_storage(url)
                try:
                    seed_demo_directory(storage, at=PERIOD_START)
                    fill(storage, history=size, period=args.period, open_share=args.open_share)
                    seconds, length = time_digest(storage, args.repeat)
                finally:
                    storage.close()
            results.append(seconds)
            print(f"{backend:10} history {size:>7}: {seconds * 1000:8.1f} ms ({length} chars)")
        if len(results) > 1:
            ratio = results[-1] / results[0]
            verdict = "OK" if ratio < 2 else "TOO SLOW"
            print(
                f"{backend:10} {sizes[-1] // sizes[0]}x more history -> {ratio:.2f}x the time "
                f"({verdict}: must stay under 2x)"
            )


if __name__ == "__main__":
    main()
