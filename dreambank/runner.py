"""`dreambank run`: every configured platform adapter, until interrupted."""

from __future__ import annotations

import asyncio
import logging
import signal
from urllib.parse import urlsplit

import uvicorn
from starlette.applications import Starlette

from bots.telegram.app import TelegramAdapter
from bots.telegram.webhook import webhook_route

from .bootstrap import App
from .delivering import delivery_lease_name, telegram_limits
from .releasing import keep_releasing

log = logging.getLogger(__name__)


def configured(app: App) -> list[str]:
    return ["telegram"] if app.settings.telegram_token is not None else []


def telegram_adapter(app: App) -> TelegramAdapter:
    s = app.settings
    assert s.telegram_token is not None
    token = s.telegram_token.get_secret_value()
    lease = app.lease(delivery_lease_name(token))
    return TelegramAdapter.build(token, s.telegram_api_url, app.conversation, app.uow, app.codec, app.clock, lease,
                                 webhook=s.telegram_webhook_url is not None, poll_seconds=s.telegram_poll_seconds,
                                 limits=telegram_limits(app), max_tries=s.delivery_max_tries)


async def run(app: App, stop: asyncio.Event | None = None) -> None:
    stop = stop or stop_on_signals()
    releasing = asyncio.create_task(keep_releasing(app, stop))
    try:
        await _serve(app, stop)
    finally:
        stop.set()
        await releasing


async def _serve(app: App, stop: asyncio.Event) -> None:
    telegram = telegram_adapter(app)
    url = app.settings.telegram_webhook_url
    if url is None:
        log.warning("Telegram: long polling")
        await telegram.run_polling(stop)
        return
    host, port = app.settings.listen_address()
    async with telegram.serving_webhook(url, app.settings.webhook_secret(), stop) as application:
        web = Starlette(routes=[webhook_route(urlsplit(url).path or "/", application, app.settings.webhook_secret())])
        server = uvicorn.Server(uvicorn.Config(web, host=host, port=port, log_level="warning", lifespan="off"))
        log.warning("Telegram: webhook at %s, listening on %s:%s", url, host, port)
        serving = asyncio.create_task(server.serve())
        await stop.wait()
        server.should_exit = True
        await serving


def stop_on_signals() -> asyncio.Event:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    return stop
