"""Reviews, their votes and the interests declared in dreams come back exactly as stored, in the orders core relies
on."""

from __future__ import annotations

from dataclasses import replace

import pytest

from core.errors import Conflict
from core.model.reviews import Choice, Interest, Review, ReviewKind, Vote

from tests.factories import AT, a_dream, later, seed
from tests.integration.round_trips import is_utc

pytestmark = pytest.mark.in_memory_too


class TestReviews:
    async def test_a_review_keeps_every_field_and_saving_records_its_decision(self, uow_factory):
        s = await seed(uow_factory)
        async with uow_factory() as uow:
            dream = await uow.dreams.add(a_dream(s))
            review = await uow.reviews.add(Review(dream.id, s.branch.id, ReviewKind.WITHDRAWAL, 1, AT, "Ready!"))
            await uow.commit()
        async with uow_factory() as uow:
            assert await uow.reviews.get(review.id) == review
            assert await uow.reviews.get(review.id, for_update=True) == review
        decided = replace(review, decided_at=later(30), outcome=Choice.MORE_INFO, settled_by=s.bjorn.id)
        async with uow_factory() as uow:
            await uow.reviews.save(decided)
            await uow.commit()
        async with uow_factory() as uow:
            again = await uow.reviews.get(review.id)
        assert again == decided and not again.open
        assert is_utc(again.opened_at) and is_utc(again.decided_at)

    async def test_the_latest_review_is_the_highest_round_and_open_ones_come_oldest_first(self, uow_factory):
        s = await seed(uow_factory)
        async with uow_factory() as uow:
            first, second = await uow.dreams.add(a_dream(s)), await uow.dreams.add(a_dream(s, minutes=1))
            round_1 = await uow.reviews.add(Review(first.id, s.branch.id, ReviewKind.DEPOSIT, 1, later(0),
                                                   decided_at=later(1), outcome=Choice.MORE_INFO))
            round_2 = await uow.reviews.add(Review(first.id, s.branch.id, ReviewKind.DEPOSIT, 2, later(9)))
            other = await uow.reviews.add(Review(second.id, s.branch.id, ReviewKind.DEPOSIT, 1, later(5)))
            closed = await uow.reviews.add(Review(second.id, s.branch.id, ReviewKind.WITHDRAWAL, 2, later(2),
                                                  decided_at=later(3)))
            await uow.commit()
        async with uow_factory() as uow:
            assert await uow.reviews.latest(first.id) == round_2
            assert await uow.reviews.latest(second.id) == closed
            assert list(await uow.reviews.open_in(s.branch.id)) == [other, round_2]
            assert round_1 not in await uow.reviews.open_in(s.branch.id)

    async def test_votes_keep_their_choice_comment_and_time_in_the_order_cast(self, uow_factory):
        s = await seed(uow_factory)
        async with uow_factory() as uow:
            dream = await uow.dreams.add(a_dream(s))
            review = await uow.reviews.add(Review(dream.id, s.branch.id, ReviewKind.DEPOSIT, 1, AT))
            second = Vote(review.id, s.bjorn.id, Choice.REJECT, "", later(2))
            first = Vote(review.id, s.anna.id, Choice.APPROVE, "Yes – ja, gjerne!", later(1))
            await uow.reviews.add_vote(second)
            await uow.reviews.add_vote(first)
            await uow.commit()
        async with uow_factory() as uow:
            votes = list(await uow.reviews.votes(review.id))
        assert votes == [first, second]
        assert all(is_utc(v.cast_at) for v in votes)

    async def test_a_vote_taken_back_is_gone_and_only_that_voter_s(self, uow_factory):
        s = await seed(uow_factory)
        async with uow_factory() as uow:
            dream = await uow.dreams.add(a_dream(s))
            review = await uow.reviews.add(Review(dream.id, s.branch.id, ReviewKind.DEPOSIT, 1, AT))
            kept = Vote(review.id, s.anna.id, Choice.APPROVE, "", later(1))
            await uow.reviews.add_vote(kept)
            await uow.reviews.add_vote(Vote(review.id, s.bjorn.id, Choice.REJECT, "", later(2)))
            await uow.commit()
        async with uow_factory() as uow:
            assert await uow.reviews.remove_vote(review.id, s.bjorn.id) is True
            assert await uow.reviews.remove_vote(review.id, s.bjorn.id) is False
            await uow.commit()
        async with uow_factory() as uow:
            assert list(await uow.reviews.votes(review.id)) == [kept]
            await uow.reviews.add_vote(Vote(review.id, s.bjorn.id, Choice.APPROVE, "", later(3)))  # may vote again
            await uow.commit()


class TestInterests:
    async def test_interests_keep_their_reason_and_time_one_per_member_and_dream_in_the_order_declared(
            self, uow_factory):
        s = await seed(uow_factory)
        async with uow_factory() as uow:
            dream, other = await uow.dreams.add(a_dream(s)), await uow.dreams.add(a_dream(s, minutes=1))
            second = Interest(dream.id, s.anna.id, "", later(2))
            first = Interest(dream.id, s.bjorn.id, "Min søster eier jordet – “hers”", later(1))
            await uow.reviews.add_interest(second)
            await uow.reviews.add_interest(first)
            await uow.reviews.add_interest(Interest(other.id, s.bjorn.id, "", later(3)))
            await uow.commit()
        async with uow_factory() as uow:
            with pytest.raises(Conflict):
                await uow.reviews.add_interest(Interest(dream.id, s.bjorn.id, "again", later(4)))
        async with uow_factory() as uow:
            found = list(await uow.reviews.interests(dream.id))
        assert found == [first, second]
        assert all(is_utc(i.declared_at) for i in found)

    async def test_an_interest_taken_back_is_gone_and_may_be_declared_again(self, uow_factory):
        s = await seed(uow_factory)
        async with uow_factory() as uow:
            dream = await uow.dreams.add(a_dream(s))
            await uow.reviews.add_interest(Interest(dream.id, s.bjorn.id, "", later(1)))
            await uow.commit()
        async with uow_factory() as uow:
            assert await uow.reviews.remove_interest(dream.id, s.bjorn.id) is True
            assert await uow.reviews.remove_interest(dream.id, s.bjorn.id) is False
            await uow.commit()
        async with uow_factory() as uow:
            assert list(await uow.reviews.interests(dream.id)) == []
            again = Interest(dream.id, s.bjorn.id, "Neighbour", later(5))
            await uow.reviews.add_interest(again)
            await uow.commit()
        async with uow_factory() as uow:
            assert list(await uow.reviews.interests(dream.id)) == [again]
