"""Members: their identities on each platform and the roles they hold in a branch."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import replace
from typing import Any

import sqlalchemy as sa

from core.errors import Conflict
from core.model.branches import Branch
from core.model.members import Identity, Member, Role, shown_name

from ..tables import BranchRow, IdentityRow, MemberRow, RoleGrantRow
from .base import Repository, Values
from .branches import to_branch


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

    async def names(self, member_ids: Collection[int]) -> dict[int, str]:
        if not member_ids:
            return {}
        statement = self._kept(("names",), lambda _insert: (  # read for every dream card
            sa.select(MemberRow.id, MemberRow.display_name, MemberRow.erased_at)
            .where(MemberRow.id.in_(sa.bindparam("ids", expanding=True)))))
        rows = await self.session.execute(statement, dict(ids=sorted(set(member_ids))))
        return {member_id: shown_name(name, erased_at is not None) for member_id, name, erased_at in rows}

    async def save(self, member: Member) -> None:
        await self._update(MemberRow, member.id, member_values(member))

    async def by_identity(self, identity: Identity) -> Member | None:
        row = await self._first(
            sa.select(MemberRow).join(IdentityRow, IdentityRow.member_id == MemberRow.id)
            .where(IdentityRow.platform == identity.platform, IdentityRow.external_id == identity.external_id))
        return to_member(row) if row else None

    async def with_branch(self, identity: Identity) -> tuple[Member, Branch] | None:
        # read at every chat update: its statement is kept (see Repository._kept)
        statement = self._kept(("member with branch",), lambda _insert: member_with_branch())
        found = (await self.session.execute(statement, dict(platform=identity.platform,
                                                            external_id=identity.external_id))).first()
        return (to_member(found[0]), to_branch(found[1])) if found else None

    async def mark_unreachable(self, identity: Identity) -> None:
        await self.session.execute(
            sa.update(IdentityRow).where(IdentityRow.platform == identity.platform,
                                         IdentityRow.external_id == identity.external_id)
            .values(reachable=False).execution_options(synchronize_session=False))

    async def identities(self, member_id: int) -> Sequence[Identity]:
        rows = await self._all(sa.select(IdentityRow).where(IdentityRow.member_id == member_id)
                               .order_by(IdentityRow.id))
        return [to_identity(r) for r in rows]

    async def reachable(self, member_id: int) -> Sequence[Identity]:
        rows = await self._all(sa.select(IdentityRow).where(IdentityRow.member_id == member_id,
                                                            IdentityRow.reachable.is_(True)).order_by(IdentityRow.id))
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


def member_values(m: Member) -> Values:
    # an erased member's shown name is not a name of theirs, and is never written back
    name = m.display_name if isinstance(m.display_name, str) else ""
    return dict(display_name=name, branch_id=m.branch_id, language=m.language, joined_at=m.joined_at,
                notify_on=m.notify_on)


def member_with_branch(*beside: Any) -> Any:
    """The member a bound `platform` and `external_id` name, with their branch, and `beside` them whatever the
    caller joins to the member after."""
    return (sa.select(MemberRow, BranchRow, *beside).join(IdentityRow, IdentityRow.member_id == MemberRow.id)
            .join(BranchRow, BranchRow.id == MemberRow.branch_id)
            .where(IdentityRow.platform == sa.bindparam("platform"),
                   IdentityRow.external_id == sa.bindparam("external_id"))
            .limit(1).execution_options(populate_existing=True))


def to_member(r: MemberRow) -> Member:
    return Member(shown_name(r.display_name, r.erased_at is not None), r.branch_id, r.language, r.joined_at, r.id,
                  r.notify_on)


def to_identity(r: IdentityRow) -> Identity:
    return Identity(r.platform, r.external_id)
