"""`dreambank deliver`: only the delivery engine, for a process of its own beside the bot workers."""

from __future__ import annotations

import asyncio
import logging
import resource

from telegram import Bot
from telegram.request import HTTPXRequest

from bots.telegram.channel import TelegramChannel
from digests.delivery.channels import Limits
from digests.delivery.engine import DeliveryEngine, EngineSettings

from .bootstrap import App


def telegram_limits(app: App) -> Limits:
    s = app.settings
    return Limits(s.telegram_per_second, s.telegram_per_chat_per_second, s.telegram_per_group_per_minute)


def delivery_lease_name(token: str) -> str:
    return f"telegram-delivery:{token.split(':', 1)[0]}"


async def deliver(app: App, stop: asyncio.Event) -> None:
    """Send the outbox's Telegram notices until `stop` is set."""
    s = app.settings
    assert s.telegram_token is not None
    token = s.telegram_token.get_secret_value()
    settings = EngineSettings(idle_seconds=s.telegram_poll_seconds, max_tries=s.delivery_max_tries)
    # as many connections as sends under way, so requests leave when paced instead of queueing for one
    request = HTTPXRequest(connection_pool_size=settings.workers + 2)
    async with Bot(token, base_url=s.telegram_api_url, request=request) as bot:
        channel = TelegramChannel(bot, app.uow, app.codec, app.clock, telegram_limits(app))
        engine = DeliveryEngine(app.uow, channel, app.clock, app.lease(delivery_lease_name(token)),
                                settings)
        await engine.run(stop)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    logging.getLogger(__name__).warning("delivery stopped; peak memory %.1f MB", peak)
