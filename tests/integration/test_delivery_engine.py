"""The delivery engine against a real database and a scripted channel: every outcome recorded."""

from __future__ import annotations

import asyncio
from collections import defaultdict
from types import SimpleNamespace

import pytest
import sqlalchemy as sa

from core.clock import SystemClock
from core.model.branches import Branch
from core.model.members import Identity, Member
from core.model.notices import Broadcast, Notice, NoticeKind, NoticeStatus, Recipients
from digests.delivery.channels import Limits, Rejected, RetryLater, Transient, Unreachable
from digests.delivery.engine import DeliveryEngine, EngineSettings
from storage.database import session_factory, without_transactions
from storage.tables import IdentityRow, NoticeRow
from storage.unit_of_work import SqlUnitOfWork

CLOCK = SystemClock()
FAST = EngineSettings(batch=50, workers=8, max_tries=3, backoff_seconds=0.01, idle_seconds=0.02,
                      flush_seconds=0.01)


class ScriptedChannel:
    """Sends succeed unless a failure is scripted for the chat: each scripted failure is used once."""

    platform = "test"

    def __init__(self, limits: Limits = Limits(10_000, 10_000, 600_000)) -> None:
        self.limits = limits
        self.sent: list[tuple[str, int]] = []
        self.script: dict[str, list[Exception]] = defaultdict(list)

    def is_group(self, chat_id: str) -> bool:
        return chat_id.startswith("-")

    async def send(self, delivery, pace) -> str:
        await pace()
        failures = self.script.get(delivery.chat_id)
        if failures:
            raise failures.pop(0)
        self.sent.append((delivery.chat_id, delivery.notice.id))
        return f"m{len(self.sent)}"


class Lease:
    async def hold(self) -> bool:
        return True

    async def release(self) -> None:
        pass


async def people(db, count: int) -> tuple[Branch, list[Member]]:
    async with db() as uow:
        branch = await uow.branches.add(Branch("fjordby", "Fjordby"))
        members = [await uow.members.add(Member(f"P{i}", branch.id, None, CLOCK.now()), Identity("test", str(i + 1)))
                   for i in range(count)]
        await uow.commit()
    return branch, members


async def notify(db, branch, members) -> None:
    async with db() as uow:
        for m in members:
            await uow.outbox.put(Notice(m.id, branch.id, NoticeKind.ROLE_GRANTED, {"role": "board"}, CLOCK.now()))
        await uow.commit()


async def run_until_settled(db, channel, settings=FAST, seconds: float = 10, at_once=None) -> DeliveryEngine:
    engine = DeliveryEngine(db, channel, CLOCK, Lease(), settings, at_once=at_once)
    stop = asyncio.Event()
    running = asyncio.create_task(engine.run(stop))
    loop = asyncio.get_running_loop()
    deadline = loop.time() + seconds
    while loop.time() < deadline:
        await asyncio.sleep(0.05)
        async with db() as uow:
            waiting = await uow.session.scalar(sa.select(sa.func.count()).select_from(NoticeRow).where(
                NoticeRow.status.in_([NoticeStatus.PENDING.value, NoticeStatus.SENDING.value])))
        if not waiting and engine.idle:
            break
    stop.set()
    await running
    return engine


async def rows(db) -> list[SimpleNamespace]:
    """The outbox's rows as plain values (a unit of work's rows do not outlive it)."""
    async with db() as uow:
        found = (await uow.session.scalars(sa.select(NoticeRow).order_by(NoticeRow.id))).all()
        return [SimpleNamespace(**r.model_dump()) for r in found]


