"""Telegram as a delivery channel: notices rendered to HTML and sent, posts edited in place."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from telegram import Bot, LinkPreviewOptions
from telegram.constants import ParseMode
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TimedOut

from core.chat.buttons import ButtonCodec
from core.chat.notices import compose
from core.clock import Clock
from core.model.members import Identity
from core.model.notices import Audience, Delivery
from core.ports import UnitOfWorkFactory
from core.usecases.chats import chat_lost
from digests.delivery.channels import Limits, Rejected, RetryLater, Transient, Unreachable

from .render import Outgoing, render
from .sending import seconds

PLATFORM = "telegram"
NO_PREVIEW = LinkPreviewOptions(is_disabled=True)


class TelegramChannel:
    platform = PLATFORM

    def __init__(self, bot: Bot, db: UnitOfWorkFactory, codec: ButtonCodec, clock: Clock,
                 limits: Limits = Limits()) -> None:
        self._bot, self._db, self._codec, self._clock = bot, db, codec, clock
        self.limits = limits

    def is_group(self, chat_id: str) -> bool:
        return chat_id.startswith("-")

    async def send(self, delivery: Delivery, pace: Callable[[], Awaitable[None]]) -> str | None:
        parts = render(compose(self._codec, delivery.notice), delivery.language, self._bot.username or "")
        try:
            return await self._post(delivery, parts, pace)
        except RetryAfter as slow_down:
            raise RetryLater(seconds(slow_down.retry_after)) from slow_down
        except Forbidden as refused:
            raise Unreachable(refused.message) from refused
        except BadRequest as bad:
            text = bad.message.lower()
            if "chat not found" in text or "chat_write_forbidden" in text or "not enough rights" in text:
                raise Unreachable(bad.message) from bad
            raise Rejected(bad.message) from bad
        except (TimedOut, NetworkError) as trouble:
            raise Transient(str(trouble)) from trouble

    async def _post(self, delivery: Delivery, parts: list[Outgoing], pace: Callable[[], Awaitable[None]]
                    ) -> str | None:
        """Edit the topic's message when there is one; otherwise send. The last message's id."""
        notice, chat_id = delivery.notice, delivery.chat_id
        if notice.topic and len(parts) == 1:
            async with self._db() as uow:
                existing = await uow.posts.find(PLATFORM, chat_id, notice.topic)
            if existing is not None:
                try:
                    await pace()
                    await self._bot.edit_message_text(parts[0].text, chat_id=chat_id, message_id=int(existing),
                                                      parse_mode=ParseMode.HTML, reply_markup=parts[0].keyboard,
                                                      link_preview_options=NO_PREVIEW)
                    return existing
                except BadRequest as bad:
                    if "not modified" in bad.message.lower():
                        return existing
                    if "message to edit not found" not in bad.message.lower():
                        raise
        last = None
        for part in parts:
            await pace()
            sent = await self._bot.send_message(chat_id, part.text, parse_mode=ParseMode.HTML,
                                                reply_markup=part.keyboard, link_preview_options=NO_PREVIEW)
            last = str(sent.message_id)
        return last

    async def chat_gone(self, delivery: Delivery, reason: str) -> None:
        async with self._db() as uow:
            if delivery.notice.audience is Audience.MEMBER:
                await uow.members.mark_unreachable(Identity(PLATFORM, delivery.chat_id))
            else:
                link = await uow.branches.linked_chat(PLATFORM, delivery.chat_id)
                if link is not None:
                    await chat_lost(uow, self._clock, link, reason)
            await uow.commit()
