"""The Discord stand-in itself: its life cycle, the HTTP front that serves REST and the gateway, records, faults."""

from __future__ import annotations

import asyncio
import base64
import contextlib
import json
import re
import secrets
import socket
import time
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, Self

import discord
import yarl
from aiohttp import web

from tests.standins.discord.acting import Acting
from tests.standins.discord.endpoints import Req, resolve
from tests.standins.discord.gateway import GUILD_PRESENCES, Gateway, Session
from tests.standins.discord.interaction import InteractionHandle
from tests.standins.discord.limits import DiscordLimits, RateLimiter
from tests.standins.discord.multipart import read_body
from tests.standins.discord.reading import Reading
from tests.standins.discord.records import (
    Call,
    Crash,
    DiscordError,
    JsonDict,
    StandInCrashed,
    Upload,
    method_not_allowed,
    not_found,
    unauthorized,
)

API_PREFIX = "/api/v10"
CLOUDFLARE_BAN = (
    "<!DOCTYPE html><html><head><title>Access denied | discord.com used Cloudflare to restrict access</title>"
    "</head><body>Error 1015: You are being rate limited.</body></html>"
)
REASONS = {
    400: "400: Bad Request",
    401: "401: Unauthorized",
    403: "403: Forbidden",
    404: "404: Not Found",
    429: "You are being rate limited.",
    500: "500: Internal Server Error",
    502: "502: Bad Gateway",
    503: "503: Service Unavailable",
    504: "504: Gateway Timeout",
}


@dataclass
class Failure:
    """Requests matching ``method`` and ``pattern`` fail ``times`` more times (or lose their connection)."""

    method: str
    pattern: re.Pattern[str]
    times: int
    status: int = 0
    code: int = 0
    message: str = ""
    retry_after: float = 0.1
    is_global: bool = False
    drop: bool = False

    def matches(self, method: str, path: str) -> bool:
        return self.times > 0 and method in (self.method, "*") and self.pattern.search(path) is not None

    def error(self) -> DiscordError:
        message = self.message or REASONS.get(self.status, f"{self.status}")
        if self.status != 429:
            return DiscordError(self.status, self.code, message)
        headers = {
            "Retry-After": str(max(1, round(self.retry_after + 0.5))),
            "Via": "1.1 google",
            "X-RateLimit-Scope": "global" if self.is_global else "user",
        }
        if self.is_global:
            headers["X-RateLimit-Global"] = "true"
        return DiscordError(429, self.code, message, headers=headers).with_body(
            retry_after=self.retry_after, is_global=self.is_global
        )


