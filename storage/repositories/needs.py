"""Each dream's list of needs."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import sqlalchemy as sa

from core.model.dreams import Need
from core.model.needs import DreamNeed

from ..tables import DreamNeedRow, PledgeRow
from .base import Repository, Values


class SqlNeeds(Repository):
    async def add(self, need: DreamNeed) -> DreamNeed:
        row = await self._insert(DreamNeedRow(**need_values(need)))
        return replace(need, id=row.id)

    async def get(self, need_id: int) -> DreamNeed | None:
        row = await self._first(sa.select(DreamNeedRow).where(DreamNeedRow.id == need_id))
        return to_need(row) if row else None

    async def save(self, need: DreamNeed) -> None:
        await self._update(DreamNeedRow, need.id, need_values(need))

    async def remove(self, need_id: int) -> None:
        # said here as well as by the foreign key, so that SQLite without its foreign keys on agrees
        await self.session.execute(sa.update(PledgeRow).where(PledgeRow.need_id == need_id).values(need_id=None)
                                   .execution_options(synchronize_session=False))
        await self._delete(DreamNeedRow, DreamNeedRow.id == need_id)

    async def of_dream(self, dream_id: int) -> Sequence[DreamNeed]:
        rows = await self._where(DreamNeedRow, "dream_id", dream_id, DreamNeedRow.id)
        return [to_need(r) for r in rows]


def need_values(n: DreamNeed) -> Values:
    return dict(dream_id=n.dream_id, kind=Need(n.kind).value, description=n.description, amount=n.amount)


def to_need(r: DreamNeedRow) -> DreamNeed:
    return DreamNeed(r.dream_id, Need(r.kind), r.description, r.amount, r.id)
