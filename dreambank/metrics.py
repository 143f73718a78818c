"""What a process counts for Prometheus: updates handled and how long they took, each send's outcome, the
schedule's lag, and the outbox's depth read from the database when scraped.

Each process has a registry of its own and serves it itself (`/metrics` on the web app, or on
DREAMBANK_METRICS_LISTEN): Prometheus scrapes every process and adds them up. Nothing here names a person,
a chat or a text: the labels are platforms, outcomes and kinds of job.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable

from prometheus_client import (CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Gauge, Histogram, PlatformCollector,
                               ProcessCollector, generate_latest)

from storage.outbox_depth import COUNT_AT_MOST

log = logging.getLogger(__name__)
#: the outbox's depth is read at most this often, however many scrapers ask
DEPTH_SECONDS = 10.0
#: a scrape does not wait longer than this for the outbox's depth
DEPTH_WITHIN = 5.0
#: the platforms whose waiting notices are counted (besides those no platform has taken yet)
PLATFORMS = ("telegram", "discord", "email")
#: how long an update takes: a turn is milliseconds, a slow one seconds
HANDLING_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)
#: how late a job runs: a wake-up is milliseconds; after a pause with no scheduler, hours
LAG_BUCKETS = (0.05, 0.1, 0.5, 1.0, 5.0, 15.0, 60.0, 300.0, 900.0, 3600.0, 21600.0, 86400.0)
CONTENT_TYPE = CONTENT_TYPE_LATEST

#: the pending notices per platform, read from the database
PendingNotices = Callable[[], Awaitable[dict[str, int]]]


class Metrics:
    def __init__(self, pending: PendingNotices | None = None, depth_seconds: float | None = None) -> None:
        """`pending` reads the outbox's depth (none is shown without it), at most every `depth_seconds`."""
        self.registry = registry = CollectorRegistry()
        ProcessCollector(registry=registry)
        PlatformCollector(registry=registry)
        self._updates = Counter("dreambank_updates_handled", "Updates from a chat platform handled, by outcome "
                                "(handled, or failed with an error that was logged)", ["platform", "outcome"],
                                registry=registry)
        self._handling = Histogram("dreambank_update_handling_seconds", "How long handling an update took, answer "
                                   "included", ["platform"], buckets=HANDLING_BUCKETS, registry=registry)
        self._sends = Counter("dreambank_delivery_sends", "Tries at sending a notice, by outcome: sent, rate_limited "
                              "(the platform's 429), unreachable, refused or error", ["platform", "outcome"],
                              registry=registry)
        self._lag = Histogram("dreambank_schedule_lag_seconds", "How late a scheduled job started after its planned "
                              "time, by kind of job", ["job"], buckets=LAG_BUCKETS, registry=registry)
        self._pending = Gauge("dreambank_outbox_pending", "Notices waiting in the outbox, by the platform sending "
                              f"them ('any': not yet taken by one); counted up to {COUNT_AT_MOST:,} each",
                              ["platform"], registry=registry)
        self._read_pending = pending
        self._depth_seconds = DEPTH_SECONDS if depth_seconds is None else depth_seconds
        self._depth_read_at: float | None = None
        self._reading = asyncio.Lock()

    # --- what the adapters, the engines and the schedule report ---------------------------------------------

    def update_handled(self, platform: str, outcome: str, seconds: float) -> None:
        self._updates.labels(platform, outcome).inc()
        self._handling.labels(platform).observe(seconds)

    def send_tried(self, platform: str, outcome: str) -> None:
        self._sends.labels(platform, outcome).inc()

    def job_started(self, job_id: str, late_seconds: float) -> None:
        """A scheduled job started `late_seconds` after it was due; its kind (`digest` of `digest:3`) is the
        label, so that the labels stay few however many branches and events there are."""
        self._lag.labels(job_id.partition(":")[0]).observe(max(late_seconds, 0.0))

    # --- scraping --------------------------------------------------------------------------------------------

    async def exposition(self) -> bytes:
        """The text Prometheus scrapes, with the outbox's depth read afresh when it is older than allowed."""
        await self._refresh_depth()
        return generate_latest(self.registry)

    async def _refresh_depth(self) -> None:
        if self._read_pending is None:
            return
        async with self._reading:  # scrapes at once read the database once
            now = time.monotonic()
            if self._depth_read_at is not None and now - self._depth_read_at < self._depth_seconds:
                return
            self._depth_read_at = now
            try:
                counts = await asyncio.wait_for(self._read_pending(), DEPTH_WITHIN)
            except Exception as trouble:  # no number is better than a stale one taken for a live one
                log.warning("could not read the outbox's depth for the metrics: %s", trouble)
                self._pending.clear()
                return
            for platform, count in counts.items():
                self._pending.labels(platform).set(count)
