"""Dreams, in memory."""

from __future__ import annotations

import copy
from dataclasses import replace

from core.model.dreams import Dream

from .store import Store, kept, save_over


class FakeDreams:
    def __init__(self, s: Store) -> None:
        self.s = s

    async def add(self, dream: Dream) -> Dream:
        added = replace(dream, id=self.s.new_id())  # as storage: a copy with its id, the one given untouched
        self.s.dreams[added.id] = kept(added)
        return added

    async def get(self, dream_id: int, *, for_update: bool = False) -> Dream | None:
        return copy.deepcopy(self.s.dreams.get(dream_id))

    async def save(self, dream: Dream) -> None:
        save_over(self.s.dreams, dream)

    async def in_state(self, branch_id: int, states) -> list[Dream]:
        found = [d for d in self.s.dreams.values() if d.branch_id == branch_id and d.state in states]
        return [copy.deepcopy(d) for d in sorted(found, key=lambda d: (d.deposited_at, d.id), reverse=True)]

    async def owned_by(self, member_id: int) -> list[Dream]:
        found = [d for d in self.s.dreams.values() if d.owner_id == member_id]
        return [copy.deepcopy(d) for d in sorted(found, key=lambda d: (d.deposited_at, d.id), reverse=True)]
