"""Dreams come back exactly as stored, in the orders core relies on."""

from __future__ import annotations

from dataclasses import replace

import pytest

from core.model.dreams import DreamState, Need

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
