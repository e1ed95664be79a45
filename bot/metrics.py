"""Prometheus metrics: updates, replies, errors and turn latency, served at /metrics.

Each App gets its own registry, so tests and several apps in one process do not collide.
"""

from __future__ import annotations

import time

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest

from handlers.engine import Commit, Engine
from handlers.events import Event, Outcome

LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0)


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.updates = Counter(
            "tradebot_updates", "Events handled", ["channel", "kind"], registry=self.registry
        )
        self.replies = Counter(
            "tradebot_replies", "Replies produced", ["channel"], registry=self.registry
        )
        self.errors = Counter(
            "tradebot_errors", "Failures by where they happened", ["where"], registry=self.registry
        )
        self.unattributed = Counter(
            "tradebot_unattributed_messages",
            "Messages that name no sender a reply could go to, by channel and message type",
            ["channel", "type"],
            registry=self.registry,
        )
        self.latency = Histogram(
            "tradebot_turn_seconds",
            "Time to handle one event",
            ["channel"],
            buckets=LATENCY_BUCKETS,
            registry=self.registry,
        )

    def render(self) -> bytes:
        return generate_latest(self.registry)


class InstrumentedEngine:
    """The engine, counted and timed; channels call it exactly like the engine."""

    def __init__(self, engine: Engine, metrics: Metrics) -> None:
        self.engine = engine
        self.metrics = metrics

    async def handle(self, event: Event, commit: Commit | None = None) -> Outcome:
        started = time.perf_counter()
        outcome = await self.engine.handle(event, commit)
        channel = event.user.channel
        self.metrics.latency.labels(channel).observe(time.perf_counter() - started)
        self.metrics.updates.labels(channel, event.kind.value).inc()
        self.metrics.replies.labels(channel).inc(len(outcome.replies))
        if outcome.failed:
            self.metrics.errors.labels("engine").inc()
        return outcome
