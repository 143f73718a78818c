"""The outbox and the audit trail keep their JSON, times and order."""

from __future__ import annotations

import sqlalchemy as sa

from core.model.audit import AuditEntry
from core.model.notices import Notice, NoticeKind, NoticeStatus
from storage.tables import NoticeRow

from tests.factories import AT, later, seed
from tests.integration.round_trips import is_utc


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


class TestAudit:
    async def test_entries_about_a_subject_come_in_time_order_with_their_details(self, uow_factory):
        s = await seed(uow_factory)
        later_entry = AuditEntry(s.branch.id, s.bjorn.id, "vote", "dream:1", later(5),
                                 {"choice": "approve", "comment": "Ja!", "review_id": 4})
        first_entry = AuditEntry(s.branch.id, None, "decide", "dream:1", later(1),
                                 {"outcome": "approve", "settled": False, "nested": {"k": [1, 2]}})
        async with uow_factory() as uow:
            await uow.audit.record(later_entry)
            await uow.audit.record(first_entry)
            await uow.audit.record(AuditEntry(s.branch.id, s.anna.id, "deposit", "dream:2", AT))
            await uow.commit()
        async with uow_factory() as uow:
            entries = list(await uow.audit.about("dream:1"))
        assert [(e.actor_id, e.action, e.subject, e.at, e.detail) for e in entries] == [
            (None, "decide", "dream:1", later(1), first_entry.detail),
            (s.bjorn.id, "vote", "dream:1", later(5), later_entry.detail)]
        assert all(e.id is not None and is_utc(e.at) for e in entries)


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
