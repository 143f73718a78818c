"""Pacing sends so that a bot never goes over its limits, however many sends are under way.

A send first waits until its chat may be written to again, then takes the bot's next free slot
and sleeps until it: sends come out evenly spaced, just under the limits, instead of in bursts that
the platform answers with 429.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable

from .channels import Limits

#: sends are spaced this much wider than the limits allow, against jitter on the way
MARGIN = 1.02


class Pacer:
    def __init__(self, limits: Limits, now: Callable[[], float] = time.monotonic) -> None:
        self._now = now
        self._bot_gap = MARGIN / limits.per_second
        self._chat_gap = MARGIN / limits.per_chat_per_second
        self._group_gap = MARGIN * 60.0 / limits.per_group_per_minute
        self._next_bot = 0.0
        self._next_chat: dict[str, float] = {}
        self._paused_until = 0.0

    async def wait(self, chat_id: str, group: bool) -> None:
        """Return at the moment this send may go out (no awaits between a check and its reservation)."""
        gap = self._group_gap if group else self._chat_gap
        while True:
            now = self._now()
            ready = max(self._next_chat.get(chat_id, 0.0), self._paused_until)
            if ready <= now:
                at = max(now, self._next_bot)
                self._next_bot = at + self._bot_gap
                self._next_chat[chat_id] = at + gap
                self._forget_old_chats(now)
                if at > now:
                    await asyncio.sleep(at - now)
                if self._paused_until <= self._now():
                    return
                self._next_chat[chat_id] = 0.0  # a 429 came while we slept: queue again behind the pause
                continue
            await asyncio.sleep(ready - now)

    def _forget_old_chats(self, now: float) -> None:
        if len(self._next_chat) > 10_000:  # chats whose interval has passed: memory stays bounded
            self._next_chat = {c: t for c, t in self._next_chat.items() if t > now}

    def pause(self, seconds: float) -> None:
        """The platform said 429: nothing more goes out until the pause is over."""
        self._paused_until = max(self._paused_until, self._now() + seconds)
        self._next_bot = max(self._next_bot, self._paused_until)
