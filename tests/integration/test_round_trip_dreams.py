"""Dreams come back exactly as stored, in the orders core relies on."""

from __future__ import annotations

from dataclasses import replace

import pytest

from core.model.bank import BankQuery, BankSort, Like, Pledge
from core.model.branches import Branch
from core.model.dreams import Dream, DreamState, Need

from tests.factories import AT, a_dream, later, seed
from tests.integration.round_trips import is_utc

pytestmark = pytest.mark.in_memory_too


class TestDreams:
    async def test_a_dream_keeps_every_field_including_its_needs_as_a_frozenset(self, uow_factory):
        s = await seed(uow_factory)
        async with uow_factory() as uow:
            dream = await uow.dreams.add(a_dream(s))
            await uow.commit()
        async with uow_factory() as uow:
            again = await uow.dreams.get(dream.id)
            locked = await uow.dreams.get(dream.id, for_update=True)
        assert again == locked == dream
        assert again.needs == frozenset({Need.MATERIALS, Need.TIME})
        assert again.deposited_at == AT and is_utc(again.deposited_at)

    async def test_adding_gives_back_a_copy_with_its_id_and_leaves_the_one_given_as_it_was(self, uow_factory):
        s = await seed(uow_factory)
        given = a_dream(s)

        async with uow_factory() as uow:
            added = await uow.dreams.add(given)
            await uow.commit()

        assert given.id is None and added.id is not None
        assert replace(added, id=None) == given

    async def test_saving_a_decided_dream_keeps_its_state_time_and_reason(self, uow_factory):
        s = await seed(uow_factory)
        async with uow_factory() as uow:
            dream = await uow.dreams.add(a_dream(s))
            await uow.commit()
        decided = replace(dream, state=DreamState.APPROVED, decided_at=later(60), decision_reason="Lovely.\nYes.",
                          needs=frozenset(Need), title="A longer bench")
        async with uow_factory() as uow:
            await uow.dreams.save(decided)
            await uow.commit()
        async with uow_factory() as uow:
            again = await uow.dreams.get(dream.id)
        assert again == decided
        assert is_utc(again.decided_at)

    async def test_dreams_in_given_states_and_of_an_owner_come_newest_first(self, uow_factory):
        s = await seed(uow_factory)
        async with uow_factory() as uow:
            old = await uow.dreams.add(a_dream(s, minutes=0, state=DreamState.APPROVED))
            new = await uow.dreams.add(a_dream(s, minutes=10, state=DreamState.APPROVED))
            waiting = await uow.dreams.add(a_dream(s, minutes=5))
            theirs = await uow.dreams.add(a_dream(s, minutes=20, owner=s.bjorn))
            await uow.commit()
        async with uow_factory() as uow:
            assert list(await uow.dreams.in_state(s.branch.id, [DreamState.APPROVED])) == [new, old]
            both = [DreamState.APPROVED, DreamState.DEPOSITED]
            assert list(await uow.dreams.in_state(s.branch.id, both)) == [theirs, new, waiting, old]
            assert list(await uow.dreams.in_state(s.branch.id, [])) == []
            assert list(await uow.dreams.owned_by(s.anna.id)) == [new, waiting, old]
            assert await uow.dreams.get(999) is None


def in_bank(s, title: str, minutes: float, story: str = "Somewhere to sit.", needs=(Need.TIME,), **kw) -> Dream:
    return replace(a_dream(s, minutes=minutes, state=DreamState.APPROVED, **kw), title=title, story=story,
                   needs=frozenset(needs), decided_at=later(minutes + 1))


async def _titles(uow_factory, s, query: BankQuery, offset: int = 0, limit: int = 10) -> tuple[list[str], int]:
    async with uow_factory() as uow:
        found = await uow.dreams.in_bank(s.branch.id, query, offset, limit)
    return [e.dream.title for e in found.entries], found.total


