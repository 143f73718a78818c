"""The schedule: APScheduler on dreambank's clock, its jobs kept in dreambank's own database.

Exactly one process of a deployment schedules: the one holding the `scheduler` lease (a PostgreSQL
advisory lock). The others wait and look again every few seconds; when the holder dies its lock goes
with its connection and one of them starts scheduling from the jobs in the database. Jobs that were
due while nobody scheduled run once (coalesced), however long the pause was.

The jobs themselves are derived from the data: `sync` adds, changes and removes the digest of each
branch, the reminders of upcoming events and the newsletters waiting for their time, so a job never
has to be added by the process that made the change.
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

import apscheduler.executors.base
import apscheduler.schedulers.base
from apscheduler.events import EVENT_JOB_ERROR, EVENT_JOB_EXECUTED, EVENT_JOB_MISSED, EVENT_JOB_SUBMITTED, JobEvent
from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.date import DateTrigger
from apscheduler.triggers.interval import IntervalTrigger

from core.clock import Clock, SystemClock
from core.model.community import NewsletterStatus
from core.ports import Lease, UnitOfWorkFactory
from core.usecases.reminders import ReminderRules, reminder_times

from . import jobs

log = logging.getLogger(__name__)
LEASE = "scheduler"
JOBS = "dreambank.jobs"


class _ClockTime(datetime):
    """`datetime` for APScheduler's modules, whose `now()` asks dreambank's clock (one scheduler per process)."""

    clock: Clock = SystemClock()

    @classmethod
    def now(cls, tz=None):  # type: ignore[override]
        at = cls.clock.now()
        return at.astimezone(tz) if tz is not None else at.astimezone().replace(tzinfo=None)


def use_clock(clock: Clock) -> None:
    """APScheduler reads the time with `datetime.now` in two modules; both are given the injected clock."""
    _ClockTime.clock = clock
    apscheduler.schedulers.base.datetime = _ClockTime  # type: ignore[attr-defined]
    apscheduler.executors.base.datetime = _ClockTime  # type: ignore[attr-defined]


def sync_url(url: str) -> str:
    """The job store uses SQLAlchemy's synchronous engine: the same database through a blocking driver."""
    for async_driver, blocking in (("sqlite+aiosqlite", "sqlite"), ("postgresql+asyncpg", "postgresql+psycopg")):
        if url.startswith(async_driver + ":"):
            return blocking + url[len(async_driver):]
    return url


@dataclass(frozen=True)
class ScheduleSettings:
    rules: ReminderRules = ReminderRules()
    #: how often the data is looked at for new branches, events and newsletters
    sync_seconds: float = 60.0
    #: how often nudges to quiet teams and reminders to the board are looked for
    nudge_seconds: float = 3600.0
    #: how often a waiting process looks whether the scheduling process is still there
    standby_seconds: float = 5.0


@dataclass(frozen=True)
class Wanted:
    """A job as the data says it should be; `spec` names its timing, so a change is noticed."""

    id: str
    func: str
    trigger: object
    spec: str
    args: tuple = ()

    @property
    def name(self) -> str:
        """What the job store keeps as the job's name (and logs show): its id and its timing."""
        return f"{self.id} at {self.spec}"


