"""What the schedule runs: each job is given the running schedule, for its database, clock and rules."""

from __future__ import annotations

import logging
from typing import Protocol

from core.clock import Clock
from core.ports import UnitOfWorkFactory
from core.usecases.digests import send_digests
from core.usecases.funds import remind_funds
from core.usecases.housekeeping import forget_old_updates
from core.usecases.newsletters import release_due
from core.usecases.inquiries import remind_inquiries
from core.usecases.plans import remind_tasks
from core.usecases.reminders import ReminderRules, nudge_teams, remind_board, remind_event

log = logging.getLogger(__name__)


class Rules(Protocol):
    rules: ReminderRules


class Schedule(Protocol):
    """What a job needs of the running schedule (which imports these jobs, so they name it by its shape)."""

    uow: UnitOfWorkFactory
    clock: Clock
    settings: Rules

    async def sync(self) -> None: ...


async def digest(s: Schedule, branch_id: int) -> int:
    written = await send_digests(s.uow, s.clock, branch_id)
    log.info("digest of branch %s: %d written", branch_id, written)
    return written


async def reminder(s: Schedule, event_id: int, lead_minutes: int) -> int:
    async with s.uow() as uow:
        told = await remind_event(uow, s.clock, event_id, lead_minutes, s.settings.rules)
        await uow.commit()
    log.info("reminder %s min before event %s: %d told", lead_minutes, event_id, told)
    return told


async def nudges(s: Schedule) -> int:
    told = 0
    async with s.uow() as uow:
        branches = [b.id for b in await uow.branches.all()]
    for branch_id in branches:
        async with s.uow() as uow:
            told += await nudge_teams(uow, s.clock, branch_id, s.settings.rules)
            told += await remind_board(uow, s.clock, branch_id, s.settings.rules)
            told += await remind_funds(uow, s.clock, branch_id)
            told += await remind_inquiries(uow, s.clock, branch_id)
            told += await remind_tasks(uow, s.clock, branch_id)
            await uow.commit()
    return told


async def housekeeping(s: Schedule) -> int:
    forgotten = await forget_old_updates(s.uow, s.clock)
    log.info("housekeeping: %d handled updates forgotten", forgotten)
    return forgotten


async def newsletters(s: Schedule) -> int:
    async with s.uow() as uow:
        released = await release_due(uow, s.clock)
        await uow.commit()
    return len(released)


async def sync(s: Schedule) -> None:
    await s.sync()
