"""Telegram's flood limits: what they allow, the limiter that enforces them, and what it saw."""

from __future__ import annotations

import math
from array import array
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass

from tests.standins.telegram.records import ApiError, description_for

# Methods the flood limits count (lower case): those that send or edit a message. The ones this
# stand-in does not implement answer 404 before they could be counted.
FLOOD_COUNTED_METHODS = frozenset(
    {
        "sendmessage",
        "senddocument",
        "sendphoto",
        "editmessagetext",
        "editmessagecaption",
        "editmessagereplymarkup",
        "copymessage",
        "forwardmessage",
    }
)
# Of those, the ones that deliver a new message (what delivered_count counts).
SENDING_METHODS = frozenset({"sendmessage", "senddocument", "sendphoto", "copymessage", "forwardmessage"})

SECOND = 1.0  # the window of the per-bot and per-private-chat limits
MINUTE = 60.0  # the window of the per-group limit
_EPSILON = 1e-9  # float slack: 50 * 0.58 is a limit of 29 calls, and a 1.0000000001 s wait is 1 s


@dataclass(frozen=True)
class FloodLimits:
    """Telegram's flood limits, enforced by ``BotApiStandIn(limits=FloodLimits(...))``.

    At most ``per_bot * scale`` counted calls in any 1 second across all chats, at most
    ``per_chat * scale`` in any 1 second to one private chat, and at most
    ``per_group_minute * scale`` in any 60 seconds to one group, supergroup or channel (a chat
    with a negative id). ``scale`` raises (or lowers) all three together, so a benchmark can run
    faster with the same proportions; the windows stay 1 s and 60 s.

    The exact rule. Counted calls are the methods that send or edit messages (sendMessage,
    sendDocument, sendPhoto, editMessageText, editMessageCaption, editMessageReplyMarkup,
    copyMessage, forwardMessage) addressed to a chat the stand-in knows. A counted call arriving
    at time ``t`` (the stand-in's clock, ``time.monotonic()``) is allowed when, counting it,

    * the counted calls that arrived in ``(t - 1 s, t]`` number at most ``per_bot * scale``;
    * for a private chat, those to that chat in ``(t - 1 s, t]`` number at most ``per_chat * scale``;
    * for a group or channel, those to that chat in ``(t - 60 s, t]`` number at most
      ``per_group_minute * scale``.

    So ``per_bot=30`` allows 30 calls in any 1-second window and a call exactly 1 s (60 s) old
    has left its window. An allowed call is counted whether or not the method then succeeds (a
    send to a user who blocked the bot costs like any other). A refused call is not counted: it
    answers HTTP 429 ``{"ok": false, "error_code": 429, "description": "Too Many Requests: retry
    after N", "parameters": {"retry_after": N}}``, is recorded as a failed Call and delivers
    nothing. N is the time until the call would have been allowed had nothing else been sent:
    for each exceeded window, the oldest call in it that has to leave, plus the window's length,
    minus ``t``; the longest of these, in whole seconds rounded up, at least 1.

    A failure injected with ``fail_next`` answers before the limits and is not counted; calls
    whose chat cannot be resolved (unknown chats, edits by ``inline_message_id``) are not counted
    and get the method's own error.
    """

    per_bot: float = 30.0
    per_chat: float = 1.0
    per_group_minute: float = 20.0
    scale: float = 1.0

    def __post_init__(self) -> None:
        for name in ("per_bot", "per_chat", "per_group_minute"):
            if not getattr(self, name) * self.scale >= 1 - _EPSILON:
                raise ValueError(f"{name} * scale must allow at least one call per window")

    @property
    def bot_capacity(self) -> int:
        """Counted calls allowed in any 1 s window across all chats."""
        return math.floor(self.per_bot * self.scale + _EPSILON)

    @property
    def chat_capacity(self) -> int:
        """Counted calls allowed in any 1 s window to one private chat."""
        return math.floor(self.per_chat * self.scale + _EPSILON)

    @property
    def group_capacity(self) -> int:
        """Counted calls allowed in any 60 s window to one group or channel."""
        return math.floor(self.per_group_minute * self.scale + _EPSILON)


def _max_in_window(times: Sequence[float], window_seconds: float) -> int:
    """The most of the (ascending) ``times`` inside any window ``(s, s + window_seconds]``."""
    best = 0
    start = 0
    for end, t in enumerate(times):
        horizon = t - window_seconds
        while times[start] <= horizon:
            start += 1
        best = max(best, end - start + 1)
    return best


