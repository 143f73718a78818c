"""Members' digest and email choices, in memory."""

from __future__ import annotations

import copy

from core.model.members import FORMER_MEMBER, Member
from core.model.preferences import DigestFrequency, Preferences

from .store import Store, kept


class FakeMemberPreferences:
    def __init__(self, s: Store) -> None:
        self.s = s

    async def get(self, member_id: int) -> Preferences:
        return copy.deepcopy(self.s.preferences.get(member_id) or Preferences(member_id))

    async def many(self, member_ids) -> dict[int, Preferences]:
        return {member_id: await self.get(member_id) for member_id in member_ids}

    async def save(self, preferences: Preferences) -> None:
        self.s.preferences[preferences.member_id] = kept(preferences)

    async def mark_digested(self, member_ids, until, ended_by) -> set[int]:
        moved = set()
        for member_id in member_ids:
            chosen = await self.get(member_id)
            if chosen.digested_until is None or chosen.digested_until <= ended_by:
                chosen.digested_until = until
                self.s.preferences[member_id] = kept(chosen)
                moved.add(member_id)
        return moved

    async def subscribers(self, branch_id: int, frequencies, after_member_id: int = 0,
                          limit: int = 500) -> list[tuple[Member, Preferences]]:
        wanted = {DigestFrequency(f) for f in frequencies}
        found = []
        for member in sorted(self.s.members.values(), key=lambda m: m.id):
            chosen = await self.get(member.id)
            if (member.branch_id == branch_id and member.id > after_member_id and chosen.digest in wanted
                    and member.display_name != FORMER_MEMBER):  # an erased member is sent nothing
                found.append((copy.deepcopy(member), chosen))
        return found[:limit]
