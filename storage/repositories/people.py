"""Branches and members: identities on each platform and the roles held in a branch."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import sqlalchemy as sa

from core.errors import Conflict
from core.model.branches import Branch, ChatLink, ChatPurpose
from core.model.members import Identity, Member, Role

from ..mapping import branch_values, chat_link_values, member_values, to_branch, to_chat_link, to_identity, to_member
from ..tables import BranchRow, ChatLinkRow, IdentityRow, MemberRow, RoleGrantRow
from .base import Repository


class SqlBranches(Repository):
    async def add(self, branch: Branch) -> Branch:
        row = await self._insert(BranchRow(**branch_values(branch)))
        return replace(branch, id=row.id)

    async def get(self, branch_id: int) -> Branch | None:
        row = await self._first(sa.select(BranchRow).where(BranchRow.id == branch_id))
        return to_branch(row) if row else None

    async def by_slug(self, slug: str) -> Branch | None:
        row = await self._first(sa.select(BranchRow).where(BranchRow.slug == slug))
        return to_branch(row) if row else None

    async def all(self) -> Sequence[Branch]:
        return [to_branch(r) for r in await self._all(sa.select(BranchRow).order_by(BranchRow.id))]

    async def save(self, branch: Branch) -> None:
        await self._update(BranchRow, branch.id, branch_values(branch))

    async def link(self, link: ChatLink) -> None:
        await self.unlink(link.branch_id, link.purpose, link.platform)
        await self._insert(ChatLinkRow(**chat_link_values(link)))

    async def unlink(self, branch_id: int, purpose: ChatPurpose, platform: str) -> None:
        await self._delete(ChatLinkRow, ChatLinkRow.branch_id == branch_id, ChatLinkRow.purpose == purpose.value,
                           ChatLinkRow.platform == platform)

    async def links(self, branch_id: int) -> Sequence[ChatLink]:
        rows = await self._all(sa.select(ChatLinkRow).where(ChatLinkRow.branch_id == branch_id)
                               .order_by(ChatLinkRow.id))
        return [to_chat_link(r) for r in rows]

    async def linked_chat(self, platform: str, chat_id: str) -> ChatLink | None:
        row = await self._first(sa.select(ChatLinkRow).where(ChatLinkRow.platform == platform,
                                                             ChatLinkRow.chat_id == chat_id))
        return to_chat_link(row) if row else None


class SqlMembers(Repository):
    async def add(self, member: Member, identity: Identity | None = None) -> Member:
        row = await self._insert(MemberRow(**member_values(member)))
        if identity is not None:
            await self._insert_unique(IdentityRow(platform=identity.platform, external_id=identity.external_id,
                                                  member_id=row.id), f"identity {identity} is taken")
        return replace(member, id=row.id)

    async def get(self, member_id: int) -> Member | None:
        row = await self._first(sa.select(MemberRow).where(MemberRow.id == member_id))
        return to_member(row) if row else None

    async def save(self, member: Member) -> None:
        await self._update(MemberRow, member.id, member_values(member))

    async def by_identity(self, identity: Identity) -> Member | None:
        row = await self._first(
            sa.select(MemberRow).join(IdentityRow, IdentityRow.member_id == MemberRow.id)
            .where(IdentityRow.platform == identity.platform, IdentityRow.external_id == identity.external_id))
        return to_member(row) if row else None

    async def mark_unreachable(self, identity: Identity) -> None:
        await self.session.execute(
            sa.update(IdentityRow).where(IdentityRow.platform == identity.platform,
                                         IdentityRow.external_id == identity.external_id)
            .values(reachable=False).execution_options(synchronize_session=False))

    async def identities(self, member_id: int) -> Sequence[Identity]:
        rows = await self._all(sa.select(IdentityRow).where(IdentityRow.member_id == member_id)
                               .order_by(IdentityRow.id))
        return [to_identity(r) for r in rows]

    async def roles(self, branch_id: int, member_id: int) -> set[Role]:
        held = await self.session.scalars(sa.select(RoleGrantRow.role).where(
            RoleGrantRow.branch_id == branch_id, RoleGrantRow.member_id == member_id))
        return {Role(r) for r in held}

    async def with_role(self, branch_id: int, role: Role) -> Sequence[Member]:
        rows = await self._all(
            sa.select(MemberRow).join(RoleGrantRow, RoleGrantRow.member_id == MemberRow.id)
            .where(RoleGrantRow.branch_id == branch_id, RoleGrantRow.role == Role(role).value)
            .order_by(MemberRow.id))
        return [to_member(r) for r in rows]

    async def grant(self, branch_id: int, member_id: int, role: Role) -> bool:
        if Role(role) in await self.roles(branch_id, member_id):
            return False
        try:
            await self._insert_unique(RoleGrantRow(branch_id=branch_id, member_id=member_id, role=Role(role).value),
                                      "role held already")
        except Conflict:  # granted meanwhile by a concurrent transaction
            return False
        return True

    async def revoke(self, branch_id: int, member_id: int, role: Role) -> bool:
        removed = await self._delete(RoleGrantRow, RoleGrantRow.branch_id == branch_id,
                                     RoleGrantRow.member_id == member_id, RoleGrantRow.role == Role(role).value)
        return removed > 0


__all__ = ["SqlBranches", "SqlMembers"]
