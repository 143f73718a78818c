"""Newsletters: kept as written, found when due, and claimed by one process at a time."""

from __future__ import annotations

from dataclasses import replace

import pytest

from core.model.branches import Branch
from core.model.newsletters import NewsletterStatus
from core.model.notices import Broadcast, NoticeKind, Recipients

from tests.factories import a_newsletter, later, seed
from tests.integration.round_trips import ON_POSTGRES, is_utc

pytestmark = pytest.mark.in_memory_too


IMAGE = {"platform": "telegram", "file_id": "AgACAgQAAxkBAAIB", "size": [1280, 720], "caption": None}


class TestNewsletters:
    async def test_a_newsletter_keeps_its_text_image_and_recipients_and_saving_replaces_them(self, uow_factory):
        s = await seed(uow_factory)
        written = a_newsletter(s, send_at=30, text="<b>Hei</b> & velkommen\nto the breakfast", image=dict(IMAGE))
        async with uow_factory() as uow:
            added = await uow.newsletters.add(written)
            broadcast = await uow.broadcasts.add(Broadcast(s.branch.id, NoticeKind.NEWSLETTER, {"text": "x"},
                                                           Recipients("all"), later(31)))
            await uow.commit()
        assert added.id is not None and added == replace(written, id=added.id)
        async with uow_factory() as uow:
            assert await uow.newsletters.get(added.id) == added
            assert await uow.newsletters.get(added.id + 1000) is None
        sent = replace(added, status=NewsletterStatus.SENT, broadcast_id=broadcast.id,
                       recipients=Recipients("call", "7"), image={"url": "https://example.org/a.png"})
        async with uow_factory() as uow:
            await uow.newsletters.save(sent)
            await uow.commit()
        async with uow_factory() as uow:
            assert await uow.newsletters.get(added.id) == sent

    async def test_due_are_the_scheduled_ones_whose_time_has_come_or_that_have_none_earliest_first(self, uow_factory):
        s = await seed(uow_factory)
        async with uow_factory() as uow:
            late = await uow.newsletters.add(a_newsletter(s, send_at=50, text="late"))
            early = await uow.newsletters.add(a_newsletter(s, send_at=10, text="early"))
            unset = await uow.newsletters.add(a_newsletter(s, minutes=20, text="no time set"))
            await uow.newsletters.add(a_newsletter(s, send_at=500, text="future"))
            await uow.newsletters.add(a_newsletter(s, send_at=5, text="sent", status=NewsletterStatus.SENT))
            await uow.newsletters.add(a_newsletter(s, send_at=5, text="off", status=NewsletterStatus.CANCELLED))
            await uow.commit()
        async with uow_factory() as uow:
            assert list(await uow.newsletters.due(later(60))) == [early, unset, late]
            assert list(await uow.newsletters.due(later(60), limit=2)) == [early, unset]
            assert list(await uow.newsletters.due(later(15))) == [early, unset]
            assert list(await uow.newsletters.due(later(0))) == [unset]

    async def test_recent_newsletters_of_a_branch_come_newest_first(self, uow_factory):
        s = await seed(uow_factory)
        async with uow_factory() as uow:
            elsewhere = await uow.branches.add(Branch("havby", "Havby"))
            old = await uow.newsletters.add(a_newsletter(s, minutes=1, text="old"))
            new = await uow.newsletters.add(a_newsletter(s, minutes=9, text="new"))
            middle = await uow.newsletters.add(a_newsletter(s, minutes=5, text="middle"))
            await uow.newsletters.add(replace(a_newsletter(s, minutes=20), branch_id=elsewhere.id))
            await uow.commit()
        async with uow_factory() as uow:
            assert list(await uow.newsletters.recent(s.branch.id)) == [new, middle, old]
            assert list(await uow.newsletters.recent(s.branch.id, limit=1)) == [new]


class TestNewsletterClaims:
    async def test_newsletter_times_come_back_aware_and_in_utc(self, uow_factory):
        s = await seed(uow_factory)
        async with uow_factory() as uow:
            added = await uow.newsletters.add(a_newsletter(s, send_at=30))
            await uow.commit()
        async with uow_factory() as uow:
            again = await uow.newsletters.get(added.id)
        assert again.send_at == later(30) and is_utc(again.send_at) and is_utc(again.created_at)

    @ON_POSTGRES
    async def test_a_second_process_skips_the_newsletters_another_one_is_sending(self, uow_factory):
        s = await seed(uow_factory)
        async with uow_factory() as uow:
            first = await uow.newsletters.add(a_newsletter(s, send_at=1, text="first"))
            second = await uow.newsletters.add(a_newsletter(s, send_at=2, text="second"))
            await uow.commit()
        async with uow_factory() as sender:
            assert list(await sender.newsletters.due(later(10), limit=1)) == [first]
            async with uow_factory() as other:
                assert list(await other.newsletters.due(later(10))) == [second]
            async with uow_factory() as other:
                await sender.newsletters.save(replace(first, status=NewsletterStatus.SENT))
                await sender.commit()
                assert list(await other.newsletters.due(later(10))) == [second]
