"""`dreambank deliver`: only the delivery engine, for a process of its own beside the bot workers."""

from __future__ import annotations

import asyncio
import logging
import resource

from telegram import Bot
from telegram.request import HTTPXRequest

from .bootstrap import App, freeze_startup_objects


async def deliver(app: App, stop: asyncio.Event) -> None:
    """Send the outbox's Telegram notices until `stop` is set."""
    s = app.settings
    assert s.telegram_token is not None
    # as many connections as sends under way, so requests leave when paced instead of queueing for one
    request = HTTPXRequest(connection_pool_size=app.delivery_settings().workers + 2)
    async with Bot(s.telegram_token.get_secret_value(), base_url=s.telegram_api_url, request=request) as bot:
        engine = app.telegram_deliverer(bot)
        freeze_startup_objects()
        await engine.run(stop)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    logging.getLogger(__name__).warning("delivery stopped; peak memory %.1f MB", peak)
