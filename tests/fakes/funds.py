"""Funds and pools of a branch, in memory."""

from __future__ import annotations

import copy
from dataclasses import replace
from datetime import date

from core.model.funds import Fund

from .store import Store, kept, save_over


class FakeFunds:
    def __init__(self, s: Store) -> None:
        self.s = s

    async def add(self, fund: Fund) -> Fund:
        added = replace(fund, id=self.s.new_id(), themes=list(fund.themes))
        self.s.funds[added.id] = kept(added)
        return added

    async def get(self, fund_id: int) -> Fund | None:
        return copy.deepcopy(self.s.funds.get(fund_id))

    async def save(self, fund: Fund) -> None:
        save_over(self.s.funds, replace(fund, themes=list(fund.themes)))

    async def remove(self, fund_id: int) -> bool:
        return self.s.funds.pop(fund_id, None) is not None

    async def open_in(self, branch_id: int, today: date) -> list[Fund]:
        found = [f for f in self.s.funds.values() if f.branch_id == branch_id and f.deadline >= today]
        return [copy.deepcopy(f) for f in sorted(found, key=lambda f: (f.deadline, f.id))]
