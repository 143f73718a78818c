"""Concurrent units of work running real use cases: duplicates never land, a review is decided once."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

import sqlalchemy as sa

from core.errors import Refused
from core.model.events import Answer, EventAudience, EventKind
from core.model.dreams import DreamState
from core.model.members import Member, Role
from core.model.notices import NoticeKind
from core.model.reviews import Choice
from core.usecases.bank import like_dream
from core.usecases.events import EventDraft, create_event, respond
from core.usecases.reviews import cast_vote
from storage.tables import AuditRow, NoticeRow, VoteRow
from tests.factories import Village, make_village

ATTEMPTS = 50


async def _race(db, attempts: list[Callable[[object], Awaitable[object]]]) -> list[bool]:
    """Each attempt runs in its own unit of work, all at once; True where it committed, False where refused."""

    async def run(attempt) -> bool:
        async with db() as uow:
            try:
                await attempt(uow)
            except Refused:
                return False
            await uow.commit()
            return True

    return list(await asyncio.gather(*(run(a) for a in attempts)))


def _vote(village: Village, voter: Member, review_id: int, choice: Choice = Choice.APPROVE):
    return lambda uow: cast_vote(uow, village.clock, voter, review_id, choice)


async def _count(db, statement) -> int:
    async with db() as uow:
        return int(await uow.session.scalar(statement))


class TestOneVoterPressingManyTimes:
    async def test_fifty_concurrent_votes_by_one_board_member_leave_exactly_one_vote(self, uow_factory):
        village = await make_village(uow_factory)
        dream_id = await village.deposit()
        review = await village.review_of(dream_id)
        results = await _race(uow_factory, [_vote(village, village.bjorn, review.id)] * ATTEMPTS)
        assert results.count(True) == 1
        async with uow_factory() as uow:
            votes = list(await uow.reviews.votes(review.id))
            assert (await uow.reviews.get(review.id)).open  # one vote of three decides nothing
        assert [v.voter_id for v in votes] == [village.bjorn.id]


class TestOneMemberLikingManyTimes:
    async def test_fifty_concurrent_likes_by_one_member_leave_exactly_one_like(self, uow_factory):
        village = await make_village(uow_factory)
        dream_id = await village.deposit()
        async with uow_factory() as uow:
            dream = await uow.dreams.get(dream_id)
            dream.state = DreamState.APPROVED
            await uow.dreams.save(dream)
            await uow.commit()
        like = lambda uow: like_dream(uow, village.clock, village.frida, dream_id)  # noqa: E731
        results = await _race(uow_factory, [like] * ATTEMPTS)
        assert results.count(True) == 1
        async with uow_factory() as uow:
            assert await uow.bank.likes(dream_id) == 1
            assert list(await uow.bank.likers(dream_id)) == [village.frida.id]
            assert list(await uow.projects.followers(dream_id)) == [village.frida.id]


class TestTheBoardVotingAtOnce:
    async def _assert_decided_once(self, db, village: Village, dream_id: int, review_id: int) -> None:
        async with db() as uow:
            review = await uow.reviews.get(review_id)
            dream = await uow.dreams.get(dream_id)
            told = [n.kind for n in await uow.outbox.pending_for(village.anna.id, limit=500)]
        assert review.outcome is Choice.APPROVE and review.decided_at is not None
        assert dream.state is DreamState.APPROVED
        assert told.count(NoticeKind.DREAM_DECIDED) == 1
        decisions = sa.select(sa.func.count()).select_from(AuditRow).where(
            AuditRow.action == "decide", AuditRow.subject == f"dream:{dream_id}")
        assert await _count(db, decisions) == 1
        board_told = sa.select(sa.func.count()).select_from(NoticeRow).where(
            NoticeRow.kind == NoticeKind.BOARD_DECIDED.value)
        assert await _count(db, board_told) == len(village.board) + 1  # the board and the bank manager

    async def test_three_board_members_approving_together_decide_the_review_exactly_once(self, uow_factory):
        village = await make_village(uow_factory)
        dream_id = await village.deposit()
        review = await village.review_of(dream_id)
        results = await _race(uow_factory, [_vote(village, m, review.id) for m in village.board])
        assert results.count(True) == 2  # the second approval decides; the third finds the vote closed
        votes = sa.select(sa.func.count()).select_from(VoteRow).where(VoteRow.review_id == review.id)
        assert await _count(uow_factory, votes) == 2
        await self._assert_decided_once(uow_factory, village, dream_id, review.id)

    async def test_the_board_each_pressing_ten_times_still_decides_exactly_once(self, uow_factory):
        village = await make_village(uow_factory)
        dream_id = await village.deposit()
        review = await village.review_of(dream_id)
        attempts = [_vote(village, m, review.id) for m in village.board for _ in range(10)]
        results = await _race(uow_factory, attempts)
        assert results.count(True) == 2
        await self._assert_decided_once(uow_factory, village, dream_id, review.id)


class TestManyPressingGoingAtOnce:
    SEATS, PEOPLE = 20, 200

    async def test_two_hundred_going_presses_for_twenty_seats_give_twenty_going_and_a_fair_waitlist(
            self, uow_factory):
        village = await make_village(uow_factory)
        async with uow_factory() as uow:
            manager = await uow.members.add(Member("Hanne", village.branch.id, None, village.clock.now()))
            await uow.members.grant(village.branch.id, manager.id, Role.COMMUNITY_MANAGER)
            crowd = []
            for i in range(self.PEOPLE):
                member = await uow.members.add(Member(f"Neighbour {i}", village.branch.id, None, village.clock.now()))
                await uow.members.grant(village.branch.id, member.id, Role.PADRIVER)
                crowd.append(member)
            event, _ = await create_event(uow, village.clock, manager, village.branch, EventDraft(
                EventKind.GATHERING, "Summer gathering", "", "2026-06-01T18:00", "2026-06-01T21:00", "The quay",
                EventAudience.PADRIVERE, self.SEATS, None))
            await uow.commit()

        def going(member: Member):
            return lambda uow: respond(uow, village.clock, member, event.id, Answer.GOING)

        results = await _race(uow_factory, [going(m) for m in crowd])
        assert results.count(True) == self.PEOPLE
        async with uow_factory() as uow:
            answers = list(await uow.events.rsvps(event.id))
            counts = await uow.events.counts(event.id)
        assert (counts.going, counts.waiting) == (self.SEATS, self.PEOPLE - self.SEATS)
        assert [r.seq for r in answers] == list(range(1, self.PEOPLE + 1))  # each press settled once, in turn
        assert all(r.has_seat for r in answers[:self.SEATS])  # the first twenty presses to be settled got seats
        assert all(r.waiting for r in answers[self.SEATS:])  # and everyone after waits, in that order
        assert len({r.member_id for r in answers}) == self.PEOPLE

        async with uow_factory() as uow:  # a seat given back goes to the first in line
            first_in_line = answers[self.SEATS].member_id
            result = await respond(uow, village.clock, next(m for m in crowd if m.id == answers[0].member_id),
                                   event.id, Answer.NO)
            await uow.commit()
        assert result.promoted == first_in_line
