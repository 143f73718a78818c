"""Updates from a platform handled once, however often the platform delivers them."""

from __future__ import annotations

from datetime import datetime

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
