"""Likes and pledges come back exactly as stored, in the orders core relies on."""

from __future__ import annotations

from decimal import Decimal

import pytest

from core.model.bank import Like, Pledge
from core.model.dreams import DreamState, Need

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
