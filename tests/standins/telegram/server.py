"""Serving an ASGI app with uvicorn on 127.0.0.1 inside the test's own event loop."""

from __future__ import annotations

import asyncio
import contextlib
import socket
import ssl
from collections.abc import AsyncIterator
from functools import cache
from typing import Any

import uvicorn


@cache
def client_ssl_context() -> ssl.SSLContext:
    """One TLS context for every test HTTP client (building one per client is slow)."""
    return ssl.create_default_context()



class LocalServer:
    """Serve an ASGI app with uvicorn on a random free port of 127.0.0.1, in the running loop.

    uvicorn's startup and a graceful shutdown run around an event rather than ``Server.serve``,
    so the process's signal handlers stay untouched and stopping takes milliseconds.
    """

    def __init__(self, app: Any) -> None:
        self.app = app
        self.port: int | None = None
        self._server: uvicorn.Server | None = None
        self._task: asyncio.Task[None] | None = None
        self._stopping = asyncio.Event()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    async def start(self) -> None:
        # proto=IPPROTO_TCP lets asyncio set TCP_NODELAY on accepted connections; without it
        # every keep-alive response waits ~40 ms for a delayed ACK between its head and body
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", 0))
        self.port = sock.getsockname()[1]
        config = uvicorn.Config(
            self.app,
            host="127.0.0.1",
            port=self.port,
            log_level="warning",
            log_config=None,
            access_log=False,
            lifespan="off",
            ws="none",
            timeout_graceful_shutdown=2,
        )
        self._server = uvicorn.Server(config)
        self._stopping = asyncio.Event()
        self._task = asyncio.create_task(self._run(self._server, sock), name=f"uvicorn-{self.port}")
        while not self._server.started:
            if self._task.done():
                sock.close()
                self._task.result()
                raise RuntimeError("the local server did not start")
            await asyncio.sleep(0.005)

    async def _run(self, server: uvicorn.Server, sock: socket.socket) -> None:
        config = server.config
        if not config.loaded:
            config.load()
        server.lifespan = config.lifespan_class(config)
        await server.startup(sockets=[sock])
        try:
            await self._stopping.wait()
        finally:
            await self._shutdown(server, sock)

    @staticmethod
    async def _shutdown(server: uvicorn.Server, sock: socket.socket) -> None:
        """uvicorn's graceful shutdown, without its fixed 0.1 s pause."""
        for listener in server.servers:
            listener.close()
        sock.close()
        state = server.server_state
        for connection in list(state.connections):
            connection.shutdown()  # idle keep-alive connections close, busy ones finish first
        loop = asyncio.get_running_loop()
        deadline = loop.time() + server.config.timeout_graceful_shutdown
        while (state.connections or state.tasks) and loop.time() < deadline:
            await asyncio.sleep(0.002)
        for task in list(state.tasks):
            task.cancel()
        for listener in server.servers:
            await listener.wait_closed()

    async def stop(self) -> None:
        if self._server is None or self._task is None:
            return
        self._stopping.set()
        try:
            await asyncio.wait_for(asyncio.shield(self._task), timeout=5)
        except TimeoutError:
            self._server.force_exit = True
            await self._task
        finally:
            self._server = None
            self._task = None


@contextlib.asynccontextmanager
async def serve_asgi(app: Any) -> AsyncIterator[str]:
    """``async with serve_asgi(app) as url:`` serves ``app`` at ``url`` (http://127.0.0.1:port)."""
    server = LocalServer(app)
    await server.start()
    try:
        yield server.url
    finally:
        await server.stop()


