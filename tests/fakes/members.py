"""Members, their identities and roles, in memory."""

from __future__ import annotations

import copy
from collections.abc import Collection
from dataclasses import replace

from core.errors import Conflict
from core.model.branches import Branch
from core.model.members import Identity, Member, Role

from .store import Store, kept, save_over


class FakeMembers:
    def __init__(self, s: Store) -> None:
        self.s = s

    async def add(self, member: Member, identity: Identity | None = None) -> Member:
        if identity is not None and identity in self.s.identities:
            raise Conflict(f"identity {identity} is taken")
        added = replace(member, id=self.s.new_id())  # as storage: a copy with its id, the one given untouched
        self.s.members[added.id] = kept(added)
        if identity is not None:
            self.s.identities[identity] = added.id
        return added

    async def get(self, member_id: int) -> Member | None:
        return copy.deepcopy(self.s.members.get(member_id))

    async def names(self, member_ids: Collection[int]) -> dict[int, str]:
        return {i: self.s.members[i].display_name for i in set(member_ids) if i in self.s.members}

    async def save(self, member: Member) -> None:
        save_over(self.s.members, member)

    async def by_identity(self, identity: Identity) -> Member | None:
        member_id = self.s.identities.get(identity)
        return await self.get(member_id) if member_id else None

    async def with_branch(self, identity: Identity) -> tuple[Member, Branch] | None:
        member = await self.by_identity(identity)
        return (member, copy.deepcopy(self.s.branches[member.branch_id])) if member else None

    async def identities(self, member_id: int) -> list[Identity]:
        return [i for i, m in self.s.identities.items() if m == member_id]

    async def reachable(self, member_id: int) -> list[Identity]:
        return [i for i in await self.identities(member_id) if i not in self.s.unreachable]

    async def mark_unreachable(self, identity: Identity) -> None:
        self.s.unreachable.add(identity)

    async def roles(self, branch_id: int, member_id: int) -> set[Role]:
        return {r for b, m, r in self.s.roles if b == branch_id and m == member_id}

    async def with_role(self, branch_id: int, role: Role) -> list[Member]:
        ids = sorted(m for b, m, r in self.s.roles if b == branch_id and r is Role(role))
        return [copy.deepcopy(self.s.members[i]) for i in ids]

    async def grant(self, branch_id: int, member_id: int, role: Role) -> bool:
        key = (branch_id, member_id, Role(role))
        new = key not in self.s.roles
        self.s.roles.add(key)
        return new

    async def revoke(self, branch_id: int, member_id: int, role: Role) -> bool:
        key = (branch_id, member_id, Role(role))
        had = key in self.s.roles
        self.s.roles.discard(key)
        return had