class TestTheBank:
    async def test_a_page_is_read_in_each_order_with_its_likes_pledges_and_the_total(self, uow_factory):
        s = await seed(uow_factory)
        async with uow_factory() as uow:
            other = await uow.branches.add(Branch("elvby", "Elvby"))
            old = await uow.dreams.add(in_bank(s, "Old", 0, needs=(Need.TIME, Need.MONEY, Need.VENUE, Need.OTHER)))
            mid = await uow.dreams.add(in_bank(s, "Mid", 10, needs=(Need.TIME, Need.SKILLS)))
            await uow.dreams.add(in_bank(s, "New", 20))
            await uow.dreams.add(a_dream(s, minutes=30))  # waiting for the board: never in the bank
            await uow.dreams.add(replace(in_bank(s, "Elsewhere", 40), branch_id=other.id))
            for member in (s.anna, s.bjorn):
                await uow.bank.give_like(Like(mid.id, member.id, later(50)))
            await uow.bank.add_pledge(Pledge(old.id, s.bjorn.id, Need.MONEY, "Some", None, later(51)))
            await uow.dreams.set_open_needs(old.id, 3)
            await uow.commit()

        assert await _titles(uow_factory, s, BankQuery()) == (["New", "Mid", "Old"], 3)
        assert await _titles(uow_factory, s, BankQuery(BankSort.LIKED)) == (["Mid", "New", "Old"], 3)
        assert await _titles(uow_factory, s, BankQuery(BankSort.NEEDED)) == (["Old", "Mid", "New"], 3)
        assert await _titles(uow_factory, s, BankQuery(), offset=1, limit=1) == (["Mid"], 3)
        assert await _titles(uow_factory, s, BankQuery(), offset=3) == ([], 3)
        async with uow_factory() as uow:
            found = await uow.dreams.in_bank(s.branch.id, BankQuery(BankSort.NEEDED), 0, 2)
        assert [(e.dream, e.likes, e.pledges) for e in found.entries] == [(old, 0, 1), (mid, 2, 0)]

    async def test_a_need_and_words_in_title_or_story_narrow_it_in_any_case_and_taken_as_typed(self, uow_factory):
        s = await seed(uow_factory)
        async with uow_factory() as uow:
            await uow.dreams.add(in_bank(s, "Ærlig BENK", 0, story="Ved fjorden", needs=(Need.MATERIALS,)))
            await uow.dreams.add(in_bank(s, "Garden", 10, story="Æbler for ALLE: 100% økologisk_",
                                         needs=(Need.TIME, Need.MONEY)))
            await uow.dreams.add(in_bank(s, "Kids", 20, story="100 percent fun", needs=(Need.OTHER,)))
            await uow.commit()

        assert await _titles(uow_factory, s, BankQuery(text="ærlig")) == (["Ærlig BENK"], 1)
        assert await _titles(uow_factory, s, BankQuery(text="  æBLER  ")) == (["Garden"], 1)
        assert await _titles(uow_factory, s, BankQuery(text="100%")) == (["Garden"], 1)
        assert await _titles(uow_factory, s, BankQuery(text="k_")) == (["Garden"], 1)
        assert await _titles(uow_factory, s, BankQuery(text="%")) == (["Garden"], 1)
        assert await _titles(uow_factory, s, BankQuery(need=Need.MONEY)) == (["Garden"], 1)
        assert await _titles(uow_factory, s, BankQuery(need=Need.TIME, text="kids")) == ([], 0)
        assert await _titles(uow_factory, s, BankQuery(need=Need.VENUE)) == ([], 0)
        assert await _titles(uow_factory, s, BankQuery(text="   ")) == (["Kids", "Garden", "Ærlig BENK"], 3)

    async def test_a_new_dream_has_every_need_open_and_counters_change_only_that_dream(self, uow_factory):
        s = await seed(uow_factory)
        async with uow_factory() as uow:
            two = await uow.dreams.add(in_bank(s, "Two", 0, needs=(Need.TIME, Need.MONEY)))
            three = await uow.dreams.add(in_bank(s, "Three", 10, needs=(Need.TIME, Need.MONEY, Need.SKILLS)))
            await uow.bank.give_like(Like(two.id, s.anna.id, later(20)))
            await uow.dreams.save(replace(two, title="Two, saved"))  # saving leaves the counters alone
            await uow.commit()

        assert await _titles(uow_factory, s, BankQuery(BankSort.NEEDED)) == (["Three", "Two, saved"], 2)
        assert await _titles(uow_factory, s, BankQuery(BankSort.LIKED)) == (["Two, saved", "Three"], 2)
        async with uow_factory() as uow:
            await uow.dreams.set_open_needs(three.id, 1)
            await uow.commit()
        assert await _titles(uow_factory, s, BankQuery(BankSort.NEEDED)) == (["Two, saved", "Three"], 2)
