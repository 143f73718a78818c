"""Discord's rate limits: a global limit per bot, buckets per route and major parameter, and 429s as sent.

Each bucket is a window that opens at its first request and resets ``per`` seconds later, which is what
Discord's ``X-RateLimit-Reset-After`` describes. Interaction callbacks do not count against the global
limit. ``scale`` speeds every limit up (2.0: twice the requests in the same time) or slows it down.
"""

from __future__ import annotations

import hashlib
import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from tests.standins.discord.records import DiscordError

RATE_LIMITED = "You are being rate limited."
INVALID_REQUESTS_WINDOW = 600.0


@dataclass(frozen=True)
class DiscordLimits:
    """How many requests Discord lets a bot make.

    ``global_per_second``: requests per second per bot, over every route but interaction callbacks.
    ``per_route``: (requests, seconds) of each route's bucket per major parameter (channel, guild,
    webhook); routes without one share ``other_routes``. ``routes`` overrides a route template's
    bucket (``{"POST /channels/{channel_id}/messages": (5, 5.0)}``). ``scale`` multiplies every rate.
    ``invalid_requests_ban``: after this many 401/403/429 answers in ten minutes Discord stops answering
    the bot (an HTML 429 from Cloudflare, without the ``Via`` header).
    """

    global_per_second: float = 50.0
    per_route: tuple[int, float] = (5, 5.0)
    other_routes: tuple[int, float] = (50, 1.0)
    routes: dict[str, tuple[int, float]] = field(default_factory=dict)
    scale: float = 1.0
    invalid_requests_ban: int = 10_000

    def bucket_for(self, method: str, route: str, major: str) -> tuple[int, float]:
        limit, per = self.routes.get(f"{method} {route}") or (self.per_route if major else self.other_routes)
        return limit, per / self.scale

    @property
    def global_window(self) -> float:
        return 1.0 / self.scale


@dataclass
class Window:
    """A fixed window of ``limit`` requests that resets ``per`` seconds after its first one."""

    limit: int
    per: float
    opened: float = -math.inf
    used: int = 0

    def roll(self, now: float) -> None:
        if now >= self.opened + self.per:
            self.opened = now
            self.used = 0

    def reset_after(self, now: float) -> float:
        return max(0.0, self.opened + self.per - now)


@dataclass
class TooMany:
    """One 429 answered: when, to which route, and whether it was the global limit."""

    at: float
    method: str
    route: str
    major: str
    is_global: bool
    retry_after: float


class RateLimiter:
    """Counts requests into windows and answers with Discord's headers, or with its 429."""

    def __init__(self, limits: DiscordLimits | None, clock: Callable[[], float] = time.monotonic) -> None:
        self.limits = limits
        self.clock = clock
        self.buckets: dict[tuple[str, str], Window] = {}
        self.global_window: Window | None = None
        self.too_many: list[TooMany] = []
        self.invalid: list[float] = []
        self.admitted: list[float] = []  # when each request counted against the global limit was let through

    def admit(self, method: str, route: str, major: str, *, exempt_from_global: bool) -> dict[str, str]:
        """Counts one request; returns the rate-limit headers for its answer or raises a 429."""
        now = self.clock()
        if self.limits is None:
            if not exempt_from_global:
                self.admitted.append(now)
            return {}
        limit, per = self.limits.bucket_for(method, route, major)
        bucket_hash = hashlib.sha1(f"{method} {route}".encode()).hexdigest()[:16]
        window = self.buckets.setdefault((bucket_hash, major), Window(limit, per))
        window.roll(now)
        if not exempt_from_global:
            per_second = self.limits.global_per_second
            if self.global_window is None:
                self.global_window = Window(max(1, int(per_second)), self.limits.global_window)
            self.global_window.roll(now)
            if self.global_window.used >= self.global_window.limit:
                retry = self.global_window.reset_after(now)
                self.too_many.append(TooMany(now, method, route, major, True, retry))
                raise DiscordError(
                    429,
                    0,
                    RATE_LIMITED,
                    headers={
                        "Retry-After": str(max(1, math.ceil(retry))),
                        "X-RateLimit-Global": "true",
                        "X-RateLimit-Scope": "global",
                        "Via": "1.1 google",
                    },
                ).with_body(retry_after=round(retry, 3), is_global=True)
        headers = self._headers(window, bucket_hash, now)
        if window.used >= window.limit:
            retry = window.reset_after(now)
            self.too_many.append(TooMany(now, method, route, major, False, retry))
            headers.update(
                {"Retry-After": str(max(1, math.ceil(retry))), "X-RateLimit-Scope": "user", "Via": "1.1 google"}
            )
            raise DiscordError(429, 0, RATE_LIMITED, headers=headers).with_body(
                retry_after=round(retry, 3), is_global=False
            )
        window.used += 1
        if not exempt_from_global and self.global_window is not None:
            self.global_window.used += 1
            self.admitted.append(now)
        return self._headers(window, bucket_hash, now)

    @staticmethod
    def _headers(window: Window, bucket_hash: str, now: float) -> dict[str, str]:
        reset_after = window.reset_after(now)
        return {
            "X-RateLimit-Limit": str(window.limit),
            "X-RateLimit-Remaining": str(max(0, window.limit - window.used)),
            "X-RateLimit-Reset": f"{time.time() + reset_after:.3f}",
            "X-RateLimit-Reset-After": f"{reset_after:.3f}",
            "X-RateLimit-Bucket": bucket_hash,
        }

    def count_invalid(self, status: int) -> None:
        if status in (401, 403, 429):
            self.invalid.append(self.clock())

    def banned(self) -> bool:
        """More invalid requests in the last ten minutes than Discord tolerates."""
        if self.limits is None:
            return False
        since = self.clock() - INVALID_REQUESTS_WINDOW
        while self.invalid and self.invalid[0] < since:
            self.invalid.pop(0)
        return len(self.invalid) >= self.limits.invalid_requests_ban
