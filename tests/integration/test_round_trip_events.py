"""Events and answers to them: one answer per member, kept in the order they were settled."""

from __future__ import annotations

import asyncio
from dataclasses import replace

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from core.model.branches import Branch
from core.model.events import Answer, EventAudience, EventKind, Rsvp, RsvpCounts
from core.model.members import Member
from storage.tables import RsvpRow

from tests.factories import AT, an_event, later, seed
from tests.integration.round_trips import ON_POSTGRES, ON_SQL, is_utc

pytestmark = pytest.mark.in_memory_too


async def _members(db, s, count: int) -> list[Member]:
    async with db() as uow:
        added = [await uow.members.add(Member(f"Guest {n}", s.branch.id, None, AT)) for n in range(count)]
        await uow.commit()
    return added


class TestEvents:
    async def test_an_event_keeps_every_field_and_saving_replaces_them(self, uow_factory):
        s = await seed(uow_factory)
        async with uow_factory() as uow:
            added = await uow.events.add(an_event(s, capacity=None))
            await uow.commit()
        assert added.id is not None
        async with uow_factory() as uow:
            assert await uow.events.get(added.id) == added
            assert await uow.events.get(added.id + 1000) is None
        changed = replace(added, kind=EventKind.OPEN_MEETING, title="Open meeting", audience=EventAudience.EVERYONE,
                          capacity=40, place="Town hall", cancelled_at=later(7), sequence=added.sequence + 1)
        async with uow_factory() as uow:
            await uow.events.save(changed)
            await uow.commit()
        async with uow_factory() as uow:
            assert await uow.events.get(added.id, for_update=True) == changed

    async def test_upcoming_events_are_those_not_cancelled_and_not_over_soonest_first(self, uow_factory):
        s = await seed(uow_factory)
        async with uow_factory() as uow:
            elsewhere = await uow.branches.add(Branch("havby", "Havby"))
            later_one = await uow.events.add(an_event(s, starts=300, title="Later"))
            ongoing = await uow.events.add(an_event(s, starts=50, hours=2, title="Ongoing"))
            soon = await uow.events.add(an_event(s, starts=120, title="Soon"))
            await uow.events.add(an_event(s, starts=10, hours=1, title="Over"))
            await uow.events.add(an_event(s, starts=200, cancelled=5, title="Cancelled"))
            await uow.events.add(an_event(s, starts=200, branch_id=elsewhere.id, title="Elsewhere"))
            await uow.commit()
        async with uow_factory() as uow:
            assert list(await uow.events.upcoming(s.branch.id, later(100))) == [ongoing, soon, later_one]
            assert list(await uow.events.upcoming(s.branch.id, later(100), limit=2)) == [ongoing, soon]
            assert list(await uow.events.upcoming(s.branch.id, later(500))) == []

    async def test_past_events_are_those_not_cancelled_and_over_latest_first(self, uow_factory):
        s = await seed(uow_factory)
        async with uow_factory() as uow:
            elsewhere = await uow.branches.add(Branch("havby", "Havby"))
            first = await uow.events.add(an_event(s, starts=10, hours=1, title="First"))
            second = await uow.events.add(an_event(s, starts=30, hours=1, title="Second"))
            await uow.events.add(an_event(s, starts=50, hours=2, title="Ongoing"))
            await uow.events.add(an_event(s, starts=20, hours=1, cancelled=5, title="Cancelled"))
            await uow.events.add(an_event(s, starts=10, hours=1, branch_id=elsewhere.id, title="Elsewhere"))
            await uow.commit()
        async with uow_factory() as uow:
            assert list(await uow.events.past(s.branch.id, later(100))) == [second, first]
            assert list(await uow.events.past(s.branch.id, later(100), limit=1)) == [second]
            assert list(await uow.events.past(s.branch.id, later(0))) == []


