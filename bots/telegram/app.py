"""Running the Telegram adapter: long polling by default, or a webhook served over ASGI."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from dataclasses import dataclass

from telegram import Update
from telegram.ext import Application, ApplicationBuilder

from core.chat.buttons import ButtonCodec
from core.chat.conversation import Conversation
from core.clock import Clock
from core.ports import Lease, UnitOfWorkFactory

from digests.delivery.channels import Limits
from digests.delivery.engine import DeliveryEngine, EngineSettings

from .channel import TelegramChannel
from .menu import set_menus
from .polling import Polling
from .updates import UpdateHandler

log = logging.getLogger(__name__)
STOP_GRACE_SECONDS = 5.0
ALLOWED_UPDATES = [Update.MESSAGE, Update.CHANNEL_POST, Update.CALLBACK_QUERY, Update.CHAT_JOIN_REQUEST,
                   Update.MY_CHAT_MEMBER]


@dataclass
class TelegramAdapter:
    application: Application
    delivery: DeliveryEngine
    polling: Polling

    @classmethod
    def build(cls, token: str, api_url: str, conversation: Conversation, db: UnitOfWorkFactory, codec: ButtonCodec,
              clock: Clock, lease: Lease, webhook: bool = False, poll_seconds: float = 1.0,
              poll_timeout: int = 20, limits: Limits | None = None, max_tries: int = 5) -> "TelegramAdapter":
        """`lease` is held by the one process that sends this bot's notices."""
        # as many connections as the engine has sends under way, so paced requests leave at once
        # no Updater in either mode: in polling mode its offsets acknowledge updates before they are handled
        builder: ApplicationBuilder = (Application.builder().token(token).base_url(api_url)
                                       .connection_pool_size(EngineSettings.workers + 8).updater(None))
        application = builder.build()
        channel = TelegramChannel(application.bot, db, codec, clock, limits or Limits())
        delivery = DeliveryEngine(db, channel, clock, lease, EngineSettings(idle_seconds=poll_seconds,
                                                                                max_tries=max_tries))
        UpdateHandler(conversation, codec, delivery.wake, db).install(application)
        polling = Polling(application, db, clock, inbox_source(token), ALLOWED_UPDATES, poll_timeout)
        return cls(application, delivery, polling)

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
                await _finish(delivering)

    @contextlib.asynccontextmanager
    async def serving_webhook(self, url: str, secret: str, stop: asyncio.Event, set_webhook: bool = True):
        """The application ready for the webhook route; Telegram told where to post (once per deployment)."""
        async with self.application:
            if set_webhook:
                await set_menus(self.application.bot)
                await self.application.bot.set_webhook(url, secret_token=secret, allowed_updates=ALLOWED_UPDATES)
            await self.application.start()
            delivering = asyncio.create_task(self.delivery.run(stop))
            try:
                yield self.application
            finally:
                stop.set()
                await self.application.stop()
                await _finish(delivering)


def inbox_source(token: str) -> str:
    """The bot's name in the inbox: its numeric id, the part of the token that is no secret."""
    return f"telegram:{token.split(':', 1)[0]}"


async def _finish(delivering: asyncio.Task, grace: float = STOP_GRACE_SECONDS) -> None:
    """Let the deliverer record what is in flight and give up its lease; cancel it only if it does not stop."""
    done, _pending = await asyncio.wait({delivering}, timeout=grace)
    if not done:
        log.warning("notice delivery did not stop within %.0f s; cancelling it", grace)
        delivering.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await delivering
