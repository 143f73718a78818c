"""Funds and pools of a branch."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date

import sqlalchemy as sa

from core.model.funds import Fund

from ..tables import FundRow
from .base import Repository, Values


class SqlFunds(Repository):
    async def add(self, fund: Fund) -> Fund:
        row = await self._insert(FundRow(**fund_values(fund)))
        return replace(fund, id=row.id)

    async def get(self, fund_id: int) -> Fund | None:
        row = await self._first(sa.select(FundRow).where(FundRow.id == fund_id))
        return to_fund(row) if row else None

    async def save(self, fund: Fund) -> None:
        await self._update(FundRow, fund.id, fund_values(fund))

    async def remove(self, fund_id: int) -> bool:
        return await self._delete(FundRow, FundRow.id == fund_id) > 0

    async def open_in(self, branch_id: int, today: date) -> Sequence[Fund]:
        """The branch's funds whose deadline is today or later, soonest deadline first."""
        rows = await self._all(sa.select(FundRow).where(FundRow.branch_id == branch_id, FundRow.deadline >= today)
                               .order_by(FundRow.deadline, FundRow.id))
        return [to_fund(r) for r in rows]


def fund_values(f: Fund) -> Values:
    return dict(branch_id=f.branch_id, name=f.name, giver=f.giver, themes=",".join(f.themes),
                amount_min=f.amount_min, amount_max=f.amount_max, deadline=f.deadline, link=f.link,
                created_by=f.created_by, created_at=f.created_at)


def to_fund(r: FundRow) -> Fund:
    return Fund(r.branch_id, r.name, r.giver, [t for t in r.themes.split(",") if t], r.deadline, r.link,
                r.created_by, r.created_at, r.amount_min, r.amount_max, r.id)
