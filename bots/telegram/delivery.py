"""Sending the outbox's notices on Telegram: to members privately, and posts to the branch's chats.

A post (a notice with a topic) edits the chat's earlier message on that topic, and only the newest
pending state of a topic is sent, so a burst of likes becomes one edit.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence

from telegram import Bot, LinkPreviewOptions
from telegram.constants import ParseMode
from telegram.error import BadRequest, TelegramError

from core.chat.buttons import ButtonCodec
from core.chat.notices import compose
from core.clock import Clock
from core.i18n import DEFAULT_LANGUAGE
from core.model.members import Identity
from core.model.notices import Audience, Delivery
from core.ports import Lease, UnitOfWorkFactory
from core.usecases.chats import chat_lost

from .render import Outgoing, render
from .sending import ChatGone, call

log = logging.getLogger(__name__)
PLATFORM = "telegram"
NO_PREVIEW = LinkPreviewOptions(is_disabled=True)


class TelegramDelivery:
    def __init__(self, bot: Bot, db: UnitOfWorkFactory, codec: ButtonCodec, clock: Clock, lease: Lease,
                 poll_seconds: float = 1.0) -> None:
        self._bot, self._db, self._codec, self._clock = bot, db, codec, clock
        self._lease = lease  # one process at a time sends for this bot, so its limits hold
        self._poll_seconds = poll_seconds
        self._wake = asyncio.Event()

    def wake(self) -> None:
        """Look at the outbox now (an update was just handled and may have written notices)."""
        self._wake.set()

    async def run(self, stop: asyncio.Event) -> None:
        try:
            await self._deliver_while_running(stop)
        finally:
            await self._lease.release()

    async def _deliver_while_running(self, stop: asyncio.Event) -> None:
        while not stop.is_set():
            try:
                sent = await self.deliver_pending() if await self._lease.hold() else 0
            except Exception:  # one bad round must not stop delivery; it is logged and tried again
                log.exception("delivering Telegram notices failed; trying again shortly")
                sent = 0
            if sent:
                continue
            self._wake.clear()
            try:
                await asyncio.wait_for(self._wake.wait(), self._poll_seconds)
            except asyncio.TimeoutError:
                pass

    async def deliver_pending(self, limit: int = 100) -> int:
        """Send what is pending now; the number of notices dealt with."""
        async with self._db() as uow:
            pending = list(await uow.outbox.pending_on(PLATFORM, limit))
        current, superseded = newest_per_topic(pending)
        if superseded:
            async with self._db() as uow:
                await uow.outbox.supersede([d.notice.id for d in superseded], self._clock.now())
                await uow.commit()
        for delivery in current:
            await self._deliver(delivery)
        return len(pending)

    async def _deliver(self, delivery: Delivery) -> None:
        notice = delivery.notice
        language = await self._language(delivery)
        parts = render(compose(self._codec, notice), language, self._bot.username or "")
        try:
            message_id = await self._post(delivery, parts)
        except ChatGone as gone:
            await self._gone(delivery, gone)
            return
        except (BadRequest, TelegramError) as error:
            log.warning("notice %s could not be sent: %s", notice.id, error)
            async with self._db() as uow:
                await uow.outbox.mark_failed(notice.id, PLATFORM, self._clock.now(), str(error))
                await uow.commit()
            return
        async with self._db() as uow:
            if notice.topic and message_id:
                await uow.posts.remember(PLATFORM, delivery.chat_id, notice.topic, message_id)
            await uow.outbox.mark_sent(notice.id, PLATFORM, self._clock.now(), message_id)
            await uow.commit()

    async def _post(self, delivery: Delivery, parts: list[Outgoing]) -> str | None:
        """Edit the topic's message when there is one; otherwise send. The last message's id."""
        notice, chat_id = delivery.notice, delivery.chat_id
        if notice.topic and len(parts) == 1:
            async with self._db() as uow:
                existing = await uow.posts.find(PLATFORM, chat_id, notice.topic)
            if existing is not None:
                try:
                    await call(lambda: self._bot.edit_message_text(
                        parts[0].text, chat_id=chat_id, message_id=int(existing), parse_mode=ParseMode.HTML,
                        reply_markup=parts[0].keyboard, link_preview_options=NO_PREVIEW), "editing a post")
                    return existing
                except BadRequest as bad:
                    if "not modified" in bad.message.lower():
                        return existing
                    if "message to edit not found" not in bad.message.lower():
                        raise
        last = None
        for part in parts:
            sent = await call(lambda: self._bot.send_message(
                chat_id, part.text, parse_mode=ParseMode.HTML, reply_markup=part.keyboard,
                link_preview_options=NO_PREVIEW), "sending a notice")
            last = str(sent.message_id)
        return last

    async def _gone(self, delivery: Delivery, gone: ChatGone) -> None:
        notice = delivery.notice
        async with self._db() as uow:
            if notice.audience is Audience.MEMBER:
                await uow.members.mark_unreachable(Identity(PLATFORM, delivery.chat_id))
                log.info("member %s blocked the bot or left; not writing to them on Telegram", notice.member_id)
            else:
                link = await uow.branches.linked_chat(PLATFORM, delivery.chat_id)
                if link is not None:
                    await chat_lost(uow, self._clock, link, gone.reason)
            await uow.outbox.mark_failed(notice.id, PLATFORM, self._clock.now(), gone.reason)
            await uow.commit()

    async def _language(self, delivery: Delivery) -> str:
        async with self._db() as uow:
            branch = await uow.branches.get(delivery.notice.branch_id)
            fallback = branch.language if branch else DEFAULT_LANGUAGE
            if delivery.notice.member_id is None:
                return fallback
            member = await uow.members.get(delivery.notice.member_id)
            return member.speaks(fallback) if member else fallback


def newest_per_topic(pending: Sequence[Delivery]) -> tuple[list[Delivery], list[Delivery]]:
    """Keep the newest pending state of each topic in each chat; the older ones are superseded."""
    newest: dict[tuple[str, str], Delivery] = {}
    for d in pending:
        if d.notice.topic:
            key = (d.chat_id, d.notice.topic)
            if key not in newest or (newest[key].notice.id or 0) < (d.notice.id or 0):
                newest[key] = d
    keep = [d for d in pending if not d.notice.topic or newest[(d.chat_id, d.notice.topic)] is d]
    return keep, [d for d in pending if d not in keep]
