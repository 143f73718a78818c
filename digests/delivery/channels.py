"""What a platform must offer the delivery engine: its limits, and a send that names its failures."""

from __future__ import annotations

from dataclasses import dataclass
from collections.abc import Awaitable, Callable
from typing import Protocol

from core.model.notices import Delivery


@dataclass(frozen=True)
class Limits:
    """How fast one bot may send: overall, to one private chat, and to one group or channel."""

    per_second: float = 30.0
    per_chat_per_second: float = 1.0
    per_group_per_minute: float = 20.0

    def scaled(self, factor: float) -> "Limits":
        return Limits(self.per_second * factor, self.per_chat_per_second * factor, self.per_group_per_minute * factor)


class RetryLater(Exception):
    """The platform asked us to slow down (HTTP 429): nothing is sent for `seconds`."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"retry after {seconds} s")
        self.seconds = seconds


class Unreachable(Exception):
    """The person blocked us, or the chat is gone: stop writing there."""


class Rejected(Exception):
    """The platform refused this message for good (a 400 that trying again will not fix)."""


class Transient(Exception):
    """Network trouble or a server error: worth trying again later."""


class Channel(Protocol):
    """One platform's way out (Telegram, email, later Discord): each says what a send's failure means through
    the errors above, and the engine and core decide what follows (a blocked bot or a bounced address is core's
    `unreachable`)."""

    platform: str
    limits: Limits

    def is_group(self, chat_id: str) -> bool: ...

    async def send(self, delivery: Delivery, pace: Callable[..., Awaitable[None]]) -> str | None:
        """Send (or, for a post, edit) and return the platform's message id; raise one of the errors above.

        `pace` is awaited before every message that goes out (a long notice may take several);
        `pace(chat=False)` before a request that is no message to the chat (opening a private chat first),
        which counts against the bot's overall limit only.
        """
        ...
