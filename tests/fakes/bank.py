"""Likes and pledges, in memory."""

from __future__ import annotations

import copy
from dataclasses import replace

from core.errors import Conflict
from core.model.bank import Like, Pledge

from .store import Store, kept, save_over


class FakeBank:
    def __init__(self, s: Store) -> None:
        self.s = s

    async def add_like(self, like: Like) -> None:
        if await self.has_liked(like.dream_id, like.member_id):
            raise Conflict("like")
        self.s.likes.append(kept(like))

    async def give_like(self, like: Like, follow: bool = False) -> int:
        await self.add_like(like)
        if like.dream_id in self.s.bank_counts:
            self.s.bank_counts[like.dream_id][0] += 1
        if follow and (like.dream_id, like.member_id) not in self.s.followers:
            self.s.followers.append((like.dream_id, like.member_id))
        return await self.likes(like.dream_id)

    async def likes(self, dream_id: int) -> int:
        return sum(1 for like in self.s.likes if like.dream_id == dream_id)

    async def likes_of(self, dream_ids) -> dict[int, int]:
        return {dream_id: await self.likes(dream_id) for dream_id in dream_ids}

    async def likers(self, dream_id: int) -> list[int]:
        """In the order they liked; likes at the same moment in the order written."""
        return [like.member_id for like in sorted(self.s.likes, key=lambda like: like.at) if like.dream_id == dream_id]

    async def has_liked(self, dream_id: int, member_id: int) -> bool:
        return any(x.dream_id == dream_id and x.member_id == member_id for x in self.s.likes)

    async def add_pledge(self, pledge: Pledge) -> Pledge:
        added = replace(pledge, id=self.s.new_id())  # as storage: a copy with its id, the one given untouched
        self.s.pledges[added.id] = kept(added)
        return added

    async def pledges(self, dream_id: int) -> list[Pledge]:
        found = [p for p in self.s.pledges.values() if p.dream_id == dream_id]
        return [copy.deepcopy(p) for p in sorted(found, key=lambda p: (p.at, p.id))]

    async def standing(self, dream_id: int) -> int:
        return sum(1 for p in self.s.pledges.values() if p.dream_id == dream_id and p.standing)

    async def pledge(self, pledge_id: int, *, for_update: bool = False) -> Pledge | None:
        return copy.deepcopy(self.s.pledges.get(pledge_id))

    async def save_pledge(self, pledge: Pledge) -> None:
        save_over(self.s.pledges, pledge)

    async def pledges_by(self, member_id: int) -> list[Pledge]:
        found = [p for p in self.s.pledges.values() if p.member_id == member_id]
        return [copy.deepcopy(p) for p in sorted(found, key=lambda p: (p.at, p.id), reverse=True)]
