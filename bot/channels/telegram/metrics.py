"""Prometheus metrics for an operator and a load balancer (served at /metrics in webhook mode).

Each process has its own registry (no module-level globals): tests and benchmarks build as
many channels as they like, and a scraper reads every replica separately.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from prometheus_client import CollectorRegistry, Counter, Histogram
from telegram import Update

from bot.channels.telegram.codec import Incoming
from bot.engine.replies import Outcome

LATENCY_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)


@dataclass
class Metrics:
    registry: CollectorRegistry = field(default_factory=CollectorRegistry)

    def __post_init__(self) -> None:
        r = self.registry
        self.updates = Counter("rolefit_updates", "Updates received, by kind", ["kind"], registry=r)
        self.replies = Counter("rolefit_replies", "Replies sent (a long reply split in parts counts once)", registry=r)
        self.outcomes = Counter(
            "rolefit_outcomes",
            "Replies by kind: the FAQ's zones (answer, suggest, decline, fallback) and the rest",
            ["action"],
            registry=r,
        )
        self.step_seconds = Histogram("rolefit_step_seconds", "Engine step time", buckets=LATENCY_BUCKETS, registry=r)
        self.update_seconds = Histogram(
            "rolefit_update_seconds",
            "Update end to end: lease, apply, replies",
            buckets=LATENCY_BUCKETS,
            registry=r,
        )
        self.store_errors = Counter("rolefit_store_errors", "Store calls that failed (answered 503)", registry=r)
        self.conflicts = Counter("rolefit_commit_conflicts", "Steps run again after a version conflict", registry=r)
        self.duplicates = Counter("rolefit_duplicate_updates", "Re-delivered updates recognised by marker", registry=r)
        self.retries_asked = Counter("rolefit_retry_after", "Webhook requests answered 503 Retry-After", registry=r)

    def count_update(self, update: Update, incoming: Incoming | None) -> None:
        if incoming is None:
            kind = "ignored"
        elif update.callback_query is not None:
            kind = "button"
        else:
            kind = type(incoming.event).__name__.removesuffix("Event").lower()
        self.updates.labels(kind).inc()

    def count_outcome(self, outcome: Outcome) -> None:
        self.outcomes.labels(outcome.action).inc()
