"""Email as a delivery channel: codes, digests, newsletters and reminders over SMTP, through the engine."""

from __future__ import annotations

import asyncio
from urllib.parse import urlsplit

from bots.email.channel import EmailChannel
from digests.delivery.engine import DeliveryEngine, EngineSettings
from digests.rendering import Links

from .bootstrap import App

LEASE = "email-delivery"


def public_url(app: App) -> str:
    """Where links in mail point: the configured public URL, else the webhook's origin, else the listen address."""
    s = app.settings
    if s.public_url:
        return s.public_url.rstrip("/")
    if s.telegram_webhook_url:
        parts = urlsplit(s.telegram_webhook_url)
        return f"{parts.scheme}://{parts.netloc}"
    host, port = s.listen_address()
    return f"http://{host}:{port}"


def email_channel(app: App) -> EmailChannel:
    s = app.settings
    assert s.smtp_url is not None
    return EmailChannel(app.uow, app.clock, Links.email(s.telegram_username), app.settings.resolved_secret(),
                        public_url(app), s.smtp_url.get_secret_value(), s.mail_from, s.mail_per_second)


async def deliver_mail(app: App, stop: asyncio.Event) -> None:
    """Send the outbox's email until `stop` (one process of a deployment at a time)."""
    settings = EngineSettings(workers=4, idle_seconds=app.settings.telegram_poll_seconds,
                              max_tries=app.settings.delivery_max_tries)
    channel = email_channel(app)
    try:
        await DeliveryEngine(app.uow, channel, app.clock, app.lease(LEASE), settings).run(stop)
    finally:
        await channel.close()
