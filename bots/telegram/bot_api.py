"""The bot's requests to the Bot API, made with aiohttp (already here for discord.py) through python-telegram-bot's
own seam for an HTTP library, `BaseRequest`.

PTB's default, `HTTPXRequest`, spends most of a reply's cost in httpx's client layer: a cookie jar fed from every
response (the Bot API sets no cookie), the URL merged and parsed again, anyio's cancel scopes around each read and
write. aiohttp's client does the same request in about a third of the CPU (`python3 dev.py bench-updates` shows
what it is worth per update). PTB still builds every request and reads every answer; this only carries them.
"""

from __future__ import annotations

import asyncio
import urllib.request

import aiohttp
from telegram.error import NetworkError, TimedOut
from telegram.request import BaseRequest, RequestData

FORM = {"Content-Type": "application/x-www-form-urlencoded"}
#: the timeouts PTB's own default request keeps, in seconds: a Bot API answer comes in well under them
READ_TIMEOUT = CONNECT_TIMEOUT = WRITE_TIMEOUT = 5.0
POOL_TIMEOUT = 1.0
#: sending a file may take longer than a message
MEDIA_WRITE_TIMEOUT = 20.0


class BotApiRequest(BaseRequest):
    """Bot API requests over at most `connections` kept-alive connections.

    Timeouts mean what they mean in PTB, as near as aiohttp's allow: `read` between two chunks of the answer,
    `connect` to open a connection; `pool` and `connect` together bound the wait for a free connection and the
    making of a new one (aiohttp times the two as one), and either running out means the request was not sent.
    aiohttp has no timeout for writing alone, so `write` (longer for a file) bounds the whole request together
    with the other three. A proxy named in the environment (HTTPS_PROXY and the like) is used, as httpx would;
    without one, aiohttp is not asked to look for one on every request."""

    __slots__ = ("_connections", "_session")

    def __init__(self, connections: int) -> None:
        self._connections = connections
        self._session: aiohttp.ClientSession | None = None

    @property
    def read_timeout(self) -> float:
        return READ_TIMEOUT

    async def initialize(self) -> None:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=self._connections),
                                                  trust_env=bool(urllib.request.getproxies()))

    async def shutdown(self) -> None:
        session, self._session = self._session, None
        if session is not None and not session.closed:
            await session.close()

    async def do_request(self, url: str, method: str, request_data: RequestData | None = None,
                         read_timeout: object = BaseRequest.DEFAULT_NONE,
                         write_timeout: object = BaseRequest.DEFAULT_NONE,
                         connect_timeout: object = BaseRequest.DEFAULT_NONE,
                         pool_timeout: object = BaseRequest.DEFAULT_NONE) -> tuple[int, bytes]:
        session = self._session
        if session is None or session.closed:
            raise RuntimeError("this BotApiRequest is not initialized: PTB's Bot.initialize() does it")
        files = request_data is not None and request_data.contains_files
        timeout = _timeout(_given(read_timeout, READ_TIMEOUT),
                           _given(write_timeout, MEDIA_WRITE_TIMEOUT if files else WRITE_TIMEOUT),
                           _given(connect_timeout, CONNECT_TIMEOUT), _given(pool_timeout, POOL_TIMEOUT))
        headers = {"User-Agent": self.USER_AGENT}
        data: aiohttp.FormData | bytes | None = None
        if files and request_data is not None:
            data = _multipart(request_data)
        elif request_data is not None:
            data = request_data.url_encoded_parameters().encode()
            headers.update(FORM)
        try:
            async with session.request(method, url, data=data, headers=headers, timeout=timeout) as answer:
                return answer.status, await answer.read()
        except aiohttp.ConnectionTimeoutError as trouble:
            raise TimedOut("Pool timeout: no connection to the Bot API was free in time; the request was not "
                           "sent.") from trouble
        except asyncio.TimeoutError as trouble:
            raise TimedOut from trouble
        except aiohttp.ClientError as trouble:
            raise NetworkError(f"aiohttp.{type(trouble).__name__}: {trouble}") from trouble


def _given(value: object, default: float) -> float | None:
    """A timeout PTB passed on (a number, or None for none), or the default when it passed its DEFAULT_NONE."""
    if isinstance(value, (int, float)) or value is None:
        return value
    return default


def _timeout(read: float | None, write: float | None, connect: float | None, pool: float | None) \
        -> aiohttp.ClientTimeout:
    parts = (read, write, connect, pool)
    whole = None if any(p is None for p in parts) else sum(p for p in parts if p is not None)
    waiting = None if connect is None or pool is None else connect + pool  # aiohttp's connect includes the pool's
    return aiohttp.ClientTimeout(total=whole, connect=waiting, sock_connect=connect, sock_read=read)


def _multipart(request_data: RequestData) -> aiohttp.FormData:
    form = aiohttp.FormData(request_data.json_parameters, quote_fields=False)  # a name as UTF-8, as httpx sends it
    for name, (filename, content, mimetype) in request_data.multipart_data.items():
        form.add_field(name, content, filename=filename, content_type=mimetype)
    return form
