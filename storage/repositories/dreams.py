"""Dreams: deposited, reviewed, and where each one stands."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import sqlalchemy as sa

from core.model.dreams import Dream, DreamState, Need

from ..tables import DreamRow
from .base import Repository, Values


class SqlDreams(Repository):
    async def add(self, dream: Dream) -> Dream:
        row = await self._insert(DreamRow(**dream_values(dream)))
        return replace(dream, id=row.id)

    async def get(self, dream_id: int, *, for_update: bool = False) -> Dream | None:
        statement = sa.select(DreamRow).where(DreamRow.id == dream_id)
        row = await self._first(statement.with_for_update() if for_update else statement)
        return to_dream(row) if row else None

    async def save(self, dream: Dream) -> None:
        await self._update(DreamRow, dream.id, dream_values(dream))

    async def in_state(self, branch_id: int, states: Sequence[DreamState]) -> Sequence[Dream]:
        if not states:
            return []
        rows = await self._all(
            sa.select(DreamRow)
            .where(DreamRow.branch_id == branch_id, DreamRow.state.in_([DreamState(s).value for s in states]))
            .order_by(DreamRow.deposited_at.desc(), DreamRow.id.desc()))
        return [to_dream(r) for r in rows]

    async def owned_by(self, member_id: int) -> Sequence[Dream]:
        rows = await self._all(sa.select(DreamRow).where(DreamRow.owner_id == member_id)
                               .order_by(DreamRow.deposited_at.desc(), DreamRow.id.desc()))
        return [to_dream(r) for r in rows]


def needs_text(needs: frozenset[Need]) -> str:
    return ",".join(sorted(Need(n).value for n in needs))


def needs_of(text: str) -> frozenset[Need]:
    return frozenset(Need(part) for part in text.split(",") if part)


def dream_values(d: Dream) -> Values:
    return dict(branch_id=d.branch_id, owner_id=d.owner_id, title=d.title, story=d.story,
                needs=needs_text(d.needs), needs_detail=d.needs_detail, state=DreamState(d.state).value,
                deposited_at=d.deposited_at, decided_at=d.decided_at, decision_reason=d.decision_reason)


def to_dream(r: DreamRow) -> Dream:
    return Dream(r.branch_id, r.owner_id, r.title, r.story, needs_of(r.needs), r.needs_detail, DreamState(r.state),
                 r.deposited_at, r.decided_at, r.decision_reason, r.id)
