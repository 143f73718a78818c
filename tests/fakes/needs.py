"""Each dream's list of needs, in memory."""

from __future__ import annotations

import copy
from dataclasses import replace

from core.model.needs import DreamNeed

from .store import Store, kept, save_over


class FakeNeeds:
    def __init__(self, s: Store) -> None:
        self.s = s

    async def add(self, need: DreamNeed) -> DreamNeed:
        added = replace(need, id=self.s.new_id())  # as storage: a copy with its id, the one given untouched
        self.s.needs[added.id] = kept(added)
        return added

    async def get(self, need_id: int) -> DreamNeed | None:
        return copy.deepcopy(self.s.needs.get(need_id))

    async def save(self, need: DreamNeed) -> None:
        save_over(self.s.needs, need)

    async def remove(self, need_id: int) -> None:
        """As the foreign key does: pledges against it stand against no need."""
        self.s.needs.pop(need_id, None)
        for pledge in self.s.pledges.values():
            if pledge.need_id == need_id:
                pledge.need_id = None

    async def of_dream(self, dream_id: int) -> list[DreamNeed]:
        return [copy.deepcopy(n) for _id, n in sorted(self.s.needs.items()) if n.dream_id == dream_id]