class TestRsvps:
    async def test_answering_again_replaces_the_members_one_answer(self, uow_factory):
        s = await seed(uow_factory)
        async with uow_factory() as uow:
            event = await uow.events.add(an_event(s))
            first = await uow.events.put_rsvp(Rsvp(event.id, s.anna.id, Answer.GOING, later(1), 1, waiting=True))
            await uow.commit()
        assert first.id is not None
        async with uow_factory() as uow:
            second = await uow.events.put_rsvp(Rsvp(event.id, s.anna.id, Answer.MAYBE, later(2), 2))
            await uow.commit()
        assert second.id == first.id
        async with uow_factory() as uow:
            assert await uow.events.rsvp(event.id, s.anna.id) == second
            assert await uow.events.rsvp(event.id, s.bjorn.id) is None
            assert list(await uow.events.rsvps(event.id)) == [second]

    async def test_answers_come_in_the_order_they_were_settled_not_the_order_written(self, uow_factory):
        s = await seed(uow_factory)
        guests = await _members(uow_factory, s, 3)
        async with uow_factory() as uow:
            event = await uow.events.add(an_event(s))
            third = await uow.events.put_rsvp(Rsvp(event.id, guests[0].id, Answer.NO, later(1), 7))
            first = await uow.events.put_rsvp(Rsvp(event.id, guests[1].id, Answer.GOING, later(3), 2))
            second = await uow.events.put_rsvp(Rsvp(event.id, guests[2].id, Answer.GOING, later(2), 5))
            await uow.commit()
        async with uow_factory() as uow:
            assert list(await uow.events.rsvps(event.id)) == [first, second, third]
            assert await uow.events.last_seq(event.id) == 7

    async def test_counts_put_those_waiting_apart_from_the_seated_answers(self, uow_factory):
        s = await seed(uow_factory)
        guests = await _members(uow_factory, s, 6)
        answers = [(Answer.GOING, False), (Answer.GOING, True), (Answer.MAYBE, False), (Answer.GOING, False),
                   (Answer.NO, False), (Answer.GOING, True)]
        async with uow_factory() as uow:
            event = await uow.events.add(an_event(s))
            empty = await uow.events.add(an_event(s, title="Nobody yet"))
            for seq, (guest, (answer, waiting)) in enumerate(zip(guests, answers), 1):
                await uow.events.put_rsvp(Rsvp(event.id, guest.id, answer, later(seq), seq, waiting))
            await uow.commit()
        async with uow_factory() as uow:
            assert await uow.events.counts(event.id) == RsvpCounts(going=2, maybe=1, no=1, waiting=2)
            assert await uow.events.counts(empty.id) == RsvpCounts()
            assert await uow.events.last_seq(empty.id) == 0

    async def test_the_first_waiting_is_the_earliest_settled_and_a_promotion_keeps_the_row(self, uow_factory):
        s = await seed(uow_factory)
        guests = await _members(uow_factory, s, 3)
        async with uow_factory() as uow:
            event = await uow.events.add(an_event(s, capacity=1))
            await uow.events.put_rsvp(Rsvp(event.id, guests[0].id, Answer.GOING, later(1), 1))
            behind = await uow.events.put_rsvp(Rsvp(event.id, guests[1].id, Answer.GOING, later(2), 4, True))
            ahead = await uow.events.put_rsvp(Rsvp(event.id, guests[2].id, Answer.GOING, later(3), 3, True))
            await uow.commit()
        async with uow_factory() as uow:
            assert await uow.events.first_waiting(event.id) == ahead
            promoted = await uow.events.put_rsvp(replace(ahead, waiting=False))
            assert promoted == replace(ahead, waiting=False)
            assert await uow.events.first_waiting(event.id) == behind
            await uow.events.put_rsvp(replace(behind, answer=Answer.NO, waiting=False, seq=5))
            assert await uow.events.first_waiting(event.id) is None
            assert await uow.events.counts(event.id) == RsvpCounts(going=2, no=1)


class TestRsvpStorage:
    async def test_answer_times_come_back_aware_and_in_utc(self, uow_factory):
        s = await seed(uow_factory)
        async with uow_factory() as uow:
            event = await uow.events.add(an_event(s, cancelled=5))
            await uow.events.put_rsvp(Rsvp(event.id, s.anna.id, Answer.GOING, later(1), 1))
            await uow.commit()
        async with uow_factory() as uow:
            again = await uow.events.get(event.id)
            rsvp = await uow.events.rsvp(event.id, s.anna.id)
        assert all(is_utc(t) for t in (again.starts_at, again.ends_at, again.deadline, again.created_at,
                                       again.cancelled_at, rsvp.at))
        assert again.starts_at == later(60)

    @ON_SQL
    async def test_the_database_refuses_a_second_answer_row_for_one_member(self, uow_factory):
        s = await seed(uow_factory)
        async with uow_factory() as uow:
            event = await uow.events.add(an_event(s))
            await uow.commit()
        async with uow_factory() as uow:
            for seq in (1, 2):
                uow.session.add(RsvpRow(event_id=event.id, member_id=s.anna.id, answer="going", waiting=False,
                                        at=later(seq), seq=seq))
            with pytest.raises(IntegrityError):
                await uow.session.flush()

    @ON_POSTGRES
    async def test_answers_to_one_event_wait_for_each_other_on_its_lock(self, uow_factory):
        s = await seed(uow_factory)
        async with uow_factory() as uow:
            event = await uow.events.add(an_event(s, capacity=1))
            await uow.commit()

        async def answer_after_lock(member_id: int) -> int:
            async with uow_factory() as other:
                await other.events.get(event.id, for_update=True)
                seq = await other.events.last_seq(event.id) + 1
                await other.events.put_rsvp(Rsvp(event.id, member_id, Answer.GOING, later(seq), seq))
                await other.commit()
                return seq

        async with uow_factory() as uow:
            await uow.events.get(event.id, for_update=True)
            waiting = asyncio.create_task(answer_after_lock(s.bjorn.id))
            await asyncio.sleep(0.3)
            assert not waiting.done()
            await uow.events.put_rsvp(Rsvp(event.id, s.anna.id, Answer.GOING, later(1), 1))
            await uow.commit()
        assert await asyncio.wait_for(waiting, 5) == 2
        async with uow_factory() as uow:
            count = await uow.session.scalar(sa.select(sa.func.count()).select_from(RsvpRow))
        assert count == 2
