"""One-time sign-in links and the web sessions they open, and who a confirmed email address belongs to."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import sqlalchemy as sa

from core.model.members import Member
from core.model.sign_in import SignInLink, WebSession

from ..tables import MemberPreferencesRow, MemberRow, SignInLinkRow, WebSessionRow
from .base import Repository
from .members import to_member


class SqlSignIn(Repository):
    async def put_link(self, link: SignInLink) -> None:
        await self._insert(SignInLinkRow(member_id=link.member_id, token_hash=link.token_hash,
                                         created_at=link.created_at, expires_at=link.expires_at,
                                         used_at=link.used_at, address=link.address))

    async def link(self, token_hash: str) -> SignInLink | None:
        row = await self._first(sa.select(SignInLinkRow).where(SignInLinkRow.token_hash == token_hash))
        return SignInLink(row.member_id, row.token_hash, row.created_at, row.expires_at, row.used_at, row.address,
                          row.id) if row else None

    async def use_link(self, token_hash: str, at: datetime) -> bool:
        """One UPDATE guarded by `used_at IS NULL`: of two presses at once, only one changes the row."""
        used = await self.session.execute(
            sa.update(SignInLinkRow).where(SignInLinkRow.token_hash == token_hash, SignInLinkRow.used_at.is_(None))
            .values(used_at=at).execution_options(synchronize_session=False))
        return bool(used.rowcount)  # type: ignore[attr-defined]

    async def last_mailed(self, address: str) -> datetime | None:
        return await self.session.scalar(sa.select(sa.func.max(SignInLinkRow.created_at))
                                         .where(sa.func.lower(SignInLinkRow.address) == address.lower()))

    async def members_with_email(self, address: str) -> Sequence[Member]:
        rows = await self._all(
            sa.select(MemberRow).join(MemberPreferencesRow, MemberPreferencesRow.member_id == MemberRow.id)
            .where(sa.func.lower(MemberPreferencesRow.email) == address.lower()).order_by(MemberRow.id))
        return [to_member(row) for row in rows]

    async def put_session(self, session: WebSession) -> None:
        await self._insert(WebSessionRow(member_id=session.member_id, session_hash=session.session_hash,
                                         created_at=session.created_at, expires_at=session.expires_at,
                                         ended_at=session.ended_at))

    async def web_session(self, session_hash: str) -> WebSession | None:
        row = await self._first(sa.select(WebSessionRow).where(WebSessionRow.session_hash == session_hash))
        return WebSession(row.member_id, row.session_hash, row.created_at, row.expires_at, row.ended_at,
                          row.id) if row else None

    async def end_session(self, session_hash: str, at: datetime) -> None:
        await self.session.execute(sa.update(WebSessionRow).where(WebSessionRow.session_hash == session_hash)
                                   .values(ended_at=at).execution_options(synchronize_session=False))
