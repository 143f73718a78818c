"""Inquiries to the municipality, their threads, and the topics consultants answer."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import sqlalchemy as sa

from core.model.inquiries import EntryKind, Inquiry, InquiryEntry, InquiryState

from ..tables import ConsultantTopicsRow, InquiryEntryRow, InquiryRow
from .base import Repository, Values


class SqlInquiries(Repository):
    async def add(self, inquiry: Inquiry) -> Inquiry:
        row = await self._insert(InquiryRow(**inquiry_values(inquiry)))
        return replace(inquiry, id=row.id)

    async def get(self, inquiry_id: int, *, for_update: bool = False) -> Inquiry | None:
        statement = sa.select(InquiryRow).where(InquiryRow.id == inquiry_id)
        row = await self._first(statement.with_for_update() if for_update else statement)
        return to_inquiry(row) if row else None

    async def save(self, inquiry: Inquiry) -> None:
        await self._update(InquiryRow, inquiry.id, inquiry_values(inquiry))

    async def latest(self, branch_id: int) -> Inquiry | None:
        row = await self._first(sa.select(InquiryRow).where(InquiryRow.branch_id == branch_id)
                                .order_by(InquiryRow.id.desc()).limit(1))  # type: ignore[union-attr]
        return to_inquiry(row) if row else None

    async def open_in(self, branch_id: int) -> Sequence[Inquiry]:
        return await self._many(InquiryRow.branch_id == branch_id, InquiryRow.state == InquiryState.OPEN.value)

    async def in_branch(self, branch_id: int) -> Sequence[Inquiry]:
        return await self._many(InquiryRow.branch_id == branch_id)

    async def asked_by(self, member_id: int) -> Sequence[Inquiry]:
        newest_first = (InquiryRow.asked_at.desc(), InquiryRow.id.desc())  # type: ignore[attr-defined]
        rows = await self._all(sa.select(InquiryRow).where(InquiryRow.asker_id == member_id).order_by(*newest_first))
        return [to_inquiry(r) for r in rows]

    async def unanswered(self, branch_id: int) -> Sequence[Inquiry]:
        return await self._many(InquiryRow.branch_id == branch_id, InquiryRow.state == InquiryState.OPEN.value,
                                InquiryRow.answered_at.is_(None))  # type: ignore[union-attr]

    async def add_entry(self, entry: InquiryEntry) -> InquiryEntry:
        row = await self._insert(InquiryEntryRow(inquiry_id=entry.inquiry_id, author_id=entry.author_id,
                                                 text=entry.text, at=entry.at, kind=EntryKind(entry.kind).value))
        return replace(entry, id=row.id)

    async def entries(self, inquiry_id: int) -> Sequence[InquiryEntry]:
        rows = await self._all(sa.select(InquiryEntryRow).where(InquiryEntryRow.inquiry_id == inquiry_id)
                               .order_by(InquiryEntryRow.at, InquiryEntryRow.id))
        return [InquiryEntry(r.inquiry_id, r.author_id, r.text, r.at, EntryKind(r.kind), r.id) for r in rows]

    async def topics(self, branch_id: int) -> dict[int, list[str]]:
        rows = await self._all(sa.select(ConsultantTopicsRow).where(ConsultantTopicsRow.branch_id == branch_id)
                               .order_by(ConsultantTopicsRow.member_id))
        return {r.member_id: list(r.topics) for r in rows if r.topics}

    async def set_topics(self, branch_id: int, member_id: int, topics: list[str]) -> None:
        await self._upsert(ConsultantTopicsRow, dict(branch_id=branch_id, member_id=member_id, topics=list(topics)),
                           ["branch_id", "member_id"])

    async def _many(self, *conditions: object) -> list[Inquiry]:
        rows = await self._all(sa.select(InquiryRow).where(*conditions)  # type: ignore[arg-type]
                               .order_by(InquiryRow.asked_at, InquiryRow.id))
        return [to_inquiry(r) for r in rows]


def inquiry_values(i: Inquiry) -> Values:
    return dict(branch_id=i.branch_id, asker_id=i.asker_id, owner_id=i.owner_id, question=i.question, topic=i.topic,
                state=InquiryState(i.state).value, asked_at=i.asked_at, answered_at=i.answered_at,
                owner_reminded_at=i.owner_reminded_at, admin_reminded_at=i.admin_reminded_at)


def to_inquiry(r: InquiryRow) -> Inquiry:
    return Inquiry(r.branch_id, r.asker_id, r.question, r.owner_id, r.asked_at, r.topic, InquiryState(r.state),
                   r.answered_at, r.owner_reminded_at, r.admin_reminded_at, r.id)
