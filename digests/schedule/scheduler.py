"""The schedule: APScheduler on the injected clock, its jobs rebuilt from the data, what ran kept in marks.

Exactly one process of a deployment schedules: the one holding the `scheduler` lease (a PostgreSQL
advisory lock). The others wait and look again every few seconds; when the holder dies its lock goes
with its connection and one of them starts scheduling.

The jobs live only in memory (APScheduler's MemoryJobStore: nothing blocks the event loop). They are
derived from the data: `sync` adds, changes and removes the digest of each branch, the reminders of
upcoming events and the newsletters waiting for their time, so a job never has to be added by the
process that made the change. What must survive a restart is how far each job's runs are settled: a
mark per job (its timing and the due time of its last run, written through the unit of work right after
the run). At start a job is given the first due time after its mark, so whatever fell due while nobody
scheduled runs once (coalesced), however long the pause was, and nothing that ran runs again.
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

from apscheduler.events import EVENT_JOB_ERROR, EVENT_JOB_EXECUTED, EVENT_JOB_MISSED, EVENT_JOB_SUBMITTED, JobEvent
from apscheduler.jobstores.memory import MemoryJobStore
from apscheduler.triggers.base import BaseTrigger
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.date import DateTrigger
from apscheduler.triggers.interval import IntervalTrigger

from core.clock import Clock
from core.model.newsletters import NewsletterStatus
from core.ports import Lease, UnitOfWorkFactory
from core.usecases.reminders import ReminderRules, reminder_times

from . import jobs
from .clocked import ClockedScheduler

log = logging.getLogger(__name__)
LEASE = "scheduler"
#: how long stopping waits for jobs under way to finish before they are cancelled
FINISH_SECONDS = 10.0


@dataclass(frozen=True)
class ScheduleSettings:
    rules: ReminderRules = ReminderRules()
    #: how often the data is looked at for new branches, events and newsletters
    sync_seconds: float = 60.0
    #: how often nudges to quiet teams and reminders to the board are looked for
    nudge_seconds: float = 3600.0
    #: how often what is no longer needed (the keys of long-handled updates) is forgotten
    housekeeping_seconds: float = 86400.0
    #: how often a waiting process looks whether the scheduling process is still there
    standby_seconds: float = 5.0


@dataclass(frozen=True)
class Wanted:
    """A job as the data says it should be; `spec` names its timing, so a change is noticed."""

    id: str
    work: Callable[..., Awaitable[object]]
    trigger: BaseTrigger
    spec: str
    args: tuple = ()
    #: whether its runs are remembered across restarts (the sync runs at every start anyway)
    marked: bool = True

    @property
    def name(self) -> str:
        """What logs show of the job: its id and its timing."""
        return f"{self.id} at {self.spec}"

    @property
    def once(self) -> bool:
        return isinstance(self.trigger, DateTrigger)


def first_due(wanted: Wanted, settled: datetime | None, now: datetime) -> datetime | None:
    """The job's first due time after `settled`; None when it has nothing more to run.

    A one-off job is owed from the start; a recurring one with no mark is owed only from `now`.
    """
    if wanted.once:
        run_date: datetime = wanted.trigger.run_date  # type: ignore[attr-defined]
        return run_date if settled is None or settled < run_date else None
    # given the previous fire time, APScheduler's triggers answer the first fire strictly after it
    return wanted.trigger.get_next_fire_time(settled, now)


@dataclass
class Schedule:
    uow: UnitOfWorkFactory
    clock: Clock
    lease: Lease
    settings: ScheduleSettings = ScheduleSettings()
    #: told each job's id and how many seconds after its due time it started (the operator's metrics)
    started_late: Callable[[str, float], None] | None = None
    #: (job id, when it was due), newest last: what ran, for `dreambank schedule status` and for tests
    history: collections.deque = field(default_factory=lambda: collections.deque(maxlen=500))
    scheduler: ClockedScheduler | None = None
    _running: int = 0
    #: job id: (timing, due time) of runs submitted in this process (settled as far as this process goes)
    _marks: dict[str, tuple[str, datetime]] = field(default_factory=dict)
    #: job id: the timing it was scheduled with, for the marks written when it runs
    _specs: dict[str, str] = field(default_factory=dict)
    #: job id: (timing, due time) of the run under way, to be written once it is done
    _due: dict[str, tuple[str, datetime]] = field(default_factory=dict)

    async def run(self, stop: asyncio.Event) -> None:
        """Schedule while holding the lease; stand by while another process does."""
        try:
            while not stop.is_set():
                holding = await self.lease.hold()
                if holding and self.scheduler is None:
                    await self.start()
                    log.warning("scheduling (%d jobs); other processes stand by", self.jobs())
                elif not holding and self.scheduler is not None:
                    log.warning("lost the scheduler lease; another process schedules now")
                    await self.stop()
                with contextlib.suppress(asyncio.TimeoutError):
                    await asyncio.wait_for(stop.wait(), self.settings.standby_seconds)
        finally:
            await self.stop()
            await self.lease.release()

    async def start(self) -> None:
        async with self.uow() as uow:
            self._marks = await uow.runs.marks()
        self._specs.clear()
        self._due.clear()
        scheduler = ClockedScheduler(
            self.clock, jobstores={"default": MemoryJobStore()},
            job_defaults={"coalesce": True, "misfire_grace_time": None, "max_instances": 1}, timezone=timezone.utc)
        scheduler.add_listener(self._submitted, EVENT_JOB_SUBMITTED)
        scheduler.add_listener(self._finished, EVENT_JOB_EXECUTED | EVENT_JOB_ERROR | EVENT_JOB_MISSED)
        self.scheduler = scheduler
        scheduler.start()
        await self.sync()

    def jobs(self) -> int:
        return len(self.scheduler.get_jobs()) if self.scheduler is not None else 0

    async def stop(self) -> None:
        """Stop scheduling; runs under way may finish (and be marked) for a while, then are cancelled."""
        scheduler, self.scheduler = self.scheduler, None
        if scheduler is None or not scheduler.running:
            return
        scheduler.pause()
        deadline = asyncio.get_running_loop().time() + FINISH_SECONDS
        while self._running and asyncio.get_running_loop().time() < deadline:
            await asyncio.sleep(0.02)
        scheduler.shutdown(wait=False)
        await asyncio.sleep(0)  # the shutdown is done on the loop's next turn
        while scheduler.running:
            await asyncio.sleep(0.01)

    def _submitted(self, event: JobEvent) -> None:
        self._running += 1
        spec = self._specs.get(event.job_id)
        times = getattr(event, "scheduled_run_times", None)
        if spec is not None and times:
            # settled here at once, so a sync meanwhile does not schedule the same run again
            self._marks[event.job_id] = self._due[event.job_id] = (spec, max(times))
        if times and self.started_late is not None:
            self.started_late(event.job_id, (self.clock.now() - max(times)).total_seconds())

    def _finished(self, event: JobEvent) -> None:
        self._running = max(self._running - 1, 0)
        if event.code == EVENT_JOB_ERROR:
            log.error("job %s failed", event.job_id, exc_info=getattr(event, "exception", None))
        elif event.code == EVENT_JOB_EXECUTED:
            self.history.append((event.job_id, getattr(event, "scheduled_run_time", None)))

    async def _run(self, job_id: str, work: Callable[..., Awaitable[object]], args: tuple) -> object:
        """A job's work, then its mark: a run that failed, or was cut off, runs again at the next start."""
        try:
            done = await work(self, *args)
        finally:
            due = self._due.pop(job_id, None)  # no longer under way, whatever happened
        if due is not None:
            async with self.uow() as uow:
                await uow.runs.settle(job_id, *due)
                await uow.commit()
        return done

    async def run_due(self, timeout: float = 30.0) -> None:
        """Run what is due now and wait until it is done (the console, and tests that move the clock)."""
        if self.scheduler is None:
            return
        self.scheduler.wakeup()
        deadline = asyncio.get_running_loop().time() + timeout
        await asyncio.sleep(0)
        while asyncio.get_running_loop().time() < deadline:
            await asyncio.sleep(0.02)
            if self._running == 0:
                await asyncio.sleep(0.02)
                if self._running == 0:
                    return

    async def wanted(self) -> list[Wanted]:
        """Every job the data asks for now. A reminder is wanted until its event begins and a newsletter until
        it is sent, even past their time: whether it ran is the marks' business."""
        now = self.clock.now()
        every = self.settings
        out = [Wanted("sync", jobs.sync, IntervalTrigger(seconds=every.sync_seconds,
                                                         start_date=now + timedelta(seconds=every.sync_seconds)),
                      f"every {every.sync_seconds}s", marked=False),
               Wanted("nudges", jobs.nudges, IntervalTrigger(seconds=every.nudge_seconds, start_date=now),
                      f"every {every.nudge_seconds}s"),
               Wanted("housekeeping", jobs.housekeeping,
                      IntervalTrigger(seconds=every.housekeeping_seconds, start_date=now),
                      f"every {every.housekeeping_seconds}s")]
        async with self.uow() as uow:
            for branch in await uow.branches.all():
                out.append(Wanted(f"digest:{branch.id}", jobs.digest,
                                  CronTrigger(hour=branch.digest_hour, minute=0, timezone=branch.timezone),
                                  f"{branch.digest_hour}:00 {branch.timezone}", (branch.id,)))
                for event in await uow.events.upcoming(branch.id, now, limit=200):
                    if event.cancelled or event.starts_at <= now:
                        continue
                    for lead, when in reminder_times(event.starts_at, event.created_at, self.settings.rules):
                        out.append(Wanted(f"reminder:{event.id}:{lead}", jobs.reminder, DateTrigger(run_date=when),
                                          when.isoformat(), (event.id, lead)))
                for newsletter in await uow.newsletters.recent(branch.id, limit=100):
                    if newsletter.status is NewsletterStatus.SCHEDULED and newsletter.send_at is not None:
                        out.append(Wanted(f"newsletter:{newsletter.id}", jobs.newsletters,
                                          DateTrigger(run_date=max(newsletter.send_at, now - timedelta(days=30))),
                                          newsletter.send_at.isoformat()))
        return out

    async def sync(self) -> None:
        """Make the scheduled jobs match the data. A job whose timing is unchanged keeps its next run; a changed
        one is replaced and counted afresh; one no longer wanted (its branch gone, its event begun or called
        off, its newsletter sent or cancelled) is removed, and its mark with it. A new job starts from its mark:
        what fell due since runs once now."""
        scheduler = self.scheduler
        if scheduler is None:
            return
        wanted = {w.id: w for w in await self.wanted()}
        now = self.clock.now()
        for job in scheduler.get_jobs():
            w = wanted.get(job.id)
            if w is None or job.name != w.name:
                scheduler.remove_job(job.id)
        present = {job.id for job in scheduler.get_jobs()}
        counted_from_now = []
        for w in wanted.values():
            if w.id in present or w.id in self._due:  # scheduled, or its run is under way
                continue
            spec, settled = self._marks.get(w.id, (w.spec, None))
            if spec != w.spec:
                settled = None  # a new timing: what the old one missed is not owed
            if w.marked and settled is None and not w.once:
                settled = now
                counted_from_now.append(w)
            due = first_due(w, settled, now)
            if due is None:
                continue
            if w.marked:
                self._specs[w.id] = w.spec
            scheduler.add_job(self._run, w.trigger, args=(w.id, w.work, w.args), id=w.id, name=w.name,
                              next_run_time=due, replace_existing=True)
        await self._remember(wanted, counted_from_now, now)

    async def _remember(self, wanted: dict[str, Wanted], counted_from_now: list[Wanted], now: datetime) -> None:
        """New recurring jobs are owed from now on; jobs no longer wanted are forgotten. Nothing is written when
        nothing changed (the marks in memory hold every mark in the database), so a quiet sync takes no lock."""
        keep = {w.id for w in wanted.values() if w.marked}
        stale = set(self._marks) - keep
        if not counted_from_now and not stale:
            return
        async with self.uow() as uow:
            for w in counted_from_now:
                await uow.runs.settle(w.id, w.spec, now)
            if stale:
                await uow.runs.forget_marks(keep)
            await uow.commit()
        self._marks.update({w.id: (w.spec, now) for w in counted_from_now})
        for gone in stale:
            del self._marks[gone]