class TestDeliveryEngine:
    async def test_every_notice_is_sent_once_with_its_message_id(self, uow_factory):
        branch, members = await people(uow_factory, 30)
        await notify(uow_factory, branch, members)
        channel = ScriptedChannel()

        await run_until_settled(uow_factory, channel)

        assert sorted(chat for chat, _ in channel.sent) == sorted(str(i + 1) for i in range(30))
        done = await rows(uow_factory)
        assert {r.status for r in done} == {"sent"} and all(r.message_id and r.sent_at for r in done)

    async def test_a_429_pauses_the_bot_and_the_notice_goes_out_after_the_wait(self, uow_factory):
        branch, members = await people(uow_factory, 3)
        await notify(uow_factory, branch, members)
        channel = ScriptedChannel()
        channel.script["2"] = [RetryLater(0.3)]

        engine = await run_until_settled(uow_factory, channel)

        assert len(channel.sent) == 3 and [r.status for r in await rows(uow_factory)] == ["sent"] * 3
        assert engine.pacer.paused_until > 0

    async def test_a_member_who_blocked_the_bot_is_given_up_with_the_reason(self, uow_factory):
        branch, members = await people(uow_factory, 2)
        await notify(uow_factory, branch, members)
        channel = ScriptedChannel()
        channel.script["1"] = [Unreachable("Forbidden: bot was blocked by the user")]

        await run_until_settled(uow_factory, channel)

        first, second = await rows(uow_factory)
        assert (first.status, first.last_error) == ("failed", "unreachable: Forbidden: bot was blocked by the user")
        assert second.status == "sent"
        async with uow_factory() as uow:
            reachable = dict((await uow.session.execute(sa.select(IdentityRow.external_id, IdentityRow.reachable)))
                             .all())
        assert reachable == {"1": False, "2": True}

    async def test_a_refused_message_is_not_tried_again(self, uow_factory):
        branch, members = await people(uow_factory, 1)
        await notify(uow_factory, branch, members)
        channel = ScriptedChannel()
        channel.script["1"] = [Rejected("Bad Request: can't parse entities")]

        await run_until_settled(uow_factory, channel)

        [row] = await rows(uow_factory)
        assert (row.status, row.attempts) == ("failed", 1) and "can't parse entities" in row.last_error

    async def test_network_trouble_is_tried_again_with_back_off(self, uow_factory):
        branch, members = await people(uow_factory, 1)
        await notify(uow_factory, branch, members)
        channel = ScriptedChannel()
        channel.script["1"] = [Transient("timed out"), Transient("502 Bad Gateway")]

        await run_until_settled(uow_factory, channel)

        [row] = await rows(uow_factory)
        assert (row.status, row.attempts) == ("sent", 3)

    async def test_it_gives_up_after_the_configured_tries_and_says_why(self, uow_factory):
        branch, members = await people(uow_factory, 1)
        await notify(uow_factory, branch, members)
        channel = ScriptedChannel()
        channel.script["1"] = [Transient("502 Bad Gateway")] * 5

        await run_until_settled(uow_factory, channel)

        [row] = await rows(uow_factory)
        assert (row.status, row.attempts) == ("failed", 3)
        assert row.last_error == "gave up after 3 tries: Transient: 502 Bad Gateway"

    async def test_notices_left_in_flight_by_a_stopped_sender_are_sent_by_the_next(self, uow_factory):
        branch, members = await people(uow_factory, 5)
        await notify(uow_factory, branch, members)
        async with uow_factory() as uow:  # a sender claimed them, then died before sending
            await uow.outbox.claim("test", 100, CLOCK.now())
            await uow.commit()

        channel = ScriptedChannel()
        await run_until_settled(uow_factory, channel)

        assert len(channel.sent) == 5 and {r.status for r in await rows(uow_factory)} == {"sent"}

    async def test_an_unreachable_member_is_not_claimed(self, uow_factory):
        branch, members = await people(uow_factory, 2)
        async with uow_factory() as uow:
            await uow.session.execute(sa.update(IdentityRow).where(IdentityRow.external_id == "1")
                                      .values(reachable=False))
            await uow.commit()
        await notify(uow_factory, branch, members)

        channel = ScriptedChannel()
        await run_until_settled(uow_factory, channel, seconds=1)

        assert [chat for chat, _ in channel.sent] == ["2"]

    async def test_one_chat_gets_its_messages_paced_and_in_order(self, uow_factory):
        branch, members = await people(uow_factory, 1)
        async with uow_factory() as uow:
            for n in range(4):
                await uow.outbox.put(Notice(members[0].id, branch.id, NoticeKind.ROLE_GRANTED, {"n": n},
                                            CLOCK.now()))
            await uow.commit()
        channel = ScriptedChannel(Limits(1000, 10, 600))
        started = asyncio.get_running_loop().time()

        await run_until_settled(uow_factory, channel)

        assert [n for _chat, n in channel.sent] == sorted(n for _chat, n in channel.sent)
        assert asyncio.get_running_loop().time() - started >= 0.3  # four sends, 0.1 s apart at the least

    async def test_a_slow_write_of_a_sends_start_comes_before_its_slot_so_requests_keep_their_pace(self, uow_factory):
        branch, members = await people(uow_factory, 12)
        await notify(uow_factory, branch, members)
        loop = asyncio.get_running_loop()
        slots: dict[str, float] = {}
        requests: dict[str, float] = {}

        class Timed(ScriptedChannel):
            async def send(self, delivery, pace) -> str:
                await pace()
                requests[delivery.chat_id] = loop.time()
                return await super().send(delivery, _paced_already)

        engine = DeliveryEngine(uow_factory, Timed(Limits(40, 10, 600)), CLOCK, Lease(), FAST)
        wait, begin = engine.pacer.wait, engine.starter.begin

        async def timed_wait(chat_id, group):
            await wait(chat_id, group)
            slots[chat_id] = loop.time()

        async def slow_begin(notice_id):  # a write that takes its time, as a busy database's commit does
            await asyncio.sleep(0.05)
            await begin(notice_id)

        engine.pacer.wait, engine.starter.begin = timed_wait, slow_begin
        stop = asyncio.Event()
        running = asyncio.create_task(engine.run(stop))
        while len(requests) < 12:
            await asyncio.sleep(0.02)
        stop.set()
        await running

        assert max(requests[chat] - slots[chat] for chat in requests) < 0.02  # not the write's 50 ms


