"""A channel whose every send is counted by what came of it, for the operator's metrics.

It wraps a platform's channel without changing what the engine sees: the same limits, the same
message ids, the same errors. The outcomes are the channel's own words: `sent`; `rate_limited`, the
platform's 429; `unreachable` (blocked, chat gone); `refused` (a 400 for good); `error`, anything
else, tried again with back-off by the engine.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from core.model.notices import Delivery

from .channels import Channel, Limits, Rejected, RetryLater, Unreachable

#: (platform, outcome) of one send
Count = Callable[[str, str], None]


class CountedChannel:
    def __init__(self, channel: Channel, count: Count) -> None:
        self.inner, self._count = channel, count
        self.platform = channel.platform

    @property
    def limits(self) -> Limits:
        return self.inner.limits

    def is_group(self, chat_id: str) -> bool:
        return self.inner.is_group(chat_id)

    async def send(self, delivery: Delivery, pace: Callable[..., Awaitable[None]]) -> str | None:
        try:
            message_id = await self.inner.send(delivery, pace)
        except RetryLater:
            self._count(self.platform, "rate_limited")
            raise
        except Unreachable:
            self._count(self.platform, "unreachable")
            raise
        except Rejected:
            self._count(self.platform, "refused")
            raise
        except Exception:
            self._count(self.platform, "error")
            raise
        self._count(self.platform, "sent")
        return message_id
