"""Recording what happened to each send, a few hundred at a time, in one transaction."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from datetime import datetime

from core.clock import Clock
from core.model.notices import Delivery
from core.ports import UnitOfWorkFactory

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Outcome:
    delivery: Delivery
    at: datetime
    message_id: str | None = None
    retry_at: datetime | None = None
    failure: str | None = None


class Recorder:
    """Outcomes wait here at most `flush_seconds`; a crash before a flush leaves those notices in flight,
    and they are sent again on restart (a send is never lost; a crash can repeat the last few)."""

    def __init__(self, db: UnitOfWorkFactory, clock: Clock, platform: str, flush_seconds: float = 0.02,
                 most: int = 500) -> None:
        self._db, self._clock, self._platform = db, clock, platform
        self._flush_seconds, self._most = flush_seconds, most
        self._waiting: list[Outcome] = []
        self._full = asyncio.Event()
        self.recorded = 0

    def sent(self, delivery: Delivery, message_id: str | None) -> None:
        self._add(Outcome(delivery, self._clock.now(), message_id=message_id))

    def again(self, delivery: Delivery, when: datetime, reason: str) -> None:
        self._add(Outcome(delivery, self._clock.now(), retry_at=when, failure=reason))

    def failed(self, delivery: Delivery, reason: str) -> None:
        self._add(Outcome(delivery, self._clock.now(), failure=reason))

    def _add(self, outcome: Outcome) -> None:
        self._waiting.append(outcome)
        if len(self._waiting) >= self._most:
            self._full.set()

    async def run(self, stop: asyncio.Event) -> None:
        while not stop.is_set():
            try:
                await asyncio.wait_for(self._full.wait(), self._flush_seconds)
            except asyncio.TimeoutError:
                pass
            await self.flush()
        await self.flush()

    async def flush(self) -> None:
        self._full.clear()
        if not self._waiting:
            return
        batch, self._waiting = self._waiting, []
        async with self._db() as uow:
            for o in batch:
                notice = o.delivery.notice
                if o.retry_at is not None:
                    await uow.outbox.retry_at(notice.id, o.retry_at, o.failure or "")
                elif o.failure is not None:
                    await uow.outbox.mark_failed(notice.id, self._platform, o.at, o.failure)
                else:
                    await uow.outbox.mark_sent(notice.id, self._platform, o.at, o.message_id)
                    if notice.topic and o.message_id:
                        await uow.posts.remember(self._platform, o.delivery.chat_id, notice.topic, o.message_id)
            await uow.commit()
        self.recorded += len(batch)
