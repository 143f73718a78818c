"""An update a platform delivers twice is handled once, unless the first handling was rolled back."""

from __future__ import annotations

import pytest

from tests.factories import AT, later

pytestmark = pytest.mark.in_memory_too


class TestInbox:
    async def test_an_update_is_new_the_first_time_only_and_a_repeat_leaves_the_transaction_usable(
            self, uow_factory):
        async with uow_factory() as uow:
            first = await uow.inbox.first_time("telegram:1:77", AT)
            again = await uow.inbox.first_time("telegram:1:77", later(1))
            other = await uow.inbox.first_time("telegram:1:78", later(1))
            await uow.commit()
        async with uow_factory() as uow:
            after_commit = await uow.inbox.first_time("telegram:1:77", later(2))

        assert (first, again, other, after_commit) == (True, False, True, False)

    async def test_an_update_whose_handling_was_rolled_back_is_new_again(self, uow_factory):
        async with uow_factory() as uow:
            assert await uow.inbox.first_time("telegram:1:90", AT) is True

        async with uow_factory() as uow:
            assert await uow.inbox.first_time("telegram:1:90", later(1)) is True
