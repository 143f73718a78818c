"""Telegram as a delivery channel: notices rendered to HTML and sent, posts edited in place."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import replace

from telegram import Bot
from telegram.constants import ParseMode
from telegram.error import BadRequest, ChatMigrated, Forbidden, NetworkError, RetryAfter, TimedOut

from jinja2 import Environment

from core.chat.buttons import ButtonCodec
from core.chat.notices import compose
from core.chat.replies import Message
from core.clock import Clock
from core.links import Links
from core.model.members import Identity
from core.model.notices import Audience, Delivery, NoticeKind
from core.ports import UnitOfWorkFactory
from core.usecases.chats import chat_moved
from digests.delivery.channels import Limits, Rejected, RetryLater, Transient, Unreachable
from digests.rendering.digests import render_digest

from .invites import Invites
from .render import Outgoing, keyboard_of, render
from .sending import NO_PREVIEW, seconds, send_part

log = logging.getLogger(__name__)
PLATFORM = "telegram"
#: what Telegram answers when the person to remove is not someone it can find in the chat: nothing to do
NOBODY_TO_REMOVE = ("user not found", "participant_id_invalid", "user_id_invalid", "invalid user_id",
                    "user_not_participant")
#: what a removal cannot fix by trying again: the bot may not ban, or the person runs the group
CANNOT_REMOVE = ("not enough rights", "chat_admin_required", "user is an administrator", "can't remove chat owner",
                 "can't restrict self")
_NOT_EDITABLE = ("message to edit not found", "there is no text in the message to edit",
                 "there is no caption in the message to edit")


class TelegramChannel:
    platform = PLATFORM

    def __init__(self, bot: Bot, db: UnitOfWorkFactory, codec: ButtonCodec, clock: Clock, templates: Environment,
                 limits: Limits = Limits(), public_url: str = "") -> None:
        """`public_url`, the portal's address, is what share buttons share (without one, the bot's deep link)."""
        self._bot, self._db, self._codec, self._clock = bot, db, codec, clock
        self._templates, self._public_url = templates, public_url
        self._invites = Invites(db)
        self.limits = limits

    def is_group(self, chat_id: str) -> bool:
        return chat_id.startswith("-")

    async def send(self, delivery: Delivery, pace: Callable[[], Awaitable[None]]) -> str | None:
        try:
            return await self._send(delivery, pace)
        except ChatMigrated as moved:
            # the group became a supergroup: the link follows it and this notice goes there, once
            new_chat_id = str(moved.new_chat_id)
            async with self._db() as uow:
                await chat_moved(uow, self._clock, PLATFORM, delivery.chat_id, new_chat_id)
                await uow.commit()
            log.info("chat %s became %s; sending there", delivery.chat_id, new_chat_id)
            there = replace(delivery, chat_id=new_chat_id)
            message_id = await self._send(there, pace)
            if delivery.notice.topic and message_id is not None:  # the recorder remembers it under the old id
                async with self._db() as uow:
                    await uow.posts.remember(PLATFORM, new_chat_id, delivery.notice.topic, message_id)
                    await uow.commit()
            return message_id

    async def _send(self, delivery: Delivery, pace: Callable[[], Awaitable[None]]) -> str | None:
        try:
            if delivery.notice.kind is NoticeKind.CIRCLE_REMOVAL:
                return await self._remove_from_circle(delivery, pace)
            if delivery.notice.kind is NoticeKind.CIRCLE_ADMISSION:
                return None  # the closed group is joined by asking; the new pådriver is let in then
            if delivery.notice.kind is NoticeKind.EVENT_REMINDER and delivery.notice.audience is not Audience.MEMBER:
                return None  # a group has no thread for an event: those going are reminded one by one
            message = compose(self._codec, delivery.notice)  # its live state read by the engine
            if message.digest is not None:
                return await self._post(delivery, self._digest(message, delivery.language), pace)
            invites = await self._invites.urls(self._bot, [message], pace)
            parts = render(message, delivery.language, self._bot.username or "", invites=invites,
                           public_url=self._public_url)
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

    def _digest(self, message: Message, language: str) -> list[Outgoing]:
        """The digest from its Telegram template, with its buttons (the member's settings) on the last part."""
        assert message.digest is not None
        texts = render_digest(self._templates, message.digest, PLATFORM, language,
                              Links.telegram(self._bot.username or ""))
        keyboard = keyboard_of(message, language, self._bot.username or "", None, self._public_url)
        return [Outgoing(text, keyboard if i == len(texts) - 1 else None) for i, text in enumerate(texts)]

    async def _post(self, delivery: Delivery, parts: list[Outgoing], pace: Callable[[], Awaitable[None]]
                    ) -> str | None:
        """Edit the topic's message when there is one; otherwise send. The last message's id."""
        notice, chat_id = delivery.notice, delivery.chat_id
        if notice.topic and len(parts) == 1:
            async with self._db() as uow:
                existing = await uow.posts.find(PLATFORM, chat_id, notice.topic)
            if existing is not None and await self._edit(chat_id, int(existing), parts[0], pace):
                return existing
        last = None
        for part in parts:
            sent = await send_part(self._bot, chat_id, part, pace)
            if sent is not None:
                last = str(sent.message_id)
        return last

    async def _edit(self, chat_id: str, message_id: int, part: Outgoing, pace: Callable[[], Awaitable[None]]) -> bool:
        """Edit the post's text (or, for a photo or file, its caption); False when it must be sent anew."""
        try:
            await pace()
            if part.is_text:
                await self._bot.edit_message_text(part.text, chat_id=chat_id, message_id=message_id,
                                                  parse_mode=ParseMode.HTML, reply_markup=part.keyboard,
                                                  link_preview_options=NO_PREVIEW)
            else:
                await self._bot.edit_message_caption(chat_id=chat_id, message_id=message_id, caption=part.text,
                                                     parse_mode=ParseMode.HTML, reply_markup=part.keyboard)
            return True
        except BadRequest as bad:
            if "not modified" in bad.message.lower():
                return True
            if not any(s in bad.message.lower() for s in _NOT_EDITABLE):
                raise
            return False

    async def _remove_from_circle(self, delivery: Delivery, pace: Callable[[], Awaitable[None]]) -> None:
        """Out of the closed group, free to ask to join again: banned, then unbanned if still banned."""
        member_id = delivery.notice.params["member_id"]
        async with self._db() as uow:
            identities = list(await uow.members.identities(member_id))
        identities += [Identity(p, e) for p, e in delivery.notice.params.get("accounts", [])]  # an erased member's
        for user_id in dict.fromkeys(int(i.external_id) for i in identities
                                     if i.platform == PLATFORM and i.external_id.lstrip("-").isdigit()):
            try:
                await pace()
                await self._bot.ban_chat_member(delivery.chat_id, user_id)
            except BadRequest as bad:
                text = bad.message.lower()
                if any(s in text for s in NOBODY_TO_REMOVE):
                    log.info("member %s was not in the closed group %s: %s", member_id, delivery.chat_id, bad.message)
                    continue
                if any(s in text for s in CANNOT_REMOVE):
                    raise Rejected(bad.message) from bad
                raise
            await pace()
            await self._bot.unban_chat_member(delivery.chat_id, user_id, only_if_banned=True)
        return None
