"""Sending at the physical limit: a send's start committed before its request, so that after a crash only notices
whose send began are sent again; and broadcasts fanned out a chunk at a time, resumed after a failure without a
second notice to anyone. On SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
from collections import Counter
from dataclasses import replace

import pytest
import sqlalchemy as sa

from core.model.notices import Broadcast, NoticeKind, Recipients
from digests.delivery.engine import DeliveryEngine
from digests.delivery.channels import Transient
from storage.repositories.broadcasts import SqlBroadcasts
from storage.tables import BroadcastRow, NoticeRow
from tests.integration.test_delivery_engine import CLOCK, FAST, Lease, ScriptedChannel, notify, people, rows, \
    run_until_settled


class CheckingChannel(ScriptedChannel):
    """Looks in the database, at each send, whether the notice's start was committed before its request."""

    def __init__(self, db) -> None:
        super().__init__()
        self.db = db
        self.begun_before: list[bool] = []

    async def send(self, delivery, pace) -> str:
        await pace()
        async with self.db() as uow:  # another connection: only what was committed shows
            started = await uow.session.scalar(sa.select(NoticeRow.started_at)
                                               .where(NoticeRow.id == delivery.notice.id))
        self.begun_before.append(started is not None)
        self.sent.append((delivery.chat_id, delivery.notice.id))
        return f"m{len(self.sent)}"


class HangingChannel(ScriptedChannel):
    """Requests do not come back until the test lets them fail, as when the sender is killed with one on the
    wire."""

    def __init__(self) -> None:
        super().__init__()
        self.on_the_wire = asyncio.Event()
        self.let_go = asyncio.Event()

    async def send(self, delivery, pace) -> str:
        await pace()
        self.on_the_wire.set()
        await self.let_go.wait()
        raise Transient("the connection was lost")


class TestSendStart:
    async def test_each_send_begins_with_its_start_committed_before_the_request(self, uow_factory):
        branch, members = await people(uow_factory, 12)
        await notify(uow_factory, branch, members)
        channel = CheckingChannel(uow_factory)

        await run_until_settled(uow_factory, channel)

        assert len(channel.sent) == 12 and all(channel.begun_before)
        assert all(r.started_at is not None and r.status == "sent" for r in await rows(uow_factory))

    async def test_a_killed_sender_leaves_begun_only_the_request_on_the_wire(self, uow_factory):
        branch, members = await people(uow_factory, 6)
        await notify(uow_factory, branch, members)
        channel = HangingChannel()
        engine = DeliveryEngine(uow_factory, channel, CLOCK, Lease(), replace(FAST, workers=1))
        stop = asyncio.Event()
        running = asyncio.create_task(engine.run(stop))

        await asyncio.wait_for(channel.on_the_wire.wait(), 10)
        await asyncio.sleep(0.2)  # the others are claimed and wait their turn: one worker
        state = [(r.status, r.started_at is not None) for r in await rows(uow_factory)]  # as a kill would leave it
        channel.let_go.set()
        stop.set()
        await running

        assert sorted(state) == [("sending", False)] * 5 + [("sending", True)]

    async def test_after_a_crash_a_begun_send_is_sent_again_and_one_only_claimed_is_sent_once(self, uow_factory):
        branch, members = await people(uow_factory, 4)
        await notify(uow_factory, branch, members)
        async with uow_factory() as uow:  # a sender claimed all four and began the first two, then died
            claimed = sorted(d.notice.id for d in await uow.outbox.claim("test", 100, CLOCK.now()))
            await uow.outbox.mark_started(claimed[:2], CLOCK.now())
            await uow.commit()
        async with uow_factory() as uow:
            stranded = {d.notice.id: d.notice.started_at is not None for d in await uow.outbox.in_flight("test")}
        channel = ScriptedChannel()

        await run_until_settled(uow_factory, channel)

        done = {r.id: r for r in await rows(uow_factory)}
        assert stranded == {claimed[0]: True, claimed[1]: True, claimed[2]: False, claimed[3]: False}
        assert sorted(notice for _chat, notice in channel.sent) == claimed  # each once by the new sender
        assert [done[i].attempts for i in claimed] == [2, 2, 1, 1]  # a try only claimed is not counted
        assert all(done[i].status == "sent" for i in claimed)


