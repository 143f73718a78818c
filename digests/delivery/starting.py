"""Writing down that a send begins, before its request goes out, a few sends in one statement.

Telegram has no idempotency key: a request that left before a crash may have reached its chat, or not, and
nothing tells which. What the next sender can know is which notices' requests may have left: those whose start
was committed. They are sent again as "possibly sent"; a notice only claimed was certainly not sent, and goes
once. One write marks the sends that asked and, with them, the others a worker already holds (about to be
sent: the recorder lets at most `unrecorded_most` be held and unrecorded at once); the recorder makes that write
with the one that records outcomes (on SQLite in its transaction), so starts and outcomes never wait for each
other's lock (SQLite's is the whole database's). The notices begun and unfinished at any moment are at most those
held: the most a crash can repeat.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable


class Starter:
    def __init__(self, wake_writer: Callable[[], None]) -> None:
        self._wake_writer = wake_writer
        self._asked: dict[int, asyncio.Future[None]] = {}
        self._held: set[int] = set()  # about to be sent, by a worker that holds them
        self._durable: set[int] = set()  # their start is committed
        self._stopped: BaseException | None = None

    def hold(self, notice_id: int) -> None:
        """A worker holds the notice and will send it soon: its start may be written with another's."""
        self._held.add(notice_id)

    def forget(self, notice_id: int) -> None:
        """The notice's outcome is known: nothing more to write for it."""
        self._held.discard(notice_id)
        self._durable.discard(notice_id)

    async def begin(self, notice_id: int) -> None:
        """Return once the notice's start is committed; raise if it could not be (then nothing may be sent)."""
        if notice_id in self._durable:
            return
        if self._stopped is not None:
            raise RuntimeError("nothing writes the starts of sends any more") from self._stopped
        done = self._asked.get(notice_id)
        if done is None:
            done = self._asked[notice_id] = asyncio.get_running_loop().create_future()
        self._wake_writer()
        await asyncio.shield(done)

    def take(self) -> tuple[list[int], dict[int, asyncio.Future[None]]]:
        """For the writer: the starts to write now (those asked for and the others held), and who waits on them."""
        asked, self._asked = self._asked, {}
        if not asked:
            return [], asked
        return sorted(set(asked) | (self._held - self._durable)), asked

    def written(self, ids: list[int], asked: dict[int, asyncio.Future[None]]) -> None:
        self._durable |= (set(ids) & self._held) | set(asked)
        for done in asked.values():
            if not done.done():
                done.set_result(None)

    def failed(self, asked: dict[int, asyncio.Future[None]], trouble: BaseException) -> None:
        for done in asked.values():
            if not done.done():
                done.set_exception(trouble)
                done.exception()  # retrieved: a worker that stopped waiting must not leave it unread

    def stop(self, why: BaseException) -> None:
        """The writer is gone: whoever waits, or asks later, is told so."""
        self._stopped = why
        asked, self._asked = self._asked, {}
        self.failed(asked, why)
