"""Serving the one ASGI app with uvicorn, on a socket taken before anything else starts."""

from __future__ import annotations

import asyncio
import errno
import logging
import socket

import uvicorn
from starlette.applications import Starlette

log = logging.getLogger(__name__)
LISTEN_VARIABLE = "DREAMBANK_LISTEN"
BACKLOG = 2048  # uvicorn's


class CannotListen(Exception):
    """The configured listen address cannot be taken; the message says what to do."""


def listening_socket(host: str, port: int, variable: str = LISTEN_VARIABLE) -> socket.socket:
    """The listen address, bound and listening, or CannotListen saying plainly why not (and which `variable`
    sets it).

    Taken before anything else starts, so a port in use stops `dreambank run` before it has told
    Telegram anything; uvicorn then serves on this very socket, so nothing can take the port between.
    """
    try:
        family, kind, proto, _name, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM,
                                                                 flags=socket.AI_PASSIVE)[0]
    except socket.gaierror as trouble:
        raise CannotListen(f"cannot listen on {host}:{port}: {trouble.strerror}. Set {variable} to a "
                           "host:port of this machine.") from None
    sock = socket.socket(family, kind, proto)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn does: no wait after a restart
        sock.bind(address)
        sock.listen(BACKLOG)
    except OSError as trouble:
        sock.close()
        if trouble.errno == errno.EADDRINUSE:
            raise CannotListen(f"port {port} on {host} is in use: another program (or another dreambank) listens "
                               f"there. Stop it, or set {variable} to a free host:port.") from None
        raise CannotListen(f"cannot listen on {host}:{port}: {trouble.strerror}. Set {variable} to a "
                           "host:port this user may listen on.") from None
    sock.set_inheritable(True)
    return sock


async def serve(app: Starlette, host: str, port: int, stop: asyncio.Event, sock: socket.socket | None = None) -> None:
    """Serve the app until `stop`, on `sock` (see listening_socket) or else on host:port."""
    sock = sock or listening_socket(host, port)
    server = uvicorn.Server(uvicorn.Config(app, host=host, port=port, log_level="warning",
                                           log_config=None, lifespan="off"))  # its records pass the root's filter
    log.warning("HTTP: listening on %s:%s", host, port)
    serving = asyncio.create_task(server.serve(sockets=[sock]))
    await stop.wait()
    server.should_exit = True
    await serving
