"""The outbox keeps its notices' JSON, times and order, and what became of each."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from core.model.notices import Notice, NoticeKind, NoticeStatus
from storage.tables import NoticeRow

from tests.factories import AT, later, seed
from tests.integration.round_trips import ON_SQL, is_utc

pytestmark = pytest.mark.in_memory_too


class TestOutbox:
    async def test_pending_notices_come_oldest_first_up_to_the_limit_with_their_params(self, uow_factory):
        s = await seed(uow_factory)
        params = {"dream_id": 3, "title": "Benk ved fjorden", "likes": 0, "settled": False, "list": [1, "2"]}
        notices = [Notice(s.anna.id, s.branch.id, NoticeKind.DREAM_DECIDED, dict(params, n=n), later(10 - n))
                   for n in range(3)]
        async with uow_factory() as uow:
            for notice in notices:
                await uow.outbox.put(notice)
            await uow.outbox.put(Notice(s.bjorn.id, s.branch.id, NoticeKind.ROLE_GRANTED, {"role": "board"}, AT))
            await uow.commit()
        assert all(n.id is not None for n in notices)
        async with uow_factory() as uow:
            pending = list(await uow.outbox.pending_for(s.anna.id, limit=2))
        assert pending == [notices[2], notices[1]]
        assert pending[0].params == dict(params, n=2) and is_utc(pending[0].created_at)

    async def test_many_notices_put_at_once_come_back_each_as_given_alike_or_not(self, uow_factory):
        s = await seed(uow_factory)
        shared = {"title": "Benk ved fjorden", "items": [{"key": "dream:3", "count": 2}]}
        alike = [Notice(member_id, s.branch.id, NoticeKind.DIGEST, shared, AT) for member_id in (s.anna.id, s.bjorn.id)]
        twice = [Notice(s.anna.id, s.branch.id, NoticeKind.ANNOUNCEMENT, {"text": "Hei"}, later(1)) for _ in range(2)]
        mailed = Notice(s.bjorn.id, s.branch.id, NoticeKind.DIGEST, shared, AT, via="email", address="b@example.org")
        async with uow_factory() as uow:
            await uow.outbox.put_many([*alike, *twice, mailed])
            await uow.outbox.put_many([])
            await uow.commit()

        async with uow_factory() as uow:
            annas = sorted(await uow.outbox.pending_for(s.anna.id), key=lambda n: n.kind.value)
            bjorns = list(await uow.outbox.pending_for(s.bjorn.id))
            mails = list(await uow.outbox.pending_on("email"))

        assert [(n.kind, n.params, n.created_at) for n in annas] == [
            (NoticeKind.ANNOUNCEMENT, {"text": "Hei"}, later(1)), (NoticeKind.ANNOUNCEMENT, {"text": "Hei"}, later(1)),
            (NoticeKind.DIGEST, shared, AT)]
        assert [(n.kind, n.params, n.created_at, n.via) for n in bjorns] == [(NoticeKind.DIGEST, shared, AT, None)]
        assert [(d.notice.member_id, d.chat_id, d.notice.params) for d in mails] == [
            (s.bjorn.id, "b@example.org", shared)]

    async def test_claimed_notices_are_in_flight_until_recorded_and_a_retried_one_waits_for_its_time(self, uow_factory):
        s = await seed(uow_factory)
        sent, failed, retried = (Notice(s.anna.id, s.branch.id, NoticeKind.PLEDGE_RECEIVED, {"n": n}, later(n))
                                 for n in range(3))
        async with uow_factory() as uow:
            for notice in (retried, failed, sent):
                await uow.outbox.put(notice)
            await uow.commit()
        async with uow_factory() as uow:
            claimed = list(await uow.outbox.claim("telegram", 10, later(5)))
            await uow.commit()
        assert [(d.notice.id, d.chat_id, d.language, d.notice.attempts) for d in claimed] == [
            (retried.id, "1001", "en", 1), (failed.id, "1001", "en", 1), (sent.id, "1001", "en", 1)]
        async with uow_factory() as uow:
            assert [d.notice.id for d in await uow.outbox.in_flight("telegram")] == [retried.id, failed.id, sent.id]
            assert list(await uow.outbox.pending_for(s.anna.id)) == []
            await uow.outbox.mark_sent(sent.id, "telegram", later(6), "m-1")
            await uow.outbox.mark_failed(failed.id, "telegram", later(6), "chat not found")
            await uow.outbox.retry_at(retried.id, later(60), "too many requests")
            await uow.commit()
        async with uow_factory() as uow:
            assert list(await uow.outbox.in_flight("telegram")) == []
            assert [n.id for n in await uow.outbox.pending_for(s.anna.id)] == [retried.id]
            assert list(await uow.outbox.claim("telegram", 10, later(59))) == []
            again = list(await uow.outbox.claim("telegram", 10, later(60)))
        assert [(d.notice.id, d.notice.attempts) for d in again] == [(retried.id, 2)]

    async def test_a_begun_send_is_in_flight_with_its_start_and_one_only_claimed_goes_back_uncounted(self, uow_factory):
        s = await seed(uow_factory)
        begun, claimed = (Notice(s.anna.id, s.branch.id, NoticeKind.PLEDGE_RECEIVED, {"n": n}, later(n))
                          for n in range(2))
        async with uow_factory() as uow:
            await uow.outbox.put(begun)
            await uow.outbox.put(claimed)
            await uow.commit()
        async with uow_factory() as uow:
            await uow.outbox.claim("telegram", 10, later(5))
            await uow.outbox.mark_started([begun.id], later(6))
            await uow.commit()
        async with uow_factory() as uow:
            stranded = {d.notice.id: d.notice.started_at for d in await uow.outbox.in_flight("telegram")}
            await uow.outbox.release([claimed.id])
            await uow.commit()
        async with uow_factory() as uow:
            [left] = await uow.outbox.in_flight("telegram")
            [waiting] = await uow.outbox.pending_for(s.anna.id)
            [again] = await uow.outbox.claim("telegram", 10, later(7))

        assert stranded == {begun.id: later(6), claimed.id: None} and is_utc(stranded[begun.id])
        assert left.notice.id == begun.id and (waiting.id, waiting.attempts) == (claimed.id, 0)
        assert (again.notice.id, again.notice.attempts, again.notice.started_at) == (claimed.id, 1, None)

    @ON_SQL
    async def test_a_sent_notice_records_its_channel_and_time_and_is_no_longer_pending(self, uow_factory):
        s = await seed(uow_factory)
        notice = Notice(s.anna.id, s.branch.id, NoticeKind.PLEDGE_RECEIVED, {"amount": "12.50"}, AT)
        async with uow_factory() as uow:
            await uow.outbox.put(notice)
            await uow.commit()
        async with uow_factory() as uow:
            await uow.outbox.mark_sent(notice.id, "telegram", later(1))
            await uow.commit()
        async with uow_factory() as uow:
            assert list(await uow.outbox.pending_for(s.anna.id)) == []
            columns = NoticeRow.status, NoticeRow.channel, NoticeRow.sent_at, NoticeRow.attempts, NoticeRow.last_error
            row = (await uow.session.execute(sa.select(*columns).where(NoticeRow.id == notice.id))).one()
        assert tuple(row) == (NoticeStatus.SENT.value, "telegram", later(1), 0, None)
        assert is_utc(row.sent_at)
