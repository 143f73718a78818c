"""Inquiries, their threads and the consultants' topics: what is stored comes back the same, in order."""

from __future__ import annotations

from dataclasses import replace

import pytest

from core.model.branches import Branch
from core.model.inquiries import EntryKind, Inquiry, InquiryEntry, InquiryState

from tests.factories import AT, later, seed
from tests.integration.round_trips import is_utc

pytestmark = pytest.mark.in_memory_too


class TestInquiries:
    async def test_an_inquiry_comes_back_as_it_was_saved_with_its_times_in_utc(self, uow_factory):
        s = await seed(uow_factory)
        async with uow_factory() as uow:
            added = await uow.inquiries.add(Inquiry(s.branch.id, s.anna.id, "May we use the hall?", s.bjorn.id, AT,
                                                    "venue"))
            await uow.commit()
        assert added.id is not None
        async with uow_factory() as uow:
            back = await uow.inquiries.get(added.id)
            assert back == added and is_utc(back.asked_at)
            assert await uow.inquiries.get(added.id + 1000) is None
        changed = replace(added, state=InquiryState.ANSWERED, answered_at=later(5), owner_reminded_at=later(3),
                          admin_reminded_at=later(4), owner_id=s.anna.id)
        async with uow_factory() as uow:
            await uow.inquiries.save(changed)
            await uow.commit()
        async with uow_factory() as uow:
            back = await uow.inquiries.get(added.id, for_update=True)
            assert back == changed and is_utc(back.answered_at) and is_utc(back.admin_reminded_at)

    async def test_lists_by_branch_state_asker_and_answer(self, uow_factory):
        s = await seed(uow_factory)
        async with uow_factory() as uow:
            elsewhere = await uow.branches.add(Branch("havby", "Havby"))
            first = await uow.inquiries.add(Inquiry(s.branch.id, s.anna.id, "One", s.bjorn.id, later(1)))
            answered = await uow.inquiries.add(Inquiry(s.branch.id, s.anna.id, "Two", s.bjorn.id, later(2),
                                                       state=InquiryState.ANSWERED, answered_at=later(3)))
            replied = await uow.inquiries.add(Inquiry(s.branch.id, s.bjorn.id, "Three", s.anna.id, later(0),
                                                      answered_at=later(4)))
            closed = await uow.inquiries.add(Inquiry(s.branch.id, s.bjorn.id, "Four", s.anna.id, later(5),
                                                     state=InquiryState.CLOSED))
            other = await uow.inquiries.add(Inquiry(elsewhere.id, s.anna.id, "Five", s.bjorn.id, later(6)))
            await uow.commit()
        async with uow_factory() as uow:
            assert await uow.inquiries.latest(s.branch.id) == closed
            assert await uow.inquiries.latest(elsewhere.id + 1000) is None
            assert list(await uow.inquiries.open_in(s.branch.id)) == [replied, first]
            assert list(await uow.inquiries.in_branch(s.branch.id)) == [replied, first, answered, closed]
            assert list(await uow.inquiries.asked_by(s.anna.id)) == [other, answered, first]
            assert list(await uow.inquiries.unanswered(s.branch.id)) == [first]
            assert list(await uow.inquiries.unanswered(elsewhere.id)) == [other]


class TestThreads:
    async def test_a_thread_keeps_its_entries_in_order_and_apart_from_others(self, uow_factory):
        s = await seed(uow_factory)
        async with uow_factory() as uow:
            one = await uow.inquiries.add(Inquiry(s.branch.id, s.anna.id, "One", s.bjorn.id, AT))
            two = await uow.inquiries.add(Inquiry(s.branch.id, s.anna.id, "Two", s.bjorn.id, AT))
            answer = await uow.inquiries.add_entry(InquiryEntry(one.id, s.bjorn.id, "Yes", later(2), EntryKind.ANSWER))
            asked = await uow.inquiries.add_entry(InquiryEntry(one.id, s.anna.id, "One", later(0), EntryKind.QUESTION))
            await uow.inquiries.add_entry(InquiryEntry(two.id, s.anna.id, "Two", later(0), EntryKind.QUESTION))
            await uow.commit()
        assert answer.id is not None
        async with uow_factory() as uow:
            entries = list(await uow.inquiries.entries(one.id))
        assert entries == [asked, answer] and is_utc(entries[0].at)


class TestTopics:
    async def test_setting_topics_again_replaces_them_and_empty_ones_are_not_listed(self, uow_factory):
        s = await seed(uow_factory)
        async with uow_factory() as uow:
            await uow.inquiries.set_topics(s.branch.id, s.anna.id, ["roads", "culture"])
            await uow.inquiries.set_topics(s.branch.id, s.bjorn.id, ["sport"])
            await uow.commit()
        async with uow_factory() as uow:
            await uow.inquiries.set_topics(s.branch.id, s.bjorn.id, [])
            await uow.inquiries.set_topics(s.branch.id, s.anna.id, ["halls"])
            await uow.commit()
        async with uow_factory() as uow:
            assert await uow.inquiries.topics(s.branch.id) == {s.anna.id: ["halls"]}
            assert await uow.inquiries.topics(s.branch.id + 1000) == {}

    async def test_a_branch_keeps_how_it_assigns_inquiries(self, uow_factory):
        s = await seed(uow_factory)
        async with uow_factory() as uow:
            await uow.branches.save(replace(s.branch, inquiry_assignment="topic"))
            await uow.commit()
        async with uow_factory() as uow:
            assert (await uow.branches.get(s.branch.id)).inquiry_assignment == "topic"
