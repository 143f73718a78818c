"""Updates a platform sent, kept until they are handled, so none is lost to a crash."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from ..tables import InboundUpdateRow
from .base import Repository


class SqlInboundUpdates(Repository):
    async def keep(self, source: str, updates: Sequence[tuple[int, dict[str, Any]]], at: datetime) -> None:
        for update_id, payload in updates:
            await self._insert_new(InboundUpdateRow, dict(source=source, update_id=update_id, payload=payload,
                                                          received_at=at), ["source", "update_id"])

    async def unhandled(self, source: str, limit: int = 100) -> Sequence[tuple[int, dict[str, Any]]]:
        rows = await self.session.execute(
            sa.select(InboundUpdateRow.update_id, InboundUpdateRow.payload)
            .where(InboundUpdateRow.source == source, InboundUpdateRow.handled_at.is_(None))
            .order_by(InboundUpdateRow.update_id).limit(limit))
        return [(update_id, payload) for update_id, payload in rows.all()]

    async def mark_handled(self, source: str, update_id: int, at: datetime) -> None:
        await self.session.execute(
            sa.update(InboundUpdateRow)
            .where(InboundUpdateRow.source == source, InboundUpdateRow.update_id == update_id)
            .values(handled_at=at).execution_options(synchronize_session=False))

    async def forget_handled(self, source: str, before: datetime) -> int:
        return await self._delete(InboundUpdateRow, InboundUpdateRow.source == source,
                                  InboundUpdateRow.handled_at.is_not(None), InboundUpdateRow.handled_at < before)
