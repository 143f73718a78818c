"""Discord's limits: how fast the delivery engine sends, and a guard that stops a bot before Discord bans it.

Discord allows a bot 50 requests a second in all, and each route (a channel's messages, a guild's
roles…) a bucket of its own that discord.py reads from the X-RateLimit-* headers and waits on. The
engine paces every request below the global limit and one message a second to each channel, which
keeps every bucket of the routes it uses (5 in 5 seconds per channel) from running dry.

Discord bans a bot's address for an hour after 10,000 invalid requests (401, 403, 429) in ten
minutes. The guard counts them for every request the client makes and refuses to make more, with
a clear error, long before that.
"""

from __future__ import annotations

import contextlib
import contextvars
import json
import logging
import time
from collections import deque
from collections.abc import Callable, Iterator
from types import SimpleNamespace

import aiohttp
import discord

from digests.delivery.channels import Limits

log = logging.getLogger(__name__)

#: Discord's global limit per bot
PER_SECOND = 50.0
#: statuses Discord counts towards its ban
INVALID = frozenset({401, 403, 429})
#: Discord bans at 10,000 invalid requests in this many seconds; we stop at a tenth of that
WINDOW_SECONDS = 600.0
STOP_AT = 1_000

_DELIVERING = contextvars.ContextVar("discord_delivering", default=False)


def discord_limits(per_second: float = PER_SECOND) -> Limits:
    """The engine's pace on Discord: the global limit, one message a second to a person's DM channel, and
    sixty a minute to a guild's channel (each channel's bucket allows five in five seconds)."""
    return Limits(per_second=per_second, per_chat_per_second=1.0, per_group_per_minute=60.0)


class TooManyInvalidRequests(Exception):
    """So many requests were refused lately that more could get the bot banned: nothing is sent for a while."""

    def __init__(self, count: int, seconds: float) -> None:
        super().__init__(f"{count} requests to Discord were refused (401, 403 or 429) in the last "
                         f"{WINDOW_SECONDS / 60:.0f} minutes; no request is made for {seconds:.0f} s so that "
                         f"Discord does not ban the bot (it does at 10,000)")
        self.count, self.seconds = count, seconds


class ServerTrouble(Exception):
    """Discord answered with a server error (5xx): worth trying again later."""

    def __init__(self, status: int) -> None:
        super().__init__(f"Discord answered {status}")
        self.status = status


class InvalidRequests:
    """Refused requests in a sliding window: how many, and how long until there are fewer than the stop."""

    def __init__(self, stop_at: int = STOP_AT, window: float = WINDOW_SECONDS,
                 now: Callable[[], float] = time.monotonic) -> None:
        self.stop_at, self.window, self._now = stop_at, window, now
        self._times: deque[float] = deque()
        self.total = 0

    def add(self, status: int) -> None:
        if status in INVALID:
            self._times.append(self._now())
            self.total += 1

    def recent(self) -> int:
        horizon = self._now() - self.window
        while self._times and self._times[0] <= horizon:
            self._times.popleft()
        return len(self._times)

    def stopped(self) -> bool:
        return self.recent() >= self.stop_at

    def seconds_left(self) -> float:
        """How long until a request may be made again (0 when it may now)."""
        over = self.recent() - self.stop_at
        if over < 0:
            return 0.0
        return max(0.0, self._times[over] + self.window - self._now())


class RequestGuard(aiohttp.TraceConfig):
    """Watches every request the client makes (pass it as `discord.Client(http_trace=...)`).

    It counts refused requests and, past the stop, raises TooManyInvalidRequests before a request
    goes out. Inside `delivering()` a 429 is raised as discord.RateLimited, and a server error as
    ServerTrouble, instead of being slept on and retried by discord.py: the delivery engine pauses,
    records the notice for later and keeps its workers free.
    """

    def __init__(self, invalid: InvalidRequests | None = None) -> None:
        super().__init__()
        self.invalid = invalid or InvalidRequests()
        self.too_many = 0
        self._warned = False
        self.on_request_start.append(self._before)
        self.on_request_end.append(self._after)

    async def _before(self, _session: aiohttp.ClientSession, _ctx: SimpleNamespace,
                      _params: aiohttp.TraceRequestStartParams) -> None:
        if self.invalid.stopped():
            refused = TooManyInvalidRequests(self.invalid.recent(), self.invalid.seconds_left())
            if not self._warned:
                log.error("%s", refused)
                self._warned = True
            raise refused
        self._warned = False

    async def _after(self, _session: aiohttp.ClientSession, _ctx: SimpleNamespace,
                     params: aiohttp.TraceRequestEndParams) -> None:
        status = params.response.status
        self.invalid.add(status)
        if status == 429:
            self.too_many += 1
        if not _DELIVERING.get():
            return
        if status == 429:
            raise discord.RateLimited(await _retry_after(params.response))
        if status >= 500:
            raise ServerTrouble(status)


async def _retry_after(response: aiohttp.ClientResponse) -> float:
    """Seconds to wait, from the body Discord sends with a 429 (else its Retry-After header, else one)."""
    try:
        body = json.loads(await response.read())
        return max(0.0, float(body["retry_after"]))
    except (ValueError, KeyError, TypeError, aiohttp.ClientError):
        try:
            return max(0.0, float(response.headers.get("Retry-After", "1")))
        except ValueError:
            return 1.0


@contextlib.contextmanager
def delivering() -> Iterator[None]:
    """Requests made inside raise on a 429 (discord.RateLimited) or a server error (ServerTrouble) at once."""
    token = _DELIVERING.set(True)
    try:
        yield
    finally:
        _DELIVERING.reset(token)


def guard_of(client: discord.Client) -> RequestGuard:
    """The client's guard: the one it was made with, or a new one, which it must get before logging in."""
    found = client.http.http_trace
    if isinstance(found, RequestGuard):
        return found
    if found is not None:
        raise ValueError("the client traces its requests with something else; give it a RequestGuard")
    if client.is_ready() or getattr(client.http, "_HTTPClient__session", discord.utils.MISSING) is not \
            discord.utils.MISSING:
        raise ValueError("the client is logged in without a RequestGuard: make it with "
                         "discord.Client(http_trace=RequestGuard(), ...)")
    guard = client.http.http_trace = RequestGuard()
    return guard
