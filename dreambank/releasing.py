"""Newsletters scheduled for later are released into the outbox when their time comes."""

from __future__ import annotations

import asyncio
import contextlib
import logging

from core.usecases.newsletters import release_due

from .bootstrap import App

log = logging.getLogger(__name__)


async def release_newsletters(app: App) -> int:
    """Fan out every newsletter whose time has come; how many were released."""
    async with app.uow() as uow:
        released = await release_due(uow, app.clock)
        await uow.commit()
    for newsletter in released:
        log.info("released newsletter %s", newsletter.id)
    return len(released)


async def keep_releasing(app: App, stop: asyncio.Event, every: float = 30.0) -> None:
    """Until `stop`: release due newsletters every `every` seconds (rows are claimed, so processes may share)."""
    while not stop.is_set():
        try:
            await release_newsletters(app)
        except Exception:  # noqa: BLE001 - a database hiccup must not stop the loop; it is logged and retried
            log.exception("could not release scheduled newsletters")
        with contextlib.suppress(asyncio.TimeoutError):
            await asyncio.wait_for(stop.wait(), every)
