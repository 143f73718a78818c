"""A process's /metrics, /healthz and /readyz on DREAMBANK_METRICS_LISTEN, served beside its work.

For the processes that have no web app of their own (`dreambank deliver`, `dreambank schedule`), and for a web
worker whose metrics should not share the public address. Unset, nothing more is listened on.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

from web.server import listening_socket, serve

from .bootstrap import App
from .together import until_one_fails

METRICS_VARIABLE = "DREAMBANK_METRICS_LISTEN"


async def with_metrics(app: App, stop: asyncio.Event, work: Callable[[], Awaitable[None]]) -> None:
    """Run `work` (which ends when `stop` is set) and, when DREAMBANK_METRICS_LISTEN is set, serve the process's
    metrics there until it ends. The address is taken first: one in use stops the process before its work
    begins (CannotListen)."""
    address = app.settings.metrics_address()
    if address is None:
        await work()
        return
    sock = listening_socket(*address, variable=METRICS_VARIABLE)

    async def then_stop() -> None:
        try:
            await work()
        finally:
            stop.set()

    try:
        await until_one_fails([asyncio.create_task(then_stop(), name="work"),
                               asyncio.create_task(serve(app.operations_app(), *address, stop, sock), name="metrics")],
                              stop)
    finally:
        sock.close()
