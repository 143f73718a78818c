"""Email as a delivery channel: codes, digests, newsletters and reminders over SMTP, through the engine."""

from __future__ import annotations

import asyncio

from .bootstrap import App


async def deliver_mail(app: App, stop: asyncio.Event) -> None:
    """Send the outbox's email until `stop` (one process of a deployment at a time)."""
    channel = app.email_channel()
    try:
        await app.email_deliverer(channel).run(stop)
    finally:
        await channel.close()
