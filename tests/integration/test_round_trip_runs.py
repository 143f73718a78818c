"""Scheduled work is done the first time only, even by two processes at once."""

from __future__ import annotations

import asyncio

import pytest
import sqlalchemy as sa

from core.model.preferences import DigestFrequency, Preferences

from tests.factories import AT, later, seed
from tests.integration.round_trips import ON_POSTGRES

pytestmark = pytest.mark.in_memory_too


def chosen(member_id: int, **changes) -> Preferences:
    """Every field away from its default, with aware times that are not in UTC."""
    values = dict(digest=DigestFrequency.DAILY, digest_in_chat=False, digest_by_email=True,
                  newsletters_by_email=True, reminders_by_email=True, email="anna@example.org",
                  pending_email="anna.new@example.org", code_hash="a" * 64, code_sent_at=later(5), code_tries=2,
                  digested_until=later(60))
    return Preferences(member_id, **{**values, **changes})


class TestRuns:
    async def test_work_is_done_the_first_time_only_and_a_repeat_leaves_the_transaction_usable(self, uow_factory):
        s = await seed(uow_factory)
        async with uow_factory() as uow:
            assert await uow.runs.first_time("reminder:12:1440", AT) is True
            assert await uow.runs.first_time("reminder:12:1440", later(1)) is False
            await uow.commit()
        async with uow_factory() as uow:
            assert await uow.runs.first_time("reminder:12:1440", later(2)) is False
            assert await uow.runs.first_time("reminder:12:120", later(2)) is True
            await uow.preferences.save(chosen(s.anna.id))
            await uow.commit()
        async with uow_factory() as uow:
            assert await uow.runs.first_time("reminder:12:120", later(3)) is False
            assert (await uow.preferences.get(s.anna.id)).digest is DigestFrequency.DAILY

    async def test_work_recorded_in_a_transaction_rolled_back_was_not_done(self, uow_factory):
        async with uow_factory() as uow:
            assert await uow.runs.first_time("digest:1:2026-05-04", AT) is True
        async with uow_factory() as uow:
            assert await uow.runs.first_time("digest:1:2026-05-04", AT) is True


class TestRunRaces:
    @ON_POSTGRES
    async def test_two_processes_doing_the_same_work_at_once_exactly_one_does_it(self, uow_factory):
        both_in = asyncio.Barrier(2)

        async def attempt() -> bool:
            async with uow_factory() as uow:
                await uow.session.execute(sa.text("SELECT 1"))  # each transaction is open before either inserts
                await both_in.wait()
                first = await uow.runs.first_time("digest:1:2026-05-04", AT)
                await uow.commit()
                return first

        for _ in range(10):
            results = await asyncio.gather(attempt(), attempt())
            assert sorted(results) == [False, True]
            async with uow_factory() as uow:
                await uow.session.execute(sa.text("DELETE FROM job_runs"))
                await uow.commit()

    @ON_POSTGRES
    async def test_the_second_waits_for_the_first_and_does_it_when_the_first_rolls_back(self, uow_factory):
        first = uow_factory()
        await first.__aenter__()
        try:
            assert await first.runs.first_time("reminder:7:60", AT) is True
            async with uow_factory() as second:
                waiting = asyncio.create_task(second.runs.first_time("reminder:7:60", AT))
                await asyncio.sleep(0.2)
                assert not waiting.done(), "the second insert waits for the first transaction"
                await first.rollback()
                assert await waiting is True
        finally:
            await first.__aexit__(None, None, None)
