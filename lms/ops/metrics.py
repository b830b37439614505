"""Prometheus metrics: requests per endpoint, heartbeat events, transcode durations,
and at scrape time the job queue and the points outbox.

Under gunicorn, set PROMETHEUS_MULTIPROC_DIR (an empty folder per node, shared by its
workers and its Huey consumer): each process then writes its counters there and
`/metrics` adds them up (prometheus_client's multiprocess mode). Without it (`make run`,
tests) the process's own registry is reported.
"""

from __future__ import annotations

import os
import time

from flask import Flask, g, request
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import GaugeMetricFamily

from lms.models.base import utcnow

REQUESTS = Counter(
    "lms_http_requests", "HTTP requests answered", ["endpoint", "method", "status"]
)
LATENCY = Histogram(
    "lms_http_request_duration_seconds",
    "Time to answer a request, by endpoint",
    ["endpoint"],
    buckets=(0.01, 0.025, 0.05, 0.1, 0.2, 0.3, 0.5, 0.8, 1.0, 2.0, 5.0, 10.0),
)
HEARTBEAT_EVENTS = Counter(
    "lms_heartbeat_events",
    "Watching events judged by the progress endpoint (replays are not counted)",
    ["outcome", "reason"],
)
TRANSCODE_SECONDS = Histogram(
    "lms_transcode_duration_seconds",
    "Wall time of one transcode job run, by outcome",
    ["outcome"],
    buckets=(1, 2, 5, 10, 20, 30, 60, 120, 300, 600, 1200, 3600),
)


def init_app(app: Flask) -> None:
    from lms.services.learning import progress

    app.before_request(_start_clock)
    app.after_request(_count_request)
    progress.heartbeat_judged.connect(_count_heartbeat_event, weak=False)


def _start_clock() -> None:
    g.metrics_started = time.perf_counter()


def _count_request(response):
    started = g.get("metrics_started")
    endpoint = request.endpoint or "unmatched"
    REQUESTS.labels(endpoint, request.method, str(response.status_code)).inc()
    if started is not None:
        LATENCY.labels(endpoint).observe(time.perf_counter() - started)
    return response


def _count_heartbeat_event(_sender, *, reason: str | None, **_kw) -> None:
    outcome = "accepted" if reason is None else "dropped"
    HEARTBEAT_EVENTS.labels(outcome, reason or "").inc()


def observe_transcode(outcome: str, seconds: float) -> None:
    TRANSCODE_SECONDS.labels(outcome).observe(seconds)


class QueueCollector:
    """Gauges read from the database and the queue when Prometheus scrapes."""

    def __init__(self, huey) -> None:
        self.huey = huey

    def collect(self):
        from lms.services.ops import readings

        now = readings.read(self.huey, utcnow())
        yield _gauge(
            "lms_job_queue_pending", "Jobs waiting in the queue", now.queue_pending
        )
        yield _gauge(
            "lms_job_queue_scheduled",
            "Delayed jobs (retries) not due yet",
            now.queue_scheduled,
        )
        jobs = GaugeMetricFamily(
            "lms_transcode_jobs", "Transcode jobs by state", labels=["state"]
        )
        for state, count in now.transcodes.items():
            jobs.add_metric([state], count)
        yield jobs
        yield _gauge(
            "lms_transcode_oldest_queued_age_seconds",
            "Age of the oldest transcode job still queued",
            now.oldest_queued_age_s,
        )
        outbox = GaugeMetricFamily(
            "lms_points_outbox", "Points outbox entries by state", labels=["state"]
        )
        for state, count in now.outbox.items():
            outbox.add_metric([state], count)
        yield outbox


def _gauge(name: str, help_text: str, value: float) -> GaugeMetricFamily:
    return GaugeMetricFamily(name, help_text, value=value)


class _ProcessCollector:
    """This process's own registry, when not in multiprocess mode."""

    def collect(self):
        yield from REGISTRY.collect()


def exposition() -> tuple[bytes, str]:
    """The metrics page: every process's counters, then the queue gauges."""
    from lms.tasks import huey

    registry = CollectorRegistry()
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        multiprocess.MultiProcessCollector(registry)
    else:
        registry.register(_ProcessCollector())
    registry.register(QueueCollector(huey))
    return generate_latest(registry), CONTENT_TYPE_LATEST
