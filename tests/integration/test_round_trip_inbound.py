"""Updates a platform sent are kept until handled, once each."""

from __future__ import annotations

import pytest

from tests.factories import AT, later

pytestmark = pytest.mark.in_memory_too


class TestInboundUpdates:
    async def test_kept_updates_come_back_unhandled_in_update_order_until_marked_handled(self, uow_factory):
        async with uow_factory() as uow:
            await uow.inbound.keep("telegram:1", [(12, {"update_id": 12, "message": {"text": "b"}}),
                                                  (11, {"update_id": 11, "message": {"text": "a"}})], AT)
            await uow.inbound.keep("telegram:2", [(11, {"update_id": 11})], AT)
            await uow.commit()
        async with uow_factory() as uow:
            await uow.inbound.mark_handled("telegram:1", 11, later(1))
            await uow.commit()

        async with uow_factory() as uow:
            waiting = list(await uow.inbound.unhandled("telegram:1"))
            other = list(await uow.inbound.unhandled("telegram:2"))

        assert waiting == [(12, {"update_id": 12, "message": {"text": "b"}})]
        assert other == [(11, {"update_id": 11})]

    async def test_an_update_kept_twice_is_stored_once_and_stays_handled(self, uow_factory):
        async with uow_factory() as uow:
            await uow.inbound.keep("telegram:1", [(11, {"update_id": 11})], AT)
            await uow.inbound.mark_handled("telegram:1", 11, later(1))
            await uow.commit()

        async with uow_factory() as uow:
            await uow.inbound.keep("telegram:1", [(11, {"update_id": 11}), (13, {"update_id": 13})], later(2))
            await uow.commit()
            waiting = list(await uow.inbound.unhandled("telegram:1"))

        assert waiting == [(13, {"update_id": 13})]

    async def test_only_updates_handled_before_the_cut_off_are_forgotten(self, uow_factory):
        async with uow_factory() as uow:
            await uow.inbound.keep("telegram:1", [(n, {"update_id": n}) for n in (1, 2, 3)], AT)
            await uow.inbound.mark_handled("telegram:1", 1, later(1))
            await uow.inbound.mark_handled("telegram:1", 2, later(5))
            await uow.commit()

        async with uow_factory() as uow:
            forgotten = await uow.inbound.forget_handled("telegram:1", later(3))
            await uow.commit()
        async with uow_factory() as uow:
            await uow.inbound.keep("telegram:1", [(2, {"update_id": 2, "again": True})], later(6))
            waiting = list(await uow.inbound.unhandled("telegram:1"))

        assert forgotten == 1
        assert waiting == [(3, {"update_id": 3})]
