"""`dreambank run`: every configured platform adapter (Telegram, Discord), the schedule and the web app, until
interrupted."""

from __future__ import annotations

import asyncio
import logging
import signal
import socket

from web.server import listening_socket, serve

from .bootstrap import App, freeze_startup_objects
from .mailing import deliver_mail
from .together import until_one_fails

log = logging.getLogger(__name__)


async def run(app: App, stop: asyncio.Event | None = None) -> None:
    """The chat adapters, the schedule (in whichever process holds its lease), the email deliverer, as
    configured, and the web app (the portal always, the webhook and mail's links when set up), until `stop`; if
    one of them fails, the others are stopped too."""
    sock = listening_socket(*app.settings.listen_address())
    stop = stop or stop_on_signals()
    freeze_startup_objects()
    work = [asyncio.create_task(app.schedule().run(stop), name="schedule"),
            asyncio.create_task(_serve(app, stop, sock), name="chat and web")]
    if app.settings.discord_token is not None:
        work.append(asyncio.create_task(_discord(app, stop), name="discord"))
    if app.settings.smtp_url is not None:
        work.append(asyncio.create_task(deliver_mail(app, stop), name="email"))
    try:
        await until_one_fails(work, stop)
    finally:
        sock.close()  # uvicorn closed it unless something failed before serving began


async def _serve(app: App, stop: asyncio.Event, sock: socket.socket) -> None:
    """Telegram by long polling or webhook, and the web app on `sock`."""
    host, port = app.settings.listen_address()
    log.warning("the web portal at http://%s:%s/", host, port)
    if app.settings.telegram_token is None:
        await serve(app.web_app(), host, port, stop, sock)
        return
    telegram = app.telegram_adapter()
    url = app.settings.telegram_webhook_url
    if url is None:
        log.warning("Telegram: long polling")
        await asyncio.gather(telegram.run_polling(stop), serve(app.web_app(), host, port, stop, sock))
        return
    async with telegram.serving_webhook(url, app.settings.webhook_secret(), stop):
        log.warning("Telegram: webhook at %s", url)
        await serve(app.web_app(telegram), host, port, stop, sock)


async def serve_web(app: App, stop: asyncio.Event | None = None) -> None:
    """Only the web app (the portal and its feeds, mail's links when mail is set up, and Telegram's webhook when
    DREAMBANK_TELEGRAM_WEBHOOK_URL is set) on the listen address, until `stop`: a stateless worker, one of
    several behind a load balancer, that neither delivers nor schedules (`dreambank deliver` and
    `dreambank schedule` do, in processes of their own); or a deployment that publishes its branches only."""
    sock = listening_socket(*app.settings.listen_address())
    stop = stop or stop_on_signals()
    host, port = app.settings.listen_address()
    log.warning("the web portal at http://%s:%s/", host, port)
    url = app.settings.telegram_webhook_url
    try:
        if app.settings.telegram_token is None or url is None:
            await serve(app.web_app(), host, port, stop, sock)
            return
        telegram = app.telegram_adapter()
        async with telegram.serving_webhook(url, app.settings.webhook_secret(), stop, deliver=False):
            log.warning("Telegram: webhook at %s", url)
            web = app.web_app(telegram)
            freeze_startup_objects()  # as `dreambank run` does: later collections pass over start-up's objects
            await serve(web, host, port, stop, sock)
    finally:
        sock.close()


async def _discord(app: App, stop: asyncio.Event) -> None:
    """The Discord bot with its deliverer, until `stop` (or until Discord refuses it, which stops the rest)."""
    await app.discord_adapter().run(stop)


def stop_on_signals() -> asyncio.Event:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    return stop
