"""Dreams, in memory."""

from __future__ import annotations

import copy
from dataclasses import replace

from datetime import datetime, timezone

from core.model.bank import COUNT_MAX, BankEntry, BankPage, BankQuery, BankSort
from core.model.dreams import Dream, DreamState

from .store import Store, kept, save_over


class FakeDreams:
    def __init__(self, s: Store) -> None:
        self.s = s

    async def add(self, dream: Dream) -> Dream:
        added = replace(dream, id=self.s.new_id())  # as storage: a copy with its id, the one given untouched
        self.s.dreams[added.id] = kept(added)
        self.s.bank_counts[added.id] = [0, len(added.needs)]
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

    async def in_bank(self, branch_id: int, query: BankQuery, offset: int, limit: int) -> BankPage:
        found = [d for d in self.s.dreams.values() if d.branch_id == branch_id and d.state is DreamState.APPROVED
                 and (query.need is None or query.need in d.needs)
                 and (not query.text or query.text.lower() in d.title.lower() or query.text.lower() in d.story.lower())]
        found.sort(key=lambda d: (self._counted(d, query.sort), d.decided_at or _EARLIEST, d.id), reverse=True)
        shown = found[offset:offset + limit]
        return BankPage(tuple(BankEntry(copy.deepcopy(d), self.s.bank_counts[d.id][0],
                                        sum(1 for p in self.s.pledges.values() if p.dream_id == d.id and p.standing),
                                        self.s.pictures[d.id].digest if d.id in self.s.pictures else None)
                              for d in shown), min(len(found), COUNT_MAX + 1))

    def _counted(self, dream: Dream, sort: BankSort) -> int:
        return {BankSort.NEWEST: 0, BankSort.LIKED: self.s.bank_counts[dream.id][0],
                BankSort.NEEDED: self.s.bank_counts[dream.id][1]}[sort]

    async def set_open_needs(self, dream_id: int, count: int) -> None:
        if dream_id in self.s.bank_counts:
            self.s.bank_counts[dream_id][1] = count


_EARLIEST = datetime.min.replace(tzinfo=timezone.utc)
