"""Pacing sends so that a bot never goes over its limits, however many sends are under way.

The platform counts arrivals in sliding windows (30 in any second, say). Sends here go through
one gate, evenly spaced, so that any limit-plus-one consecutive sends span the window plus a
little slack: a few milliseconds of jitter on the way cannot bunch them into a 429. A send that
wakes late may catch up only by part of that slack, so a stalled moment never turns into a burst.
The slack is only worth what comes between a slot and its request: nothing that waits (a write to
the database) may, so a send first waits until it is `ready`, does that work, and then takes its slot.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable

from .channels import Limits

#: how much longer than its window a full window's worth of sends takes, against jitter
SLACK = 0.03


class Pacer:
    def __init__(self, limits: Limits, now: Callable[[], float] = time.monotonic) -> None:
        self._now = now
        self._bot_gap = (1.0 + SLACK) / limits.per_second
        self._chat_gap = (1.0 + SLACK) / limits.per_chat_per_second
        self._group_gap = (60.0 + SLACK) / limits.per_group_per_minute
        self._catch_up = SLACK / 2
        self._next_bot = 0.0
        self._next_chat: dict[str, float] = {}
        self._paused_until = 0.0
        self._gate = asyncio.Lock()

    async def ready(self, chat_id: str | None) -> None:
        """Return once this chat's turn has come and no pause holds, taking no slot: what is left to wait for is the
        bot's next slot. Work that must come before a send but may take a while (a write) goes here, not between
        `wait` and the request, where the time it takes would bunch requests together."""
        while (ready := self._ready_at(chat_id)) > (now := self._now()):
            await asyncio.sleep(ready - now)

    async def wait(self, chat_id: str | None, group: bool) -> None:
        """Return at the moment this send may go out. With no chat, only the bot's overall limit applies (a
        request that is no message to a chat, like opening a private chat)."""
        while True:
            ready = self._ready_at(chat_id)
            now = self._now()
            if ready > now:
                await asyncio.sleep(ready - now)
                continue
            async with self._gate:  # one send at a time takes the bot's next slot
                now = self._now()
                slot = max(self._next_bot, now - self._catch_up)
                if slot > now:
                    await asyncio.sleep(slot - now)
                    now = self._now()
                if now < self._paused_until:  # a 429 arrived while we waited
                    continue
                self._next_bot = max(slot, now - self._catch_up) + self._bot_gap
                if chat_id is not None:
                    self._next_chat[chat_id] = now + (self._group_gap if group else self._chat_gap)
                self._forget_old_chats(now)
                return

    def _ready_at(self, chat_id: str | None) -> float:
        return max(self._next_chat.get(chat_id, 0.0) if chat_id is not None else 0.0, self._paused_until)

    def _forget_old_chats(self, now: float) -> None:
        if len(self._next_chat) > 10_000:  # chats whose interval has passed: memory stays bounded
            self._next_chat = {c: t for c, t in self._next_chat.items() if t > now}

    def pause(self, seconds: float) -> None:
        """The platform said 429: nothing more goes out until the pause is over."""
        self._paused_until = max(self._paused_until, self._now() + seconds)
        self._next_bot = max(self._next_bot, self._paused_until)

    @property
    def paused_until(self) -> float:
        return self._paused_until
