"""Messages kept up to date in a chat, in memory."""

from __future__ import annotations

from .store import Store


class FakePosts:
    def __init__(self, s: Store) -> None:
        self.s = s

    async def find(self, platform: str, chat_id: str, topic: str) -> str | None:
        return self.s.posts.get((platform, chat_id, topic))

    async def topic_of(self, platform: str, chat_id: str, message_id: str) -> str | None:
        return next((t for (p, c, t), m in self.s.posts.items() if (p, c, m) == (platform, chat_id, message_id)), None)

    async def remember(self, platform: str, chat_id: str, topic: str, message_id: str) -> None:
        self.s.posts[(platform, chat_id, topic)] = message_id
