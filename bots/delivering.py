"""The deliverer a chat adapter runs beside itself, stopped the same way by each: given a grace to finish, then
cancelled."""

from __future__ import annotations

import asyncio
import contextlib
import logging

log = logging.getLogger(__name__)

#: how long a stopping adapter waits for what it runs beside it (its deliverer, Discord's gateway) to end
STOP_GRACE_SECONDS = 5.0


async def finish_delivering(delivering: asyncio.Task, platform: str, grace: float = STOP_GRACE_SECONDS) -> None:
    """Let the deliverer, told to stop, record what is in flight and give up its lease; cancel it only if it has not
    stopped within `grace` seconds."""
    done, _pending = await asyncio.wait({delivering}, timeout=grace)
    if not done:
        log.warning("%s notice delivery did not stop within %.0f s; cancelling it", platform, grace)
        delivering.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await delivering
