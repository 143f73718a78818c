"""Scheduled work done once and the schedule's marks, in memory."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime

from .store import Store, utc


class FakeRuns:
    def __init__(self, s: Store) -> None:
        self.s = s

    async def first_time(self, key: str, at: datetime) -> bool:
        if key in self.s.runs:
            return False
        self.s.runs.add(key)
        return True

    async def marks(self) -> dict[str, tuple[str, datetime]]:
        return dict(self.s.marks)

    async def settle(self, job_id: str, spec: str, at: datetime) -> None:
        mark = self.s.marks.get(job_id)
        if mark is None or mark[0] != spec or mark[1] < at:
            self.s.marks[job_id] = (spec, utc(at))

    async def forget_marks(self, keep: Collection[str]) -> None:
        self.s.marks = {job_id: mark for job_id, mark in self.s.marks.items() if job_id in keep}
