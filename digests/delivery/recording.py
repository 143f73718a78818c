"""Recording what happened to each send, a few hundred at a time, in one transaction."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from datetime import datetime

from core.clock import Clock
from core.model.notices import Delivery
from core.ports import UnitOfWorkFactory

from .starting import Starter

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Outcome:
    delivery: Delivery
    at: datetime
    message_id: str | None = None
    retry_at: datetime | None = None
    failure: str | None = None


class Recorder:
    """Outcomes are written as soon as the previous write is done (several at once when they come fast),
    or every `flush_seconds` if that is set. A crash before a write leaves those notices in flight, and
    they are sent again on restart: a send is never lost; a crash can repeat the one or two just sent.
    The starts of sends (see starting.py) are written in the same writes, as soon as one is asked for; on
    PostgreSQL each of a write's statements is kept as it runs (see `_write`), on SQLite a write is one
    transaction, so a start and an outcome never wait for each other's turn at the write lock."""

    def __init__(self, db: UnitOfWorkFactory, clock: Clock, platform: str, flush_seconds: float = 0.0,
                 most: int = 500, unrecorded_most: int = 10, at_once: UnitOfWorkFactory | None = None) -> None:
        self._db, self._clock, self._platform = db, clock, platform
        self._at_once = at_once or db
        self._flush_seconds, self._most = flush_seconds, most
        self._waiting: list[Outcome] = []
        self._full = asyncio.Event()
        self._unrecorded_most = unrecorded_most
        self._unrecorded = 0  # sent, or being sent, and not yet written down
        self._room = asyncio.Condition()
        self.recorded = 0
        self.starter = Starter(self._full.set)

    async def reserve(self) -> None:
        """Wait until fewer than `unrecorded_most` sends are unrecorded, then count one more.

        This bounds what a crash can repeat: at most that many sends were made and not written down.
        """
        async with self._room:
            await self._room.wait_for(lambda: self._unrecorded < self._unrecorded_most)
            self._unrecorded += 1

    async def _release(self, count: int) -> None:
        async with self._room:
            self._unrecorded -= count
            self._room.notify_all()

    def sent(self, delivery: Delivery, message_id: str | None) -> None:
        self._add(Outcome(delivery, self._clock.now(), message_id=message_id))

    def again(self, delivery: Delivery, when: datetime, reason: str) -> None:
        self._add(Outcome(delivery, self._clock.now(), retry_at=when, failure=reason))

    def put_back(self, delivery: Delivery, when: datetime) -> None:
        """A claimed notice that was never sent (and so never counted as unrecorded) goes back."""
        self._unrecorded += 1
        self.again(delivery, when, "the sender stopped before sending")

    def failed(self, delivery: Delivery, reason: str) -> None:
        self._add(Outcome(delivery, self._clock.now(), failure=reason))

    def _add(self, outcome: Outcome) -> None:
        self._waiting.append(outcome)
        if len(self._waiting) >= self._most or not self._flush_seconds:
            self._full.set()

    async def run(self, stop: asyncio.Event) -> None:
        try:
            while not stop.is_set():
                try:
                    await asyncio.wait_for(self._full.wait(), self._flush_seconds or 0.5)
                except asyncio.TimeoutError:
                    pass
                await self.flush()
            await self.flush()
        except BaseException as trouble:
            self.starter.stop(trouble)
            raise
        self.starter.stop(RuntimeError("the recorder stopped"))

    async def flush(self) -> None:
        self._full.clear()
        starts, asked = self.starter.take()
        if not self._waiting and not starts:
            return
        batch, self._waiting = self._waiting, []
        try:
            await self._write(batch, starts)
        except BaseException as trouble:
            self.starter.failed(asked, trouble)
            raise
        self.starter.written(starts, asked)
        if batch:
            self.recorded += len(batch)
            await self._release(len(batch))

    async def _write(self, batch: list[Outcome], starts: list[int]) -> None:
        """Each statement here stands alone (the sends, the starts, each retry or failure: a crash between two loses
        nothing, it only leaves the later ones to be sent again, or not yet begun), so they are kept as they run,
        without the round trips of BEGIN and COMMIT, where the database allows; a post remembered (a delete and an
        insert) needs its transaction. The sends come first: one answered and not yet recorded is what a crash
        repeats beyond the requests in flight, while a start only holds its request back a moment."""
        posts = any(o.failure is None and o.retry_at is None and o.delivery.notice.topic and o.message_id
                    for o in batch)
        async with (self._db if posts else self._at_once)() as uow:
            sent = [(o.delivery.notice.id, o.at, o.message_id) for o in batch if o.failure is None]
            await uow.outbox.mark_all_sent(sent, self._platform)  # first: a send answered and unrecorded is a repeat
            if starts:
                await uow.outbox.mark_started(starts, self._clock.now())
            for o in batch:
                notice = o.delivery.notice
                if o.retry_at is not None:
                    await uow.outbox.retry_at(notice.id, o.retry_at, o.failure or "")
                elif o.failure is not None:
                    await uow.outbox.mark_failed(notice.id, self._platform, o.at, o.failure)
                elif notice.topic and o.message_id:
                    await uow.posts.remember(self._platform, o.delivery.chat_id, notice.topic, o.message_id)
            await uow.commit()
