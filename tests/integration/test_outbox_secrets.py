"""What the notices table keeps of a mailed code and an address once the notice is done with, read from the table."""

from __future__ import annotations

import sqlalchemy as sa

from core.clock import FixedClock
from core.model.notices import NoticeKind
from core.model.preferences import Preferences
from core.usecases.preferences import forget_email, request_email
from core.usecases.sign_in import mail_sign_in_link
from storage.tables import NoticeRow

from tests.factories import AT, later, seed


async def _code_notice_row(db) -> dict:
    async with db() as uow:
        row = (await uow.session.execute(
            sa.select(NoticeRow.status, NoticeRow.params, NoticeRow.address, NoticeRow.chat_id)
            .where(NoticeRow.kind == NoticeKind.EMAIL_CODE.value))).one()
    return row._asdict()


async def _code_requested(db) -> tuple:
    s = await seed(db)
    clock = FixedClock(AT)
    async with db() as uow:
        await request_email(uow, clock, s.anna, s.branch, "Anna@Example.org")
        await uow.commit()
    return s, clock


class TestTheEmailCodeNotice:
    async def test_while_waiting_it_carries_the_code_and_the_address(self, uow_factory):
        await _code_requested(uow_factory)

        row = await _code_notice_row(uow_factory)

        assert row["status"] == "pending" and len(row["params"]["code"]) == 6
        assert row["address"] == "Anna@example.org"  # the domain alone is lower-cased

    async def test_email_off_drops_it_and_blanks_the_code_and_the_address(self, uow_factory):
        s, clock = await _code_requested(uow_factory)

        async with uow_factory() as uow:
            await forget_email(uow, clock, s.anna, s.branch)
            await uow.commit()

        row = await _code_notice_row(uow_factory)
        assert row == {"status": "superseded", "params": {}, "address": None, "chat_id": None}

    async def test_once_sent_only_its_outcome_is_kept(self, uow_factory):
        await _code_requested(uow_factory)
        async with uow_factory() as uow:
            [claimed] = await uow.outbox.claim("email", 10, later(1))
            await uow.outbox.mark_all_sent([(claimed.notice.id, later(1), "<m1@example.org>")], "email")
            await uow.commit()

        row = await _code_notice_row(uow_factory)

        assert row == {"status": "sent", "params": {}, "address": None, "chat_id": None}

    async def test_once_failed_only_its_outcome_is_kept(self, uow_factory):
        await _code_requested(uow_factory)
        async with uow_factory() as uow:
            [claimed] = await uow.outbox.claim("email", 10, later(1))
            await uow.outbox.mark_failed(claimed.notice.id, "email", later(1), "unreachable: 550 no such user")
            await uow.commit()

        row = await _code_notice_row(uow_factory)

        assert row == {"status": "failed", "params": {}, "address": None, "chat_id": None}


class TestTheSignInLinkNotice:
    async def test_it_carries_the_link_until_sent_and_then_only_its_outcome_is_kept(self, uow_factory):
        s = await seed(uow_factory)
        clock = FixedClock(AT)
        async with uow_factory() as uow:
            await uow.preferences.save(Preferences(s.anna.id, email="anna@example.org"))
            await mail_sign_in_link(uow, clock, "anna@example.org", "https://bank.example.org")
            await uow.commit()
        async with uow_factory() as uow:
            [claimed] = await uow.outbox.claim("email", 10, later(1))
            assert claimed.notice.params["url"].startswith("https://bank.example.org/signin/")
            await uow.outbox.mark_all_sent([(claimed.notice.id, later(1), "<m1@example.org>")], "email")
            await uow.commit()
        async with uow_factory() as uow:
            row = (await uow.session.execute(
                sa.select(NoticeRow.status, NoticeRow.params, NoticeRow.address, NoticeRow.chat_id)
                .where(NoticeRow.kind == NoticeKind.SIGN_IN_LINK.value))).one()
        assert row._asdict() == {"status": "sent", "params": {}, "address": None, "chat_id": None}
