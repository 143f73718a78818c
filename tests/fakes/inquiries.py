"""Inquiries, their threads and the consultants' topics, in memory."""

from __future__ import annotations

import copy
from dataclasses import replace

from core.model.inquiries import Inquiry, InquiryEntry, InquiryState

from .store import Store, kept, save_over


class FakeInquiries:
    def __init__(self, s: Store) -> None:
        self.s = s

    async def add(self, inquiry: Inquiry) -> Inquiry:
        added = replace(inquiry, id=self.s.new_id())
        self.s.inquiries[added.id] = kept(added)
        return added

    async def get(self, inquiry_id: int, *, for_update: bool = False) -> Inquiry | None:
        return copy.deepcopy(self.s.inquiries.get(inquiry_id))

    async def save(self, inquiry: Inquiry) -> None:
        save_over(self.s.inquiries, inquiry)

    async def latest(self, branch_id: int) -> Inquiry | None:
        found = [i for i in self.s.inquiries.values() if i.branch_id == branch_id]
        return copy.deepcopy(max(found, key=lambda i: i.id or 0)) if found else None

    def _sorted(self, found: list[Inquiry]) -> list[Inquiry]:
        return [copy.deepcopy(i) for i in sorted(found, key=lambda i: (i.asked_at, i.id))]

    async def open_in(self, branch_id: int) -> list[Inquiry]:
        return self._sorted([i for i in self.s.inquiries.values()
                             if i.branch_id == branch_id and i.state is InquiryState.OPEN])

    async def in_branch(self, branch_id: int) -> list[Inquiry]:
        return self._sorted([i for i in self.s.inquiries.values() if i.branch_id == branch_id])

    async def asked_by(self, member_id: int) -> list[Inquiry]:
        return list(reversed(self._sorted([i for i in self.s.inquiries.values() if i.asker_id == member_id])))

    async def unanswered(self, branch_id: int) -> list[Inquiry]:
        return self._sorted([i for i in self.s.inquiries.values()
                             if i.branch_id == branch_id and i.state is InquiryState.OPEN and i.answered_at is None])

    async def add_entry(self, entry: InquiryEntry) -> InquiryEntry:
        added = replace(entry, id=self.s.new_id())
        self.s.inquiry_entries.append(kept(added))
        return added

    async def entries(self, inquiry_id: int) -> list[InquiryEntry]:
        return sorted((e for e in self.s.inquiry_entries if e.inquiry_id == inquiry_id), key=lambda e: (e.at, e.id))

    async def topics(self, branch_id: int) -> dict[int, list[str]]:
        return {m: list(t) for (b, m), t in sorted(self.s.consultant_topics.items()) if b == branch_id and t}

    async def set_topics(self, branch_id: int, member_id: int, topics: list[str]) -> None:
        self.s.consultant_topics[(branch_id, member_id)] = list(topics)