async def _paced_already() -> None:
    pass


class AtOnce:
    """Units of work with no transaction around their statements, noting the sends each records; remembering a
    post through one fails (its delete and insert belong in one transaction)."""

    def __init__(self, db) -> None:
        self.sessions = session_factory(without_transactions(db.engine))
        self.sent: list[int] = []

    def __call__(self) -> SqlUnitOfWork:
        owner = self

        class Noting(SqlUnitOfWork):
            async def __aenter__(self):
                uow = await super().__aenter__()
                record = uow.outbox.mark_all_sent

                async def noted(sent, channel):
                    owner.sent.extend(notice_id for notice_id, *_ in sent)
                    await record(sent, channel)

                async def refused(*_args):
                    raise RuntimeError("a post remembered outside a transaction")

                uow.outbox.mark_all_sent, uow.posts.remember = noted, refused
                return uow

        return Noting(self.sessions)


class TestRecordsAtOnce:
    async def test_on_postgresql_each_statement_is_kept_as_it_runs_and_sqlite_keeps_its_transaction(
            self, uow_factory):
        branch, members = await people(uow_factory, 1)
        await notify(uow_factory, branch, members)
        [notice] = await rows(uow_factory)
        at_once = session_factory(without_transactions(uow_factory.engine))

        async with SqlUnitOfWork(at_once) as uow:
            await uow.outbox.mark_started([notice.id], CLOCK.now())
            if uow_factory.dialect == "postgresql":  # seen by another connection before any commit
                [seen] = await rows(uow_factory)
                assert seen.started_at is not None
        [after] = await rows(uow_factory)  # left without commit

        assert (after.started_at is not None) == (uow_factory.dialect == "postgresql")

    async def test_sends_retries_and_failures_are_recorded_at_once_and_a_post_in_a_transaction(self, uow_factory):
        branch, members = await people(uow_factory, 4)
        async with uow_factory() as uow:
            for m in members:
                await uow.outbox.put(Notice(m.id, branch.id, NoticeKind.ROLE_GRANTED, {"role": "board"}, CLOCK.now(),
                                            topic="review:7" if m is members[0] else ""))
            await uow.commit()
        channel = ScriptedChannel()
        channel.script["2"] = [Transient("502 Bad Gateway")]
        channel.script["3"] = [Rejected("Bad Request: can't parse entities")]
        at_once = AtOnce(uow_factory)

        await run_until_settled(uow_factory, channel, at_once=at_once)

        posted, retried, refused, plain = await rows(uow_factory)
        assert [r.status for r in (posted, retried, refused, plain)] == ["sent", "sent", "failed", "sent"]
        assert all(r.started_at is not None for r in (posted, retried, refused, plain))
        assert retried.attempts == 2 and "can't parse entities" in refused.last_error
        assert retried.id in at_once.sent and posted.id not in at_once.sent  # the retry goes out later, alone
        async with uow_factory() as uow:
            assert await uow.posts.find("test", "1", "review:7") == posted.message_id


class TestBroadcast:
    async def test_a_broadcast_fans_out_in_the_database_and_reports_progress(self, uow_factory):
        branch, members = await people(uow_factory, 25)
        async with uow_factory() as uow:
            sent = await uow.broadcasts.add(Broadcast(branch.id, NoticeKind.ROLE_GRANTED, {"role": "board"},
                                                      Recipients("all"), CLOCK.now()))
            before = await uow.broadcasts.progress(sent.id)
            await uow.commit()

        await run_until_settled(uow_factory, ScriptedChannel())
        async with uow_factory() as uow:
            after = await uow.broadcasts.progress(sent.id)
            [listed] = await uow.broadcasts.recent()

        assert sent.total == 25 and (before.total, before.waiting) == (25, 25)
        assert (after.sent, after.failed, after.waiting) == (25, 0, 0) and after.done
        assert (listed.id, listed.total, listed.recipients) == (sent.id, 25, Recipients("all"))

    @pytest.mark.parametrize("text", ["all", "role:board", "followers:3"])
    def test_audiences_read_back_what_they_describe(self, text):
        assert Recipients.parse(text).describe() == text

    def test_an_unknown_audience_is_refused(self):
        with pytest.raises(ValueError):
            Recipients.parse("everyone:please")


