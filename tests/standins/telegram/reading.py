"""Reading what the bot did: its calls, its messages as they are now, and what got delivered."""

from __future__ import annotations

import asyncio
import copy
from collections.abc import Callable
from typing import Any

from tests.standins.telegram.markup import buttons
from tests.standins.telegram.records import Call, JsonDict
from tests.standins.telegram.values import matches


class Reading:
    """Part of BotApiStandIn: what a test asserts on."""

    def calls_to(self, method: str) -> list[Call]:
        wanted = method.lower()
        return [call for call in self.calls if call.method.lower() == wanted]

    def clear_calls(self) -> None:
        self.calls.clear()

    async def wait_for(self, method: str, count: int = 1, timeout: float = 5, **match: Any) -> list[Call]:
        """Wait until ``count`` calls of ``method`` whose params match ``match`` were recorded.

        Values compare loosely (123 == "123"); a callable value is a predicate on the param.
        Returns all matching calls; raises TimeoutError listing the recorded calls otherwise.
        """
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            found = [call for call in self.calls_to(method) if matches(call.params, match)]
            if len(found) >= count:
                return found
            remaining = deadline - loop.time()
            if remaining <= 0:
                raise TimeoutError(self._describe_wait(method, count, match, found))
            event = self._recorded
            try:
                await asyncio.wait_for(event.wait(), timeout=remaining)
            except TimeoutError:
                pass

    def _describe_wait(self, method: str, count: int, match: JsonDict, found: list[Call]) -> str:
        polling = method.lower() == "getupdates"
        shown = [call for call in self.calls if polling or call.method != "getUpdates"]
        hidden = len(self.calls) - len(shown)
        lines = [f"expected {count} {method} call(s) matching {match!r}, got {len(found)}; recorded calls:"]
        lines += [f"  {call}" for call in shown] or ["  (none)"]
        if hidden:
            lines.append(f"  (and {hidden} getUpdates calls)")
        return "\n".join(lines)

    def messages_in(self, chat_id: int, *, everyone: bool = False) -> list[JsonDict]:
        """The bot's messages in the chat as they are now (after edits and deletions).

        With ``everyone=True`` the people's messages fed with send_text are included too.
        """
        return [copy.deepcopy(s.message) for s in self._messages.get(int(chat_id), []) if everyone or s.by_bot]

    def last_message(self, chat_id: int) -> JsonDict | None:
        messages = self.messages_in(chat_id)
        return messages[-1] if messages else None

    def message(self, chat_id: int, message_id: int) -> JsonDict | None:
        stored = self._find(int(chat_id), int(message_id))
        return copy.deepcopy(stored.message) if stored else None

    buttons = staticmethod(buttons)

    def file_bytes(self, file_id: str) -> bytes:
        return self.uploads[file_id].content

    def photo_sizes(self, file_id: str) -> list[JsonDict]:
        """The PhotoSize dicts of the photo one of whose sizes has this file_id (smallest first)."""
        return copy.deepcopy(self._photos[file_id])

    def max_rate(self, window_seconds: float, chat_id: int | None = None) -> int:
        """The most sends and edits accepted (to ``chat_id``, or in all) inside any window of that length.

        Windows are half-open, ``(s, s + window_seconds]``, as the limiter's; see FloodStats.max_rate.
        """
        return self.flood_stats.max_rate(window_seconds, chat_id)

    def delivered_count(self, chat_id: int) -> int:
        """How many messages the bot sent to the chat successfully (edits and deletions aside)."""
        return self._delivered.get(int(chat_id), 0)

    def duplicates(self, key: Callable[[JsonDict], Any] | None = None) -> dict[int, list[Any]]:
        """Chat id -> the texts the bot delivered to that chat more than once, each listed once.

        By default a message's text is its ``text`` (or ``caption``; messages with neither are
        left out), counted from digests kept for every send, also with ``record_calls=False``.
        ``key`` (message as sent -> hashable, None to leave it out) compares other things and
        lists the keys; it needs the sent messages, so ``record_calls=True``.
        """
        if key is None:
            return {chat_id: list(texts) for chat_id, texts in self._duplicate_texts.items()}
        if not self.record_calls:
            raise RuntimeError("duplicates(key=...) needs the sent messages: use record_calls=True")
        found: dict[int, list[Any]] = {}
        for chat_id, sent in self._sent.items():
            seen: dict[Any, int] = {}
            for message in sent:
                value = key(message)
                if value is None:
                    continue
                seen[value] = seen.get(value, 0) + 1
                if seen[value] == 2:
                    found.setdefault(chat_id, []).append(value)
        return found

    def _record(self, call: Call) -> None:
        self.calls.append(call)
        event, self._recorded = self._recorded, asyncio.Event()
        event.set()