@pytest.fixture
def small_chunks(monkeypatch):
    monkeypatch.setattr(SqlBroadcasts, "fan_out_chunk", 3)


class TestChunkedFanOut:
    async def test_a_big_audience_is_written_a_chunk_per_transaction_and_progress_counts_the_rest(
            self, uow_factory, small_chunks):
        branch, _members = await people(uow_factory, 10)
        async with uow_factory() as uow:
            sent = await uow.broadcasts.add(Broadcast(branch.id, NoticeKind.ROLE_GRANTED, {"role": "board"},
                                                      Recipients("all"), CLOCK.now()))
            await uow.commit()
        async with uow_factory() as uow:
            first = await uow.broadcasts.progress(sent.id)
            written_first = await _written(uow)
        chunks = await _fan_out_all(uow_factory)
        async with uow_factory() as uow:
            after = await uow.broadcasts.progress(sent.id)
            [listed] = await uow.broadcasts.recent()
            left = await uow.session.scalar(sa.select(BroadcastRow.fan_out_after))

        assert sent.total == 10 and len(written_first) == 3
        assert (first.total, first.waiting, first.done) == (10, 10, False)
        assert chunks == [3, 3, 1]  # 3 + 3 + 1 more, then the last chunk found nobody left: the broadcast is done
        assert (after.total, after.waiting, listed.total, left) == (10, 10, 10, None)

    async def test_a_chunk_that_fails_half_way_is_written_again_whole_and_nobody_gets_two(
            self, uow_factory, small_chunks, monkeypatch):
        branch, members = await people(uow_factory, 10)
        async with uow_factory() as uow:
            await uow.broadcasts.add(Broadcast(branch.id, NoticeKind.ROLE_GRANTED, {"role": "board"},
                                               Recipients("all"), CLOCK.now()))
            await uow.commit()
        real = SqlBroadcasts._fan_out

        async def crashing(self, *args, **kwargs):
            await real(self, *args, **kwargs)  # the chunk's notices are written, then the process fails
            raise ConnectionError("the database went away")

        monkeypatch.setattr(SqlBroadcasts, "_fan_out", crashing)
        with pytest.raises(ConnectionError):
            async with uow_factory() as uow:
                await uow.broadcasts.fan_out_more()
                await uow.commit()
        monkeypatch.setattr(SqlBroadcasts, "_fan_out", real)
        async with uow_factory() as uow:
            after_failure = len(await _written(uow))
        await _fan_out_all(uow_factory)
        async with uow_factory() as uow:
            written = await _written(uow)

        assert after_failure == 3  # the failed chunk left nothing behind
        assert Counter(written) == Counter(m.id for m in members)  # everyone once

    async def test_the_engine_fans_out_the_rest_while_it_sends(self, uow_factory, small_chunks):
        branch, members = await people(uow_factory, 10)
        async with uow_factory() as uow:
            sent = await uow.broadcasts.add(Broadcast(branch.id, NoticeKind.ROLE_GRANTED, {"role": "board"},
                                                      Recipients("all"), CLOCK.now()))
            await uow.commit()
        channel = ScriptedChannel()
        engine = DeliveryEngine(uow_factory, channel, CLOCK, Lease(), FAST)
        stop = asyncio.Event()
        running = asyncio.create_task(engine.run(stop))

        progress = None
        for _ in range(200):  # the chunks come 0.15 s apart, so that other writers get the lock between them
            await asyncio.sleep(0.05)
            async with uow_factory() as uow:
                progress = await uow.broadcasts.progress(sent.id)
            if progress.done:
                break
        stop.set()
        await running

        assert sorted(chat for chat, _ in channel.sent) == sorted(str(i + 1) for i in range(10))
        assert (progress.total, progress.sent, progress.done) == (10, 10, True)


async def _written(uow) -> list[int]:
    return list((await uow.session.scalars(sa.select(NoticeRow.member_id).order_by(NoticeRow.id))).all())


async def _fan_out_all(db) -> list[int]:
    """Each chunk in a transaction of its own, as the engine writes them; how many each wrote."""
    chunks = []
    while True:
        async with db() as uow:
            written = await uow.broadcasts.fan_out_more()
            await uow.commit()
        if not written:
            return chunks
        chunks.append(written)
