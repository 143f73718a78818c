"""Running the Telegram adapter: long polling by default, or a webhook served over ASGI."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from dataclasses import dataclass
from typing import Any

from telegram import Update
from telegram.ext import Application, ApplicationBuilder

from digests.delivery.engine import DeliveryEngine

from ..delivering import finish_delivering
from .answers import answer_in_response
from .bot_api import BotApiRequest
from .menu import set_menus
from .polling import Polling

log = logging.getLogger(__name__)
ALLOWED_UPDATES = [Update.MESSAGE, Update.CHANNEL_POST, Update.CALLBACK_QUERY, Update.CHAT_JOIN_REQUEST,
                   Update.MY_CHAT_MEMBER]


def telegram_application(token: str, api_url: str, connections: int) -> Application:
    """python-telegram-bot's application for the bot, with `connections` to the Bot API (as many as sends may be
    under way, so paced requests leave at once) and one more for long polling, both made with aiohttp (see
    bot_api.py), and no Updater: in polling mode its offsets would acknowledge updates before they are handled."""
    builder: ApplicationBuilder = (Application.builder().token(token).base_url(api_url)
                                   .request(BotApiRequest(connections)).get_updates_request(BotApiRequest(1))
                                   .updater(None))
    return builder.build()


@dataclass
class TelegramAdapter:
    """The bot, built by the composition root: its application (with the update handler installed), the engine
    that delivers its notices (running while the adapter runs) and the long polling that feeds it."""

    application: Application
    delivery: DeliveryEngine
    polling: Polling

    async def receive(self, payload: object) -> dict[str, Any] | None:
        """One update posted to the webhook, handled: the Bot API method call its response is to carry (a button
        press answered there, see answers.py), or an empty one; None when what was posted is not an update."""
        try:
            update = Update.de_json(payload, self.application.bot)  # type: ignore[arg-type]
        except Exception:  # anything that does not parse as an update is the sender's mistake
            return None
        with answer_in_response() as answer:
            await self.application.process_update(update)
        return answer

    async def run_polling(self, stop: asyncio.Event) -> None:
        """Long polling until `stop` is set; notices are delivered alongside."""
        async with self.application:
            await set_menus(self.application.bot)
            await self.application.bot.delete_webhook()
            await self.application.start()
            delivering = asyncio.create_task(self.delivery.run(stop))
            try:
                await self.polling.run(stop)
            finally:
                stop.set()
                await self.application.stop()
                await finish_delivering(delivering, "Telegram")

    @contextlib.asynccontextmanager
    async def serving_webhook(self, url: str, secret: str, stop: asyncio.Event, set_webhook: bool = True,
                              deliver: bool = True):
        """The application ready for the webhook route; Telegram told where to post (once per deployment). With
        `deliver` false the bot's notices are left to a deliverer elsewhere (`dreambank deliver`)."""
        async with self.application:
            if set_webhook:
                await set_menus(self.application.bot)
                await self.application.bot.set_webhook(url, secret_token=secret, allowed_updates=ALLOWED_UPDATES)
            await self.application.start()
            delivering = asyncio.create_task(self.delivery.run(stop)) if deliver else None
            try:
                yield self.application
            finally:
                stop.set()
                await self.application.stop()
                if delivering is not None:
                    await finish_delivering(delivering, "Telegram")


def inbox_source(token: str) -> str:
    """The bot's name in the inbox: its numeric id, the part of the token that is no secret."""
    return f"telegram:{token.split(':', 1)[0]}"
