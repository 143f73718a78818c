"""APScheduler's asyncio scheduler, asking dreambank's injected clock what time it is.

APScheduler 3 reads the time with `datetime.now` where it decides what is due. Overriding that one
method gives each scheduler its own clock, so tests can move time without touching the library's modules.
"""

from __future__ import annotations

from threading import TIMEOUT_MAX

from apscheduler.events import EVENT_JOB_MAX_INSTANCES, EVENT_JOB_SUBMITTED, JobSubmissionEvent
from apscheduler.executors.base import MaxInstancesReachedError
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.schedulers.base import STATE_PAUSED

from core.clock import Clock


class ClockedScheduler(AsyncIOScheduler):
    """Runs what is due by `clock`, coalescing missed runs into one, and sleeps until the next due time.

    Jobs must be added with their `next_run_time` and without a misfire grace time (the only other places
    APScheduler reads the time), as the schedule does.
    """

    def __init__(self, clock: Clock, **options) -> None:
        self._clock = clock
        super().__init__(**options)

    def _process_jobs(self) -> float | None:
        if self.state == STATE_PAUSED:
            return None
        now = self._clock.now()
        events = []
        next_wakeup = None
        with self._jobstores_lock:
            for alias, store in self._jobstores.items():
                for job in store.get_due_jobs(now):
                    run_times = job._get_run_times(now)[-1:]  # coalesced: one run for all that was missed
                    if not run_times:
                        continue
                    try:
                        self._lookup_executor(job.executor).submit_job(job, run_times)
                    except MaxInstancesReachedError:
                        self._logger.warning('Execution of job "%s" skipped: it is still running', job)
                        events.append(JobSubmissionEvent(EVENT_JOB_MAX_INSTANCES, job.id, alias, run_times))
                    else:
                        events.append(JobSubmissionEvent(EVENT_JOB_SUBMITTED, job.id, alias, run_times))
                    following = job.trigger.get_next_fire_time(run_times[-1], now)
                    if following:
                        job._modify(next_run_time=following)
                        store.update_job(job)
                    else:
                        self.remove_job(job.id, alias)
                upcoming = store.get_next_run_time()
                if upcoming and (next_wakeup is None or upcoming < next_wakeup):
                    next_wakeup = upcoming
        for event in events:
            self._dispatch_event(event)
        if self.state == STATE_PAUSED or next_wakeup is None:
            return None
        return min(max((next_wakeup - self._clock.now()).total_seconds(), 0), TIMEOUT_MAX)
