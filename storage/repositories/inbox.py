"""Updates from a platform handled once, however often the platform delivers them."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa

from ..tables import ProcessedUpdateRow
from .base import Repository


class SqlInbox(Repository):
    async def first_time(self, key: str, at: datetime) -> bool:
        # one statement, no SAVEPOINT: on PostgreSQL a concurrent first time waits for the other transaction and
        # then inserts nothing, so an update delivered twice at once is still handled once
        return await self._insert_new(ProcessedUpdateRow, dict(key=key, at=at), ["key"])

    async def forget_before(self, before: datetime, batch: int) -> int:
        # the oldest rows have the lowest ids: walking the primary key from the start finds them without an index
        # on `at`, and a batch at a time never holds the table long
        oldest = (sa.select(ProcessedUpdateRow.id).where(ProcessedUpdateRow.at < before)
                  .order_by(ProcessedUpdateRow.id).limit(batch).scalar_subquery())
        done = await self.session.execute(sa.delete(ProcessedUpdateRow).where(ProcessedUpdateRow.id.in_(oldest))
                                          .execution_options(synchronize_session=False))
        return done.rowcount or 0