class FloodStats:
    """What the flood limiter saw: read it as ``api.flood_stats``.

    ``accepted`` counts the counted calls that were allowed (every one when there are no limits),
    ``rejected_429`` those the limits refused (not failures injected with ``fail_next``).
    The arrival time of every accepted call is kept (16 bytes each) for ``times`` and ``max_rate``.
    """

    def __init__(self) -> None:
        self.accepted = 0
        self.rejected_429 = 0
        self._times = array("d")
        self._chats = array("q")

    def _accept(self, now: float, chat_id: int) -> None:
        self.accepted += 1
        self._times.append(now)
        self._chats.append(chat_id)

    def times(self, chat_id: int | None = None) -> list[float]:
        """The clock readings (``time.monotonic()``) of the accepted calls, to one chat or all."""
        if chat_id is None:
            return list(self._times)
        wanted = int(chat_id)
        return [t for t, chat in zip(self._times, self._chats, strict=True) if chat == wanted]

    def max_rate(self, window_seconds: float, chat_id: int | None = None) -> int:
        """The most accepted calls (to ``chat_id``, or to any chat) inside any window of that length.

        A window is half-open, ``(s, s + window_seconds]``, as the limiter's are, so with
        ``FloodLimits(per_bot=30)`` ``max_rate(1.0)`` is at most 30. Exact: a two-pointer sweep.
        """
        if window_seconds <= 0:
            raise ValueError("window_seconds must be positive")
        return _max_in_window(self._times if chat_id is None else self.times(chat_id), window_seconds)

    @property
    def per_chat_max_rate(self) -> int:
        """The most accepted calls to any one private chat inside any 1 s window."""
        by_chat: dict[int, list[float]] = {}
        for t, chat in zip(self._times, self._chats, strict=True):
            if chat > 0:
                by_chat.setdefault(chat, []).append(t)
        return max((_max_in_window(times, SECOND) for times in by_chat.values()), default=0)

    def __repr__(self) -> str:
        return f"FloodStats(accepted={self.accepted}, rejected_429={self.rejected_429})"


class FloodLimiter:
    """Counts the sends and edits, and refuses with 429 those that would exceed the limits.

    Its windows are trimmed as time passes: the counted calls of the last second as (time, chat id),
    and of the last minute to groups; per chat only while non-empty.
    """

    def __init__(self, limits: FloodLimits | None, stats: FloodStats) -> None:
        self.limits = limits
        self.stats = stats
        self._last_second: deque[tuple[float, int]] = deque()
        self._last_second_by_chat: dict[int, deque[float]] = {}
        self._last_minute_to_groups: deque[tuple[float, int]] = deque()
        self._last_minute_by_group: dict[int, deque[float]] = {}

    def admit(self, chat_id: int, now: float) -> None:
        """Count a call to ``chat_id`` arriving at ``now``, or raise ApiError 429 if the limits refuse it."""
        limits = self.limits
        if limits is None:
            self.stats._accept(now, chat_id)
            return
        self._trim_windows(now)
        wait = 0.0
        # `over` calls must leave a full window first, the oldest first (one, unless the
        # limits were lowered meanwhile): the call waits for the last of them
        second = self._last_second
        over = len(second) + 1 - limits.bot_capacity
        if over > 0:
            wait = max(wait, second[over - 1][0] + SECOND - now)
        if chat_id > 0:
            mine = self._last_second_by_chat.get(chat_id, ())
            over = len(mine) + 1 - limits.chat_capacity
            if over > 0:
                wait = max(wait, mine[over - 1] + SECOND - now)
        else:
            mine = self._last_minute_by_group.get(chat_id, ())
            over = len(mine) + 1 - limits.group_capacity
            if over > 0:
                wait = max(wait, mine[over - 1] + MINUTE - now)
        if wait > 0:
            self.stats.rejected_429 += 1
            retry_after = max(1, math.ceil(wait - _EPSILON))
            raise ApiError(429, description_for(429, retry_after), {"retry_after": retry_after})
        second.append((now, chat_id))
        if chat_id > 0:
            self._last_second_by_chat.setdefault(chat_id, deque()).append(now)
        else:
            self._last_minute_to_groups.append((now, chat_id))
            self._last_minute_by_group.setdefault(chat_id, deque()).append(now)
        self.stats._accept(now, chat_id)

    def _trim_windows(self, now: float) -> None:
        """Drop the calls that left their windows; O(1) amortised, as each leaves once."""
        for calls, by_chat, horizon in (
            (self._last_second, self._last_second_by_chat, now - SECOND),
            (self._last_minute_to_groups, self._last_minute_by_group, now - MINUTE),
        ):
            while calls and calls[0][0] <= horizon:
                _, chat_id = calls.popleft()
                mine = by_chat.get(chat_id)
                if mine is not None:  # a group's call also sits in the last second, not by chat
                    mine.popleft()
                    if not mine:
                        del by_chat[chat_id]