class DiscordStandIn(Acting, Reading):
    """Discord for one bot, on a random free port of 127.0.0.1: REST under ``api_url``, the gateway at ``gateway_url``.

    ``async with DiscordStandIn() as standin:`` serves it; ``with standin.pointing():`` (or
    ``tests.standins.discord.connected``) points discord.py at it. ``limits`` enforces Discord's rate
    limits (None: none). A fault inside the stand-in answers 500, is kept in ``crashes`` and fails the
    test when the stand-in stops.
    """

    def __init__(
        self,
        *,
        limits: DiscordLimits | None = None,
        bot_name: str = "fjordby",
        record_calls: bool = True,
        heartbeat_interval_ms: int = 41_250,
        interaction_response_seconds: float = 3.0,
        interaction_token_seconds: float = 15 * 60.0,
        connect_timeout: float = 5.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._init_world(bot_name)
        self.token = ".".join(
            [
                base64.b64encode(str(self.bot_user_id).encode()).decode().rstrip("="),
                secrets.token_urlsafe(5),
                secrets.token_urlsafe(28),
            ]
        )
        self.limits = limits
        self.record_calls = record_calls
        self.interaction_response_seconds = interaction_response_seconds
        self.interaction_token_seconds = interaction_token_seconds
        self.connect_timeout = connect_timeout
        self._clock_function = clock
        self.calls: list[Call] = []
        self.crashes: list[Crash] = []
        self.uploads: dict[int, Upload] = {}
        self.interactions: dict[int, InteractionHandle] = {}
        self.sent_count = 0  # messages created, also when calls are not recorded
        self._limiter = RateLimiter(limits, clock)
        self._failures: list[Failure] = []
        self._change = asyncio.Event()
        self._runner: web.AppRunner | None = None
        self.port: int | None = None
        self.gateway = Gateway(
            token=lambda: self.token,
            ready=self._ready_payload,
            guilds=self._guilds_for,
            members=self._members_asked,
            heartbeat_interval_ms=heartbeat_interval_ms,
            changed=self._changed,
            url=lambda: self.gateway_url,
            flags=lambda: self.application_flags,
            bot_id=self.bot_user_id,
        )

    # --- addresses ------------------------------------------------------------------------------

    @property
    def url(self) -> str:
        if self.port is None:
            raise RuntimeError("the Discord stand-in is not running: use `async with DiscordStandIn() as standin`")
        return f"http://127.0.0.1:{self.port}"

    @property
    def api_url(self) -> str:  # type: ignore[override]
        return self.url + API_PREFIX

    @property
    def gateway_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/"

    @contextlib.contextmanager
    def pointing(self) -> Iterator[Self]:
        """Points discord.py (process-wide) at this stand-in, and back where it was afterwards."""
        route_base = discord.http.Route.BASE
        gateway = discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY
        discord.http.Route.BASE = self.api_url
        discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(self.gateway_url)
        try:
            yield self
        finally:
            discord.http.Route.BASE = route_base
            discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = gateway

    # --- life cycle -----------------------------------------------------------------------------

    async def __aenter__(self) -> Self:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()
        if self.crashes and exc[0] is None:
            raise StandInCrashed(self.crashes)

    async def start(self) -> None:
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_get("/", self.gateway.serve)
        app.router.add_get("/gateway", self.gateway.serve)
        app.router.add_route("*", API_PREFIX + "/{tail:.*}", self._serve_rest)
        self._runner = web.AppRunner(app, handle_signals=False, access_log=None, shutdown_timeout=0.5)
        await self._runner.setup()
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", 0))
        self.port = sock.getsockname()[1]
        await web.SockSite(self._runner, sock).start()

    async def stop(self) -> None:
        if self._runner is None:
            return
        await self.gateway.close()
        await self._runner.cleanup()
        self._runner = None

    # --- the gateway ----------------------------------------------------------------------------

    def _ready_payload(self, session: Session) -> JsonDict:
        payload: JsonDict = {
            "v": 10,
            "user": {**self.bot, "verified": True, "mfa_enabled": False, "email": None, "flags": 0},
            "guilds": [{"id": str(g), "unavailable": True} for g in self.guilds],
            "session_id": session.id,
            "session_type": "normal",
            "resume_gateway_url": self.gateway_url,
            "private_channels": [],
            "relationships": [],
            "presences": [],
            "guild_join_requests": [],
            "geo_ordered_rtc_regions": ["local"],
            "user_settings": {},
            "application": {"id": str(self.application_id), "flags": self.application_flags},
            "_trace": ["discord-standin"],
        }
        if session.shard is not None:
            payload["shard"] = session.shard
        return payload

    def _guilds_for(self, session: Session) -> list[JsonDict]:
        """GUILD_CREATE payloads; without the presences intent Discord lists only the bot among the members."""
        payloads = []
        for guild_id in self.guilds:
            payload = self.guild_payload(guild_id)
            if not session.intents & GUILD_PRESENCES:
                payload["members"] = [m for m in payload["members"] if m["user"]["id"] == str(self.bot_user_id)]
            payloads.append(payload)
        return payloads

    def _members_asked(self, request: JsonDict) -> list[JsonDict]:
        """Gateway op 8: the members of a guild, all or those whose name starts with ``query`` or given by id."""
        guild_id = int(request.get("guild_id") or 0)
        members = list(self.members.get(guild_id, {}).values())
        if request.get("user_ids"):
            wanted = (
                {str(u) for u in request["user_ids"]}
                if isinstance(request["user_ids"], list)
                else {str(request["user_ids"])}
            )
            members = [m for m in members if m["user"]["id"] in wanted]
        elif request.get("query"):
            members = [m for m in members if m["user"]["username"].startswith(request["query"])]
        limit = int(request.get("limit") or 0)
        return [dict(m) for m in (members[:limit] if limit else members)]

    #: the privileged intents' "limited" flags (presences, server members, message content: switched on in the
    #: developer portal) and the application command badge; a test takes a flag away to see the intent refused
    application_flags = (1 << 13) | (1 << 15) | (1 << 19) | (1 << 23)

    def application_payload(self) -> JsonDict:
        owner = self.users[self.owner_id]
        return {
            "id": str(self.application_id),
            "name": self.bot["username"],
            "icon": None,
            "description": "",
            "summary": "",
            "type": None,
            "bot_public": False,
            "bot_require_code_grant": False,
            "verify_key": secrets.token_hex(32),
            "flags": self.application_flags,
            "owner": dict(owner),
            "team": None,
            "bot": dict(self.bot),
            "redirect_uris": [],
            "interactions_endpoint_url": None,
            "approximate_guild_count": len(self.guilds),
            "integration_types_config": {"0": {}},
        }

    def _dispatch(self, event: str, data: JsonDict) -> None:
        self.gateway.dispatch(event, data)

    async def _deliver(self, event: str, data: JsonDict) -> None:
        """A dispatch a person caused: waits (up to ``connect_timeout``) until the bot is connected."""
        if not self.gateway.connected:
            try:
                await self.wait_for(lambda: self.gateway.connected, timeout=self.connect_timeout)
            except TimeoutError:
                raise RuntimeError("no bot is connected to the Discord stand-in's gateway") from None
        self.gateway.dispatch(event, data)
        for conn in list(self.gateway.connections):
            await conn.flush()

    @property
    def connected(self) -> bool:
        """Whether a bot is connected to the gateway with a session."""
        return self.gateway.connected

    @property
    def heartbeats(self) -> int:
        return self.gateway.heartbeats

    @property
    def resumes(self) -> int:
        return self.gateway.resumes

    @property
    def identifies(self) -> int:
        return self.gateway.identifies

    async def disconnect_gateway(self, code: int = 4000) -> None:
        """Drops the bot's gateway connection with close ``code`` (4000: it resumes; 4004: it must not)."""
        await self.gateway.disconnect(code)

    async def request_reconnect(self) -> None:
        """Gateway op 7: the bot reconnects and resumes."""
        await self.gateway.reconnect()

    async def invalidate_session(self, *, resumable: bool = False) -> None:
        """Gateway op 9: the bot identifies anew (or resumes when ``resumable``)."""
        await self.gateway.invalidate(resumable)

    # --- faults ---------------------------------------------------------------------------------

    def fail(
        self,
        method: str,
        path_regex: str,
        status: int,
        code: int | None = None,
        times: int = 1,
        message: str = "",
        *,
        retry_after: float = 0.1,
        is_global: bool = False,
    ) -> None:
        """The next ``times`` requests ``method`` (or "*") whose path under the API matches fail with ``status``.

        A 429 comes as Discord sends it (``retry_after``, ``global``, ``Via``, ``X-RateLimit-Scope``).
        """
        self._failures.append(
            Failure(
                method.upper() if method != "*" else "*",
                re.compile(path_regex),
                times,
                status,
                code or 0,
                message,
                retry_after,
                is_global,
            )
        )

    def drop_connections(self, method: str, path_regex: str, times: int = 1) -> None:
        """The next ``times`` matching requests lose their connection before any answer (a network error)."""
        self._failures.append(
            Failure(method.upper() if method != "*" else "*", re.compile(path_regex), times, drop=True)
        )

    def _take_failure(self, method: str, path: str, *, drop: bool) -> Failure | None:
        for failure in self._failures:
            if failure.drop == drop and failure.matches(method, path):
                failure.times -= 1
                return failure
        return None

    # --- rate limits ----------------------------------------------------------------------------

    @property
    def too_many(self) -> int:
        """How many 429s the stand-in answered (its own rate limits, not injected failures)."""
        return len(self._limiter.too_many)

    @property
    def rate_limited(self) -> list[Any]:
        """Each 429 answered by the rate limits: when, which route, global or not, retry_after."""
        return list(self._limiter.too_many)

    @property
    def invalid_requests(self) -> int:
        """401, 403 and 429 answers in the last ten minutes (Discord bans a bot at 10,000)."""
        self._limiter.banned()
        return len(self._limiter.invalid)

    def max_rate(self, window: float = 1.0) -> int:
        """The most requests (counted against the global limit) let through in any ``window`` seconds."""
        times = self._limiter.admitted
        best, start = 0, 0
        for end, moment in enumerate(times):
            while moment - times[start] >= window:
                start += 1
            best = max(best, end - start + 1)
        return best

    def duplicates(self, key: Callable[[JsonDict], Any] | None = None) -> dict[tuple[int, Any], int]:
        """Messages the bot posted more than once in the same channel (by ``key``: content and embeds)."""
        key = key or (lambda message: (message["content"], json.dumps(message["embeds"], sort_keys=True)))
        counts: dict[tuple[int, Any], int] = {}
        for channel_id, messages in self.store.items():
            for message in messages.values():
                if message["author"]["id"] == str(self.bot_user_id):
                    counts[(channel_id, key(message))] = counts.get((channel_id, key(message)), 0) + 1
        return {found: count for found, count in counts.items() if count > 1}

    # --- the REST front -------------------------------------------------------------------------

    def _clock(self) -> float:
        return self._clock_function()

    async def _serve_rest(self, request: web.Request) -> web.StreamResponse:
        method = request.method
        path = "/" + request.match_info["tail"]
        at = self._clock()
        headers = {key: value for key, value in request.headers.items()}
        query = dict(request.query)
        status, body, answer_headers = 500, None, {}
        payload: Any = None
        files: list[Upload] = []
        endpoint, params, other_method = resolve(method, path)
        template = endpoint.template if endpoint is not None else path
        try:
            try:
                payload, files = await read_body(request)
            finally:
                dropped = self._take_failure(method, path, drop=True)
            if dropped is not None:
                self._record(Call(method, path, template, payload, 0, at, headers, query, files))
                assert request.transport is not None
                request.transport.close()
                return web.Response(status=500)
            if self._limiter.banned():
                self._record(Call(method, path, template, payload, 429, at, headers, query, files, CLOUDFLARE_BAN))
                return web.Response(
                    status=429, text=CLOUDFLARE_BAN, content_type="text/html", headers={"Retry-After": "3600"}
                )
            if endpoint is None:
                raise method_not_allowed() if other_method else not_found()
            if endpoint.authorized and headers.get("Authorization") != f"Bot {self.token}":
                raise unauthorized()
            answer_headers = self._limiter.admit(
                method, endpoint.template, endpoint.major(params), exempt_from_global=not endpoint.global_limit
            )
            failure = self._take_failure(method, path, drop=False)
            if failure is not None:
                raise failure.error()
            body = endpoint.handler(self, Req(method, path, params, query, payload, files, headers))
            status = 200 if body is not None else 204
        except DiscordError as error:
            status = error.status
            body = error.body()
            answer_headers = {**answer_headers, **error.headers}
        except Exception as error:  # a fault in the stand-in: the bot sees a 500, the test fails at the end
            self.crashes.append(Crash(method, path, error, traceback.format_exc()))
            status, body = 500, {"message": "500: Internal Server Error", "code": 0}
        self._limiter.count_invalid(status)
        if self.record_calls or not 200 <= status < 300 or method != "POST":
            self._record(Call(method, path, template, payload, status, at, headers, query, files, body))
        self._changed()
        if status == 204:
            return web.Response(status=204, headers=answer_headers)
        # exactly "application/json" (no charset): discord.py decodes nothing else as JSON
        return web.Response(
            status=status,
            body=json.dumps(body).encode(),
            headers={**answer_headers, "Content-Type": "application/json"},
        )

    def _record(self, call: Call) -> None:
        self.calls.append(call)

    def calls_to(self, method: str, route: str) -> list[Call]:
        """Recorded calls of one route template (``"POST", "/channels/{channel_id}/messages"``)."""
        return [call for call in self.calls if call.method == method and call.route == route]

    # --- waiting --------------------------------------------------------------------------------

    def _changed(self) -> None:
        self._change.set()
        self._change = asyncio.Event()

    async def wait_for(self, predicate: Callable[[], Any], timeout: float = 5.0) -> Any:
        """Waits until ``predicate()`` is truthy (checked after every change) and returns its value."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            value = predicate()
            if value:
                return value
            remaining = deadline - loop.time()
            if remaining <= 0:
                raise TimeoutError(f"waited {timeout} s for {getattr(predicate, '__name__', predicate)}")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._change.wait(), min(remaining, 0.05))

    @property
    def interactions_by_token(self) -> dict[str, InteractionHandle]:
        return {handle.token: handle for handle in self.interactions.values()}
