"""What the schedule runs. Jobs are stored by reference ("dreambank.jobs:digest") with plain arguments,
so they survive a restart; each finds the running schedule's database and clock here."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from core.usecases.digests import send_digests
from core.usecases.newsletters import release_due
from core.usecases.reminders import nudge_teams, remind_board, remind_event

if TYPE_CHECKING:
    from .scheduling import Schedule

log = logging.getLogger(__name__)
_serving: list["Schedule"] = []


def serve(schedule: "Schedule") -> None:
    """The schedule whose jobs run in this process (one per process)."""
    _serving[:] = [schedule]


def _schedule() -> "Schedule":
    if not _serving:
        raise RuntimeError("no schedule runs in this process")
    return _serving[0]


async def digest(branch_id: int) -> int:
    s = _schedule()
    written = await send_digests(s.uow, s.clock, branch_id)
    log.info("digest of branch %s: %d written", branch_id, written)
    return written


async def reminder(event_id: int, lead_minutes: int) -> int:
    s = _schedule()
    async with s.uow() as uow:
        told = await remind_event(uow, s.clock, event_id, lead_minutes, s.settings.rules)
        await uow.commit()
    log.info("reminder %s min before event %s: %d told", lead_minutes, event_id, told)
    return told


async def nudges() -> int:
    s = _schedule()
    told = 0
    async with s.uow() as uow:
        branches = [b.id for b in await uow.branches.all()]
    for branch_id in branches:
        async with s.uow() as uow:
            told += await nudge_teams(uow, s.clock, branch_id, s.settings.rules)
            told += await remind_board(uow, s.clock, branch_id, s.settings.rules)
            await uow.commit()
    return told


async def newsletters() -> int:
    s = _schedule()
    async with s.uow() as uow:
        released = await release_due(uow, s.clock)
        await uow.commit()
    return len(released)


async def sync() -> None:
    await _schedule().sync()
