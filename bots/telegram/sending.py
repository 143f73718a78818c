"""Calling Telegram: waiting out a 429, retrying what failed on the way, and naming what cannot be fixed."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import TypeVar

from telegram import Bot, InputFile, LinkPreviewOptions, Message as TgMessage
from telegram.constants import ParseMode
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TimedOut

from .render import Outgoing

log = logging.getLogger(__name__)
T = TypeVar("T")

TRIES = 4
RETRY_AFTER_MAX = 120.0
NO_PREVIEW = LinkPreviewOptions(is_disabled=True)
#: what Telegram answers when it cannot fetch or read a picture: the text goes without it
UNUSABLE_PHOTO = ("wrong file identifier", "http url", "failed to get", "wrong type of the web page content",
                  "image_process_failed", "photo_invalid_dimensions", "type of file mismatch", "wrong remote file")


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


async def _no_pause() -> None:
    return None


async def send_part(bot: Bot, chat_id: int | str, part: Outgoing,
                    pace: Callable[[], Awaitable[None]] = _no_pause) -> TgMessage | None:
    """Send one rendered part as a text, a photo or a file, awaiting `pace` before each request.

    A picture Telegram cannot fetch or read is left out and its caption sent as a text; None when
    nothing was left to send.
    """
    await pace()
    caption = {"caption": part.text, "parse_mode": ParseMode.HTML} if part.text else {}
    if part.photo is not None:
        try:
            return await bot.send_photo(chat_id, part.photo, reply_markup=part.keyboard, **caption)
        except BadRequest as bad:
            if not any(s in bad.message.lower() for s in UNUSABLE_PHOTO):
                raise
            log.warning("Telegram could not show a picture in chat %s (%s); sending the text alone",
                        chat_id, bad.message)
        if not part.text:
            return None
        await pace()
    elif part.document is not None:
        upload = InputFile(part.document.data, filename=part.document.filename)
        upload.mimetype = part.document.mime or upload.mimetype
        return await bot.send_document(chat_id, upload, reply_markup=part.keyboard, **caption)
    return await bot.send_message(chat_id, part.text, parse_mode=ParseMode.HTML, reply_markup=part.keyboard,
                                  link_preview_options=NO_PREVIEW)
