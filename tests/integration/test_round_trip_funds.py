"""Funds: kept whole, changed, removed, and the open ones of a branch listed by their deadline."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from core.model.branches import Branch
from core.model.funds import Fund

from tests.factories import Seed, later, seed
from tests.integration.round_trips import is_utc

pytestmark = pytest.mark.in_memory_too


def a_fund(s: Seed, deadline: date, *, name: str = "Nordea-fonden", branch_id: int | None = None) -> Fund:
    return Fund(branch_id or s.branch.id, name, "Nordea", ["natur", "fællesskab", "penge"], deadline,
                "https://nordeafonden.dk/ansoeg", s.anna.id, later(0), 5_000, 250_000)


async def test_a_fund_keeps_everything_and_saving_and_removing_work(uow_factory):
    s = await seed(uow_factory)
    async with uow_factory() as uow:
        added = await uow.funds.add(a_fund(s, date(2026, 6, 1)))
        await uow.commit()
    assert added.id is not None
    async with uow_factory() as uow:
        found = await uow.funds.get(added.id)
        assert found == added and is_utc(found.created_at)
        assert await uow.funds.get(added.id + 1000) is None
    changed = replace(added, themes=["kultur"], amount_min=None, amount_max=None, deadline=date(2026, 7, 2),
                      link="http://example.org/x")
    async with uow_factory() as uow:
        await uow.funds.save(changed)
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.funds.get(added.id) == changed
        assert await uow.funds.remove(added.id) is True
        assert await uow.funds.remove(added.id) is False
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.funds.get(added.id) is None


async def test_open_funds_are_the_branchs_with_the_deadline_not_passed_soonest_first(uow_factory):
    s = await seed(uow_factory)
    async with uow_factory() as uow:
        elsewhere = await uow.branches.add(Branch("havby", "Havby"))
        late = await uow.funds.add(a_fund(s, date(2026, 9, 1), name="Late"))
        today = await uow.funds.add(a_fund(s, date(2026, 5, 4), name="Today"))
        await uow.funds.add(a_fund(s, date(2026, 5, 3), name="Passed"))
        await uow.funds.add(a_fund(s, date(2026, 6, 1), name="Elsewhere", branch_id=elsewhere.id))
        await uow.commit()
    async with uow_factory() as uow:
        assert [f.name for f in await uow.funds.open_in(s.branch.id, date(2026, 5, 4))] == [today.name, late.name]
