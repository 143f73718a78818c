"""`dreambank deliver`: only the delivery engines (Telegram, Discord, email), for a process of its own beside the
web workers."""

from __future__ import annotations

import asyncio
import logging
import resource

from telegram import Bot

from bots.telegram.bot_api import BotApiRequest

from .bootstrap import App, freeze_startup_objects
from .mailing import deliver_mail
from .together import until_one_fails


async def deliver(app: App, stop: asyncio.Event) -> None:
    """Send the outbox's notices on every configured platform until `stop` is set; if one fails, the others
    stop too."""
    s = app.settings
    work = []
    if s.telegram_token is not None:
        work.append(asyncio.create_task(_telegram(app, stop), name="telegram delivery"))
    if s.discord_token is not None:
        work.append(asyncio.create_task(_discord(app, stop), name="discord delivery"))
    if s.smtp_url is not None:
        work.append(asyncio.create_task(deliver_mail(app, stop), name="email"))
    await until_one_fails(work, stop)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    logging.getLogger(__name__).warning("delivery stopped; peak memory %.1f MB", peak)


async def _telegram(app: App, stop: asyncio.Event) -> None:
    s = app.settings
    if s.telegram_token is None:  # only started for a deployment with a Telegram token
        raise RuntimeError("Telegram delivery needs DREAMBANK_TELEGRAM_TOKEN")
    # as many connections as sends under way, so requests leave when paced instead of queueing for one
    request = BotApiRequest(app.delivery_settings().workers + 2)
    async with Bot(s.telegram_token.get_secret_value(), base_url=s.telegram_api_url, request=request) as bot:
        engine = app.telegram_deliverer(bot)
        freeze_startup_objects()
        await engine.run(stop)


async def _discord(app: App, stop: asyncio.Event) -> None:
    """The Discord bot's notices, sent over its REST API alone: no gateway connection is needed to send."""
    from bots.discord.app import DiscordAdapter

    client = app.discord_client()
    delivery = app.discord_deliverer(client)
    adapter = DiscordAdapter(client, app.discord_token(), app.settings.discord_api_url, delivery)
    async with client:
        await adapter.login()
        freeze_startup_objects()
        await delivery.run(stop)
