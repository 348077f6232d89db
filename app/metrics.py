"""What ``/metrics`` shows, in the Prometheus text format: one registry per bot (never the
library's global default, so two bots in one process, tests say, count apart)."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest

from chatbot.messages import Incoming
from storage import Storage

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        self.handled = Counter(
            "chatbot_messages_handled",
            "Messages answered, by platform and command (none: not a command)",
            ("platform", "command"),
            registry=self.registry,
        )
        self.latency = Histogram(
            "chatbot_answer_seconds",
            "Time from a message to its answer",
            ("platform",),
            registry=self.registry,
        )
        self.outbox_depth = Gauge(
            "chatbot_outbox_pending", "Messages waiting in the outbox", registry=self.registry
        )
        self.dead_letters = Gauge(
            "chatbot_outbox_dead_letters",
            "Messages the outbox gave up sending",
            registry=self.registry,
        )
        self.undecrypted = Gauge(
            "chatbot_matrix_undecrypted_events",
            "Matrix events kept until their key comes (the database's, all processes)",
            registry=self.registry,
        )
        self.decryption_failures = Counter(
            "chatbot_matrix_decryption_failures",
            "Encrypted Matrix messages this process could not decrypt when they came",
            registry=self.registry,
        )
        self.reconnects = Counter(
            "chatbot_reconnects",
            "Platforms the watchdog reconnected after a silence",
            ("platform",),
            registry=self.registry,
        )
        self.job_runs = Counter(
            "chatbot_job_runs",
            "Scheduled job runs (digest, nudges...), by job and outcome",
            ("job", "outcome"),
            registry=self.registry,
        )

    def message_handled(self, incoming: Incoming, command: str | None, seconds: float) -> None:
        self.handled.labels(platform=incoming.platform, command=command or "none").inc()
        self.latency.labels(platform=incoming.platform).observe(seconds)

    def job_ran(self, job: str, ok: bool) -> None:
        self.job_runs.labels(job=job, outcome="ok" if ok else "failed").inc()

    def read_storage(self, storage: Storage) -> None:
        """The gauges the database holds (call off the loop, before :meth:`text`)."""
        self.outbox_depth.set(storage.outbox.pending_count())
        self.dead_letters.set(storage.outbox.dead_count())
        self.undecrypted.set(len(storage.undecrypted.waiting()))

    def text(self) -> bytes:
        return generate_latest(self.registry)
