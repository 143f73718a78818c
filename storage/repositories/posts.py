"""Messages the platform keeps up to date in a chat, one per topic."""

from __future__ import annotations

import sqlalchemy as sa

from ..tables import PostRow
from .base import Repository


class SqlPosts(Repository):
    async def find(self, platform: str, chat_id: str, topic: str) -> str | None:
        return await self.session.scalar(sa.select(PostRow.message_id).where(
            PostRow.platform == platform, PostRow.chat_id == chat_id, PostRow.topic == topic))

    async def topic_of(self, platform: str, chat_id: str, message_id: str) -> str | None:
        return await self.session.scalar(sa.select(PostRow.topic).where(
            PostRow.platform == platform, PostRow.chat_id == chat_id, PostRow.message_id == message_id).limit(1))

    async def remember(self, platform: str, chat_id: str, topic: str, message_id: str) -> None:
        await self._delete(PostRow, PostRow.platform == platform, PostRow.chat_id == chat_id, PostRow.topic == topic)
        await self._insert(PostRow(platform=platform, chat_id=chat_id, topic=topic, message_id=message_id))
