"""What the platform forgets once it has no more use for it, so tables do not grow for ever."""

from __future__ import annotations

from datetime import timedelta

from ..clock import Clock
from ..ports import UnitOfWorkFactory

#: how long an update's key is remembered against a second delivery: Telegram gives an unanswered update up after
#: 24 hours and Discord an interaction after 15 minutes, so a week leaves a wide margin
KEEP_UPDATES = timedelta(days=7)
#: rows deleted in one transaction: small enough that a large table is never held for long
BATCH = 5000


async def forget_old_updates(uow: UnitOfWorkFactory, clock: Clock, batch: int = BATCH) -> int:
    """Forget the keys of updates handled more than `KEEP_UPDATES` ago, a batch per transaction; how many."""
    before, forgotten = clock.now() - KEEP_UPDATES, 0
    while True:
        async with uow() as work:
            done = await work.inbox.forget_before(before, batch)
            await work.commit()
        forgotten += done
        if done < batch:
            return forgotten
