"""One-time codes that join a platform's identity to a member, the wrong ones typed, and what an account holds."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import sqlalchemy as sa

from core.model.accounts import Holding, LinkCode
from core.model.members import Identity

from ..tables import (DreamRow, IdentityRow, LikeRow, LinkCodeRow, PadriverRow, PledgeRow, RoleGrantRow, RsvpRow,
                      SignupRow, TeamMemberRow, WrongCodeRow)
from .base import Repository

#: the tables whose rows are a member's own, each with its member column
_HELD = {Holding.DREAMS: DreamRow.owner_id, Holding.ROLES: RoleGrantRow.member_id, Holding.LIKES: LikeRow.member_id,
         Holding.PLEDGES: PledgeRow.member_id, Holding.RSVPS: RsvpRow.member_id,
         Holding.PADRIVER: PadriverRow.member_id, Holding.SIGNUPS: SignupRow.member_id,
         Holding.TEAMS: TeamMemberRow.member_id}


class SqlAccounts(Repository):
    async def put_code(self, code: LinkCode) -> None:
        await self._delete(LinkCodeRow, LinkCodeRow.member_id == code.member_id)
        await self._insert(LinkCodeRow(member_id=code.member_id, code_hash=code.code_hash,
                                       created_at=code.created_at, expires_at=code.expires_at, used_at=code.used_at))

    async def code(self, code_hash: str) -> LinkCode | None:
        row = await self._first(sa.select(LinkCodeRow).where(LinkCodeRow.code_hash == code_hash))
        return LinkCode(row.member_id, row.code_hash, row.created_at, row.expires_at, row.used_at,
                        row.id) if row else None

    async def use_code(self, code_hash: str, at: datetime) -> None:
        await self.session.execute(sa.update(LinkCodeRow).where(LinkCodeRow.code_hash == code_hash)
                                   .values(used_at=at).execution_options(synchronize_session=False))

    async def add_wrong(self, identity: Identity, at: datetime) -> None:
        await self._insert(WrongCodeRow(identity=_key(identity), at=at))

    async def wrong_since(self, identity: Identity, since: datetime) -> Sequence[datetime]:
        return list((await self.session.scalars(
            sa.select(WrongCodeRow.at).where(WrongCodeRow.identity == _key(identity), WrongCodeRow.at >= since)
            .order_by(WrongCodeRow.at))).all())

    async def holdings(self, member_id: int) -> set[Holding]:
        """One statement: an EXISTS per kind of holding, each an index probe on its member column."""
        checks = [sa.exists().where(column == member_id).label(holding.value) for holding, column in _HELD.items()]
        found = (await self.session.execute(sa.select(*checks))).one()
        return {holding for holding, held in zip(_HELD, found) if held}

    async def move_identity(self, identity: Identity, member_id: int) -> None:
        moved = await self.session.execute(
            sa.update(IdentityRow).where(IdentityRow.platform == identity.platform,
                                         IdentityRow.external_id == identity.external_id)
            .values(member_id=member_id).execution_options(synchronize_session=False))
        if not moved.rowcount:  # type: ignore[attr-defined]
            await self._insert(IdentityRow(platform=identity.platform, external_id=identity.external_id,
                                           member_id=member_id))


def _key(identity: Identity) -> str:
    return f"{identity.platform}:{identity.external_id}"
