"""`dreambank run`: every configured platform adapter, until interrupted."""

from __future__ import annotations

import asyncio
import logging
import signal
import socket
from urllib.parse import urlsplit

from bots.telegram.app import TelegramAdapter
from bots.telegram.webhook import webhook_route

from .bootstrap import App
from .delivering import delivery_lease_name, telegram_limits
from .mailing import deliver_mail
from .web import listening_socket, mail_routes, serve

log = logging.getLogger(__name__)


def configured(app: App) -> list[str]:
    s = app.settings
    return [name for name, on in (("telegram", s.telegram_token is not None), ("email", s.smtp_url is not None)) if on]


def telegram_adapter(app: App) -> TelegramAdapter:
    s = app.settings
    assert s.telegram_token is not None
    token = s.telegram_token.get_secret_value()
    lease = app.lease(delivery_lease_name(token))
    return TelegramAdapter.build(token, s.telegram_api_url, app.conversation, app.uow, app.codec, app.clock, lease,
                                 webhook=s.telegram_webhook_url is not None, poll_seconds=s.telegram_poll_seconds,
                                 limits=telegram_limits(app), max_tries=s.delivery_max_tries)


async def run(app: App, stop: asyncio.Event | None = None) -> None:
    """The chat adapters, the schedule (in whichever process holds its lease), the email deliverer and the
    HTTP endpoint, as configured, until `stop`; if one of them fails, the others are stopped too."""
    sock = listening_socket(*app.settings.listen_address()) if _serves_http(app) else None
    stop = stop or stop_on_signals()
    work = [asyncio.create_task(app.schedule().run(stop), name="schedule"),
            asyncio.create_task(_serve(app, stop, sock), name="chat and web")]
    if app.settings.smtp_url is not None:
        work.append(asyncio.create_task(deliver_mail(app, stop), name="email"))
    try:
        done, _pending = await asyncio.wait(work, return_when=asyncio.FIRST_EXCEPTION)
        for task in done:
            task.result()
    finally:
        stop.set()
        await asyncio.gather(*work, return_exceptions=True)
        if sock is not None:
            sock.close()  # uvicorn closed it unless something failed before serving began


def _serves_http(app: App) -> bool:
    s = app.settings
    return (s.telegram_token is not None and s.telegram_webhook_url is not None) or bool(mail_routes(app))


async def _serve(app: App, stop: asyncio.Event, sock: socket.socket | None = None) -> None:
    """Telegram by long polling or webhook; the HTTP endpoint (on `sock`, when given) when there is a webhook
    or mail's links."""
    routes = mail_routes(app)
    if app.settings.telegram_token is None:
        await (serve(app, routes, stop, sock) if routes else stop.wait())
        return
    telegram = telegram_adapter(app)
    url = app.settings.telegram_webhook_url
    if url is None:
        log.warning("Telegram: long polling")
        polling = [telegram.run_polling(stop)] + ([serve(app, routes, stop, sock)] if routes else [])
        await asyncio.gather(*polling)
        return
    async with telegram.serving_webhook(url, app.settings.webhook_secret(), stop) as application:
        webhook = webhook_route(urlsplit(url).path or "/", application, app.settings.webhook_secret())
        log.warning("Telegram: webhook at %s", url)
        await serve(app, [webhook, *routes], stop, sock)


def stop_on_signals() -> asyncio.Event:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    return stop
