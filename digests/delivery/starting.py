"""Writing down that a send begins, before its request goes out, a few sends in one statement.

Telegram has no idempotency key: a request that left before a crash may have reached its chat, or not, and
nothing tells which. What the next sender can know is which notices' requests may have left: those whose start
was committed. They are sent again as "possibly sent"; a notice only claimed was certainly not sent, and goes
once. One write marks the sends that asked and, with them, the others a worker already holds (about to be
sent: the recorder lets at most `unrecorded_most` be held and unrecorded at once), so it is one small commit for
several sends; and the notices begun and unfinished at any moment are at most those held: the most a crash
can repeat.
"""

from __future__ import annotations

import asyncio

from core.clock import Clock
from core.ports import UnitOfWorkFactory


class Starter:
    def __init__(self, db: UnitOfWorkFactory, clock: Clock) -> None:
        self._db, self._clock = db, clock
        self._asked: dict[int, asyncio.Future[None]] = {}
        self._held: set[int] = set()  # about to be sent, by a worker that holds them
        self._durable: set[int] = set()  # their start is committed
        self._writing: asyncio.Task[None] | None = None
        self.writes = 0

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
        done = self._asked.get(notice_id)
        if done is None:
            done = self._asked[notice_id] = asyncio.get_running_loop().create_future()
        if self._writing is None or self._writing.done():
            self._writing = asyncio.create_task(self._write())
        await asyncio.shield(done)

    async def _write(self) -> None:
        while self._asked:
            batch, self._asked = self._asked, {}
            ids = set(batch) | (self._held - self._durable)
            try:
                async with self._db() as uow:
                    await uow.outbox.mark_started(sorted(ids), self._clock.now())
                    await uow.commit()
            except Exception as trouble:  # each send waiting on it fails, and is tried again with back-off
                for done in batch.values():
                    if not done.done():
                        done.set_exception(trouble)
                continue
            self.writes += 1
            self._durable |= ids & self._held | set(batch)
            for done in batch.values():
                if not done.done():
                    done.set_result(None)