@dataclass
class Schedule:
    uow: UnitOfWorkFactory
    clock: Clock
    database_url: str
    lease: Lease
    settings: ScheduleSettings = ScheduleSettings()
    #: (job id, when it was due), newest last: what ran, for `dreambank schedule status` and for tests
    history: collections.deque = field(default_factory=lambda: collections.deque(maxlen=500))
    scheduler: AsyncIOScheduler | None = None
    _running: int = 0

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
        use_clock(self.clock)
        jobs.serve(self)
        scheduler = AsyncIOScheduler(
            jobstores={"default": SQLAlchemyJobStore(url=sync_url(self.database_url))},
            job_defaults={"coalesce": True, "misfire_grace_time": None, "max_instances": 1}, timezone=timezone.utc)
        scheduler.add_listener(self._submitted, EVENT_JOB_SUBMITTED)
        scheduler.add_listener(self._finished, EVENT_JOB_EXECUTED | EVENT_JOB_ERROR | EVENT_JOB_MISSED)
        self.scheduler = scheduler
        # started first: the jobs in the database keep their next run, so what was missed runs once; only then
        # is the data looked at, adding what is new
        scheduler.start()
        await self.sync()

    def jobs(self) -> int:
        return len(self.scheduler.get_jobs()) if self.scheduler is not None else 0

    async def stop(self) -> None:
        scheduler, self.scheduler = self.scheduler, None
        if scheduler is not None and scheduler.running:
            scheduler.shutdown(wait=False)
            await asyncio.sleep(0)  # the shutdown is done on the loop's next turn
            while scheduler.running:
                await asyncio.sleep(0.01)

    def _submitted(self, event: JobEvent) -> None:
        self._running += 1

    def _finished(self, event: JobEvent) -> None:
        self._running = max(self._running - 1, 0)
        if event.code == EVENT_JOB_ERROR:
            log.error("job %s failed", event.job_id, exc_info=getattr(event, "exception", None))
        elif event.code == EVENT_JOB_EXECUTED:
            self.history.append((event.job_id, getattr(event, "scheduled_run_time", None)))

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
        """Every job the data asks for now."""
        now = self.clock.now()
        out = [Wanted("sync", f"{JOBS}:sync", IntervalTrigger(seconds=self.settings.sync_seconds),
                      f"every {self.settings.sync_seconds}s"),
               Wanted("nudges", f"{JOBS}:nudges", IntervalTrigger(seconds=self.settings.nudge_seconds),
                      f"every {self.settings.nudge_seconds}s")]
        async with self.uow() as uow:
            for branch in await uow.branches.all():
                out.append(Wanted(f"digest:{branch.id}", f"{JOBS}:digest",
                                  CronTrigger(hour=branch.digest_hour, minute=0, timezone=branch.timezone),
                                  f"{branch.digest_hour}:00 {branch.timezone}", (branch.id,)))
                for event in await uow.events.upcoming(branch.id, now, limit=200):
                    for lead, when in reminder_times(event.starts_at, event.created_at, self.settings.rules):
                        if when > now and not event.cancelled:
                            out.append(Wanted(f"reminder:{event.id}:{lead}", f"{JOBS}:reminder",
                                              DateTrigger(run_date=when), when.isoformat(), (event.id, lead)))
                for newsletter in await uow.newsletters.recent(branch.id, limit=100):
                    if newsletter.status is NewsletterStatus.SCHEDULED and newsletter.send_at is not None:
                        out.append(Wanted(f"newsletter:{newsletter.id}", f"{JOBS}:newsletters",
                                          DateTrigger(run_date=max(newsletter.send_at, now - timedelta(days=30))),
                                          newsletter.send_at.isoformat()))
        return out

    async def sync(self) -> None:
        """Make the job store match the data. A job whose timing is unchanged keeps its next run (a missed one
        stays missed, to run once); a changed one is replaced; a reminder or newsletter no longer wanted (the
        event called off, the newsletter sent or cancelled) is removed."""
        scheduler = self.scheduler
        if scheduler is None:
            return
        wanted = {w.id: w for w in await self.wanted()}
        have = {job.id: job for job in scheduler.get_jobs()}
        for job_id, job in have.items():
            w = wanted.get(job_id)
            if w is None and job_id.split(":")[0] in ("digest", "reminder", "newsletter") and \
                    await self._gone(job_id):
                scheduler.remove_job(job_id)
            elif w is not None and job.name != w.name:
                scheduler.remove_job(job_id)
        present = {job.id for job in scheduler.get_jobs()}
        for w in wanted.values():
            if w.id not in present:
                scheduler.add_job(w.func, w.trigger, args=w.args, id=w.id, name=w.name, replace_existing=True)

    async def _gone(self, job_id: str) -> bool:
        """A job the data no longer asks for is removed only when what it was for is gone or done; one merely
        past its time stays, to run (once) as a missed run."""
        kind, _, rest = job_id.partition(":")
        async with self.uow() as uow:
            if kind == "digest":
                return await uow.branches.get(int(rest)) is None
            if kind == "reminder":
                event = await uow.events.get(int(rest.split(":")[0]))
                return event is None or event.cancelled or event.starts_at <= self.clock.now()
            newsletter = await uow.newsletters.get(int(rest))
            return newsletter is None or newsletter.status is not NewsletterStatus.SCHEDULED
