"""A member's half-finished dialog comes back with its JSON and times, one per member."""

from __future__ import annotations

import pytest

from core.dialogs.state import DialogState

from tests.factories import AT, later, seed
from tests.integration.round_trips import is_utc

pytestmark = pytest.mark.in_memory_too


class TestDialogs:
    async def test_a_dialog_keeps_its_answers_context_and_previous_answers_as_json(self, uow_factory):
        s = await seed(uow_factory)
        state = DialogState(s.anna.id, "deposit", 2, {"title": "Bench", "needs": ["time", "money"]},
                            {"dream_id": 7, "nested": {"a": [1, 2, None], "ok": True}}, AT, "criteria", 3,
                            previous={"title": "Old bench"}, instance="3f9a1c07")
        async with uow_factory() as uow:
            saved = await uow.dialogs.save(state)
            await uow.commit()
        assert saved.id is not None
        async with uow_factory() as uow:
            again = await uow.dialogs.current(s.anna.id)
        assert again == saved
        assert is_utc(again.updated_at)

    async def test_saving_again_replaces_the_members_dialog_and_ending_removes_it(self, uow_factory):
        s = await seed(uow_factory)
        async with uow_factory() as uow:
            first = await uow.dialogs.save(DialogState(s.anna.id, "deposit", 0, {}, {}, AT))
            await uow.commit()
        async with uow_factory() as uow:
            second = await uow.dialogs.save(DialogState(s.anna.id, "pledge", 1, {"kind": "time"}, {}, later(1)))
            await uow.commit()
        assert second.id == first.id
        async with uow_factory() as uow:
            assert await uow.dialogs.current(s.anna.id) == second
            assert await uow.dialogs.current(s.bjorn.id) is None
            await uow.dialogs.end(s.anna.id)
            await uow.commit()
        async with uow_factory() as uow:
            assert await uow.dialogs.current(s.anna.id) is None
