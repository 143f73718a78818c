"""Calling Telegram: waiting out a 429, retrying what failed on the way, and naming what cannot be fixed."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import TypeVar

from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TimedOut

log = logging.getLogger(__name__)
T = TypeVar("T")

TRIES = 4
RETRY_AFTER_MAX = 120.0


class ChatGone(Exception):
    """The chat does not exist any more, or we may not write there (blocked, removed)."""

    def __init__(self, reason: str, blocked: bool) -> None:
        super().__init__(reason)
        self.reason, self.blocked = reason, blocked


async def call(work: Callable[[], Awaitable[T]], what: str, tries: int = TRIES) -> T:
    """Run one Bot API call: a 429 is waited out, network trouble is retried with back-off."""
    for attempt in range(1, tries + 1):
        try:
            return await work()
        except RetryAfter as limit:
            wait = min(seconds(limit.retry_after), RETRY_AFTER_MAX)
            log.info("Telegram asked us to wait %.1f s before %s", wait, what)
            await asyncio.sleep(wait)
        except Forbidden as refused:
            raise ChatGone(refused.message, blocked=True) from refused
        except BadRequest as bad:
            if "chat not found" in bad.message.lower() or "chat_write_forbidden" in bad.message.lower():
                raise ChatGone(bad.message, blocked=False) from bad
            raise
        except (TimedOut, NetworkError) as trouble:
            if attempt == tries:
                raise
            log.info("network trouble during %s (%s); trying again", what, trouble)
            await asyncio.sleep(min(2 ** attempt * 0.25, 5))
    raise TimeoutError(f"{what}: Telegram kept asking us to wait")


def seconds(value: object) -> float:
    """PTB gives retry_after as seconds or, with PTB_TIMEDELTA set, as a timedelta."""
    total = getattr(value, "total_seconds", None)
    return float(total()) if callable(total) else float(value)  # type: ignore[arg-type]
