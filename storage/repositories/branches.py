"""Branches and the chats linked to them on each platform."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import timedelta

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session, SessionTransaction

from core.model.branches import Branch, ChatLink, ChatPurpose, QuorumRule

from ..tables import BranchRow, ChatLinkRow
from .base import Repository, Values


class SqlBranches(Repository):
    async def add(self, branch: Branch) -> Branch:
        row = await self._insert(BranchRow(**branch_values(branch)))
        return replace(branch, id=row.id)

    async def get(self, branch_id: int) -> Branch | None:
        row = await self._where(BranchRow, "id", branch_id, first=True)
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
        _known_links(self.session).pop(branch_id, None)
        await self._delete(ChatLinkRow, ChatLinkRow.branch_id == branch_id, ChatLinkRow.purpose == purpose.value,
                           ChatLinkRow.platform == platform)

    async def links(self, branch_id: int) -> Sequence[ChatLink]:
        known = _known_links(self.session).get(branch_id)
        if known is not None:  # the member's branch, read with the update's arrival (see links_read)
            return list(known)
        rows = await self._where(ChatLinkRow, "branch_id", branch_id, ChatLinkRow.id)
        return [to_chat_link(r) for r in rows]

    async def linked_chat(self, platform: str, chat_id: str) -> ChatLink | None:
        row = await self._first(sa.select(ChatLinkRow).where(ChatLinkRow.platform == platform,
                                                             ChatLinkRow.chat_id == chat_id))
        return to_chat_link(row) if row else None


def branch_values(b: Branch) -> Values:
    return dict(slug=b.slug, name=b.name, language=b.language, timezone=b.timezone, quorum=b.quorum.describe(),
                stall_after_seconds=int(b.stall_after.total_seconds()), competences=list(b.competences),
                digest_weekday=b.digest_weekday, digest_hour=b.digest_hour, response_days=b.response_days,
                criteria=list(b.criteria) if any(b.criteria) else [],
                erasure_hands_dreams=b.erasure_hands_dreams, inquiry_assignment=b.inquiry_assignment,
                fund_reminder_days=list(b.fund_reminder_days), contact=b.contact)


def to_branch(r: BranchRow) -> Branch:
    return Branch(r.slug, r.name, r.language, r.timezone, QuorumRule.parse(r.quorum),
                  timedelta(seconds=r.stall_after_seconds), r.id, tuple(r.competences or ()),
                  digest_weekday=r.digest_weekday, digest_hour=r.digest_hour, response_days=r.response_days,
                  criteria=_criteria(r.criteria), erasure_hands_dreams=r.erasure_hands_dreams,
                  inquiry_assignment=r.inquiry_assignment, fund_reminder_days=tuple(r.fund_reminder_days),
                  contact=r.contact)


def _criteria(stored: list[str] | None) -> tuple[str, str, str]:
    """The three criteria's wording as stored; none stored (or fewer) means the catalog's."""
    texts = [*(stored or ()), "", "", ""][:3]
    return (texts[0], texts[1], texts[2])


def chat_link_values(link: ChatLink) -> Values:
    return dict(branch_id=link.branch_id, purpose=ChatPurpose(link.purpose).value, platform=link.platform,
                chat_id=link.chat_id, title=link.title, invite_link=link.invite_link, role_id=link.role_id)


def links_read(session: AsyncSession, branch_id: int, rows: Iterable[ChatLinkRow | None]) -> None:
    """The branch's chats, read beside another row (an update's arrival reads its member's), kept for the rest of
    the transaction so that a turn that posts to them (every like) does not read them again; a link or unlink in
    the session forgets them, and so does the transaction's end."""
    _known_links(session)[branch_id] = [to_chat_link(r) for r in rows if r is not None]


@event.listens_for(Session, "after_transaction_end")
def _forget_links(session: Session, transaction: SessionTransaction) -> None:
    if transaction.parent is None:
        session.info.pop("chat_links", None)


def _known_links(session: AsyncSession) -> dict[int, list[ChatLink]]:
    known: dict[int, list[ChatLink]] = session.info.setdefault("chat_links", {})
    return known


def to_chat_link(r: ChatLinkRow) -> ChatLink:
    return ChatLink(r.branch_id, ChatPurpose(r.purpose), r.platform, r.chat_id, r.title, r.invite_link, r.role_id)
