"""Likes and pledges come back exactly as stored, in the orders core relies on."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from core.errors import Conflict
from core.model.bank import BankQuery, BankSort, Like, Pledge, PledgeState
from core.model.dreams import DreamState, Need
from core.model.needs import DreamNeed

from tests.factories import a_dream, later, seed
from tests.integration.round_trips import is_utc

pytestmark = pytest.mark.in_memory_too


class TestBank:
    async def test_likes_are_counted_listed_and_checked_per_member(self, uow_factory):
        s = await seed(uow_factory)
        async with uow_factory() as uow:
            dream = await uow.dreams.add(a_dream(s, state=DreamState.APPROVED))
            await uow.bank.add_like(Like(dream.id, s.bjorn.id, later(2)))
            await uow.bank.add_like(Like(dream.id, s.anna.id, later(1)))
            await uow.commit()
        async with uow_factory() as uow:
            assert await uow.bank.likes(dream.id) == 2
            assert list(await uow.bank.likers(dream.id)) == [s.anna.id, s.bjorn.id]
            assert await uow.bank.has_liked(dream.id, s.anna.id)
            assert await uow.bank.likes(999) == 0 and not await uow.bank.has_liked(999, s.anna.id)

    async def test_a_like_given_is_counted_on_its_dream_alone_and_one_given_again_changes_nothing(self, uow_factory):
        s = await seed(uow_factory)
        async with uow_factory() as uow:
            dream = await uow.dreams.add(a_dream(s, state=DreamState.APPROVED))
            other = await uow.dreams.add(a_dream(s, state=DreamState.APPROVED))
            first = await uow.bank.give_like(Like(dream.id, s.bjorn.id, later(1)))
            second = await uow.bank.give_like(Like(dream.id, s.anna.id, later(2)))
            await uow.commit()
        async with uow_factory() as uow:
            with pytest.raises(Conflict):
                await uow.bank.give_like(Like(dream.id, s.anna.id, later(3)))
            after = await uow.bank.give_like(Like(other.id, s.anna.id, later(3)))  # the transaction is still usable
            await uow.commit()
        async with uow_factory() as uow:
            liked = await uow.dreams.in_bank(s.branch.id, BankQuery(BankSort.LIKED), 0, 5)

        assert (first, second, after) == (1, 2, 1)
        assert [(e.dream.id, e.likes) for e in liked.entries] == [(dream.id, 2), (other.id, 1)]

    async def test_a_like_given_with_a_follow_follows_once_and_one_refused_follows_nothing(self, uow_factory):
        s = await seed(uow_factory)
        async with uow_factory() as uow:
            dream = await uow.dreams.add(a_dream(s, state=DreamState.APPROVED))
            other = await uow.dreams.add(a_dream(s, state=DreamState.APPROVED))
            await uow.projects.follow(dream.id, s.bjorn.id)  # following before liking
            counts = [await uow.bank.give_like(Like(other.id, s.bjorn.id, later(1))),
                      await uow.bank.give_like(Like(dream.id, s.anna.id, later(2)), follow=True),
                      await uow.bank.give_like(Like(dream.id, s.bjorn.id, later(3)), follow=True),
                      await uow.bank.give_like(Like(other.id, s.anna.id, later(4)))]
            with pytest.raises(Conflict):
                await uow.bank.give_like(Like(other.id, s.bjorn.id, later(5)), follow=True)
            await uow.commit()
        async with uow_factory() as uow:
            followers = (list(await uow.projects.followers(dream.id)), list(await uow.projects.followers(other.id)))

        assert counts == [1, 1, 2, 2]
        assert sorted(followers[0]) == sorted([s.anna.id, s.bjorn.id]) and followers[1] == []

    async def test_many_dreams_likes_are_counted_at_once_with_nought_for_the_unliked(self, uow_factory):
        s = await seed(uow_factory)
        async with uow_factory() as uow:
            liked = await uow.dreams.add(a_dream(s, state=DreamState.APPROVED))
            unliked = await uow.dreams.add(a_dream(s, state=DreamState.APPROVED))
            await uow.bank.add_like(Like(liked.id, s.bjorn.id, later(2)))
            await uow.bank.add_like(Like(liked.id, s.anna.id, later(1)))
            await uow.commit()

        async with uow_factory() as uow:
            counted = await uow.bank.likes_of([unliked.id, liked.id, liked.id])
            nothing = await uow.bank.likes_of([])

        assert counted == {unliked.id: 0, liked.id: 2} and nothing == {}

    async def test_pledges_keep_exact_decimal_amounts_or_none_in_the_order_made(self, uow_factory):
        s = await seed(uow_factory)
        async with uow_factory() as uow:
            dream = await uow.dreams.add(a_dream(s, state=DreamState.APPROVED))
            money = await uow.bank.add_pledge(Pledge(dream.id, s.bjorn.id, Need.MONEY, "For the wood",
                                                     Decimal("99999999.99"), later(3)))
            cents = await uow.bank.add_pledge(Pledge(dream.id, s.bjorn.id, Need.MONEY, "Small", Decimal("0.10"),
                                                     later(2)))
            time = await uow.bank.add_pledge(Pledge(dream.id, s.anna.id, Need.TIME, "A Saturday", None, later(1)))
            await uow.commit()
        assert None not in (money.id, cents.id, time.id)
        async with uow_factory() as uow:
            pledges = list(await uow.bank.pledges(dream.id))
        assert pledges == [time, cents, money]
        assert [type(p.amount) for p in pledges] == [type(None), Decimal, Decimal]
        assert pledges[2].amount == Decimal("99999999.99") and is_utc(pledges[0].at)

    async def test_a_pledge_keeps_its_need_and_answer_and_is_read_by_id_and_by_its_pledger(self, uow_factory):
        s = await seed(uow_factory)
        async with uow_factory() as uow:
            dream = await uow.dreams.add(a_dream(s, state=DreamState.APPROVED))
            other = await uow.dreams.add(a_dream(s, state=DreamState.APPROVED))
            need = await uow.needs.add(DreamNeed(dream.id, Need.TIME, "Saturdays", Decimal("10")))
            first = await uow.bank.add_pledge(Pledge(dream.id, s.bjorn.id, Need.TIME, "Two hours", Decimal("2"),
                                                     later(1), need_id=need.id))
            second = await uow.bank.add_pledge(Pledge(other.id, s.bjorn.id, Need.MONEY, "Some", None, later(2)))
            await uow.bank.add_pledge(Pledge(dream.id, s.anna.id, Need.TIME, "Not Bjørn's", None, later(3)))
            await uow.commit()
        assert (first.need_id, first.state, first.thanked) == (need.id, PledgeState.OFFERED, False)
        answered = replace(first, state=PledgeState.ACCEPTED, thanked=True, description="Three hours",
                           amount=Decimal("3"))
        async with uow_factory() as uow:
            assert await uow.bank.pledge(first.id) == first and await uow.bank.pledge(99999) is None
            await uow.bank.save_pledge(answered)
            await uow.bank.save_pledge(replace(second, state=PledgeState.WITHDRAWN))
            await uow.commit()
        async with uow_factory() as uow:
            assert await uow.bank.pledge(first.id, for_update=True) == answered
            mine = list(await uow.bank.pledges_by(s.bjorn.id))
        assert [p.id for p in mine] == [second.id, first.id], "the newest first"
        assert mine[0].state is PledgeState.WITHDRAWN and mine[1].amount == Decimal("3.00")

    async def test_the_standing_pledges_of_a_dream_are_counted_without_the_declined_and_withdrawn(self, uow_factory):
        s = await seed(uow_factory)
        async with uow_factory() as uow:
            dream = await uow.dreams.add(a_dream(s, state=DreamState.APPROVED))
            other = await uow.dreams.add(a_dream(s, state=DreamState.APPROVED))
            for minutes, state in enumerate(PledgeState):
                await uow.bank.add_pledge(Pledge(dream.id, s.bjorn.id, Need.TIME, "Hours", None, later(minutes),
                                                 state=state))
            await uow.bank.add_pledge(Pledge(other.id, s.bjorn.id, Need.TIME, "Elsewhere", None, later(9)))
            await uow.commit()
        async with uow_factory() as uow:
            assert await uow.bank.standing(dream.id) == 3  # offered, accepted and confirmed
            assert await uow.bank.standing(other.id) == 1 and await uow.bank.standing(99999) == 0
