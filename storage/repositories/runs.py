"""Scheduled work: a record of work done once, and how far each scheduled job's runs are settled."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime

import sqlalchemy as sa

from ..tables import JobRunRow, ScheduleMarkRow
from .base import Repository


class SqlRuns(Repository):
    async def first_time(self, key: str, at: datetime) -> bool:
        return await self._insert_new(JobRunRow, dict(key=key, at=at), ["key"])

    async def marks(self) -> dict[str, tuple[str, datetime]]:
        return {row.job_id: (row.spec, row.settled_at) for row in await self._all(sa.select(ScheduleMarkRow))}

    async def settle(self, job_id: str, spec: str, at: datetime) -> None:
        """One statement: a new timing replaces the mark, the same timing only moves it forward."""
        statement = self._dialect_insert(ScheduleMarkRow).values(job_id=job_id, spec=spec, settled_at=at)
        new = statement.excluded
        await self.session.execute(statement.on_conflict_do_update(
            index_elements=["job_id"], set_=dict(spec=new.spec, settled_at=new.settled_at),
            where=sa.or_(ScheduleMarkRow.spec != new.spec, ScheduleMarkRow.settled_at < new.settled_at)))

    async def forget_marks(self, keep: Collection[str]) -> None:
        await self._delete(ScheduleMarkRow, ScheduleMarkRow.job_id.not_in(list(keep)))
