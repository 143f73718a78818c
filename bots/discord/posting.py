"""Sending and editing one Discord message, each request after the engine's pace; a post's message found by topic."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

import discord

from core.ports import UnitOfWorkFactory

from .render import Outgoing

log = logging.getLogger(__name__)
PLATFORM = "discord"
Pace = Callable[..., Awaitable[None]]
#: the message to edit is gone, or the thread it was in (deleted by a moderator): the post is made anew
UNKNOWN_MESSAGE, UNKNOWN_CHANNEL = 10008, 10003
#: a message in an archived thread cannot be edited until the thread is opened again
THREAD_ARCHIVED = 50083
#: posts made lately, remembered here too: the engine writes a post's id down just after sending it, and
#: the topic's next state may be sent before that write (it would open a second post)
RECENT_MOST = 10_000


class Poster:
    def __init__(self, client: discord.Client, db: UnitOfWorkFactory) -> None:
        self._client, self._db = client, db
        self._recent: dict[tuple[str, str], str] = {}

    async def post(self, channel_id: int, chat: str, topic: str, parts: list[Outgoing], pace: Pace) -> str | None:
        """Edit the topic's message in `chat` when there is one; otherwise send. The last message's id."""
        if topic and len(parts) == 1:
            existing = await self.find(chat, topic)
            if existing is not None and await self.edit(channel_id, int(existing), parts[0], pace):
                return existing
        last = None
        for part in parts:
            last = await self.send(channel_id, part, pace)
        if topic and last is not None:
            self.posted(chat, topic, last)
        return last

    def posted(self, chat: str, topic: str, message_id: str) -> None:
        """A post just made, known at once to the next state of its topic."""
        if len(self._recent) >= RECENT_MOST:
            self._recent.pop(next(iter(self._recent)))
        self._recent[(chat, topic)] = message_id

    async def send(self, channel_id: int, part: Outgoing, pace: Pace) -> str:
        await pace()
        sent = await self._client.get_partial_messageable(channel_id).send(**part.kwargs())
        return str(sent.id)

    async def edit(self, channel_id: int, message_id: int, part: Outgoing, pace: Pace) -> bool:
        """Edit the message in place; False when it is gone and must be sent anew."""
        message = self._client.get_partial_messageable(channel_id).get_partial_message(message_id)
        for _ in range(2):
            try:
                await pace()
                await message.edit(**part.kwargs(edit=True))
                return True
            except discord.NotFound as missing:
                if missing.code not in (UNKNOWN_MESSAGE, UNKNOWN_CHANNEL):
                    raise
                log.info("message %s in channel %s is gone; sending the post anew", message_id, channel_id)
                return False
            except discord.HTTPException as refused:
                if refused.code != THREAD_ARCHIVED:
                    raise
                await pace(chat=False)
                await self._client.http.edit_channel(channel_id, archived=False)
        return False

    async def find(self, chat: str, topic: str) -> str | None:
        found = self._recent.get((chat, topic))
        if found is not None:
            return found
        async with self._db() as uow:
            return await uow.posts.find(PLATFORM, chat, topic)

    async def remember(self, chat: str, topic: str, message_id: str) -> None:
        self.posted(chat, topic, message_id)
        async with self._db() as uow:
            await uow.posts.remember(PLATFORM, chat, topic, message_id)
            await uow.commit()
