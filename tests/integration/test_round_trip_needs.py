"""A dream's needs come back as listed, in order, with exact amounts; changing and removing one work, and a pledge
set against a removed need stands against none."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from core.model.bank import Pledge
from core.model.dreams import DreamState, Need
from core.model.needs import DreamNeed

from tests.factories import a_dream, later, seed

pytestmark = pytest.mark.in_memory_too


class TestNeeds:
    async def test_needs_keep_their_kind_description_and_amount_in_the_order_listed(self, uow_factory):
        s = await seed(uow_factory)
        async with uow_factory() as uow:
            dream = await uow.dreams.add(a_dream(s, state=DreamState.APPROVED))
            other = await uow.dreams.add(a_dream(s, state=DreamState.APPROVED))
            hours = await uow.needs.add(DreamNeed(dream.id, Need.TIME, "Hands on Saturdays", Decimal("12.5")))
            money = await uow.needs.add(DreamNeed(dream.id, Need.MONEY, "", Decimal("99999999.99")))
            venue = await uow.needs.add(DreamNeed(dream.id, Need.VENUE))
            await uow.needs.add(DreamNeed(other.id, Need.OTHER, "Elsewhere"))
            await uow.commit()
        async with uow_factory() as uow:
            listed = list(await uow.needs.of_dream(dream.id))
            assert listed == [hours, money, venue]
            assert listed[0].amount == Decimal("12.50") and listed[2].amount is None
            assert await uow.needs.get(money.id) == money and await uow.needs.get(99999) is None
            assert list(await uow.needs.of_dream(99999)) == []

    async def test_a_need_is_changed_and_removed_and_its_pledges_then_stand_against_none(self, uow_factory):
        s = await seed(uow_factory)
        async with uow_factory() as uow:
            dream = await uow.dreams.add(a_dream(s, state=DreamState.APPROVED))
            planks = await uow.needs.add(DreamNeed(dream.id, Need.MATERIALS, "Planks", Decimal("20")))
            kept = await uow.needs.add(DreamNeed(dream.id, Need.TIME))
            pledge = await uow.bank.add_pledge(Pledge(dream.id, s.bjorn.id, Need.MATERIALS, "Ten planks",
                                                      Decimal("10"), later(1), need_id=planks.id))
            await uow.commit()
        changed = replace(planks, description="Oak planks", amount=Decimal("25"))
        async with uow_factory() as uow:
            await uow.needs.save(changed)
            await uow.commit()
        async with uow_factory() as uow:
            assert await uow.needs.get(planks.id) == changed
            await uow.needs.remove(planks.id)
            await uow.commit()
        async with uow_factory() as uow:
            assert list(await uow.needs.of_dream(dream.id)) == [kept]
            assert (await uow.bank.pledge(pledge.id)).need_id is None
