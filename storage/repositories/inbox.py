"""Updates from a platform handled once, however often the platform delivers them."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa

from core.errors import Conflict

from ..tables import ProcessedUpdateRow
from .base import Repository


class SqlInbox(Repository):
    async def first_time(self, key: str, at: datetime) -> bool:
        try:
            await self._insert_unique(ProcessedUpdateRow(key=key, at=at), "update handled already")
        except Conflict:
            return False
        return True

    async def forget_before(self, before: datetime, batch: int) -> int:
        # the oldest rows have the lowest ids: walking the primary key from the start finds them without an index
        # on `at`, and a batch at a time never holds the table long
        oldest = (sa.select(ProcessedUpdateRow.id).where(ProcessedUpdateRow.at < before)
                  .order_by(ProcessedUpdateRow.id).limit(batch).scalar_subquery())
        done = await self.session.execute(sa.delete(ProcessedUpdateRow).where(ProcessedUpdateRow.id.in_(oldest))
                                          .execution_options(synchronize_session=False))
        return done.rowcount or 0
