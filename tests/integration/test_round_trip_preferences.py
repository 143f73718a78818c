"""Members' preferences, and the email notices and broadcasts they choose, keep what they hold."""

from __future__ import annotations

from dataclasses import replace

import pytest
import sqlalchemy as sa

from core.model.branches import Branch
from core.model.members import Identity, Member, Role
from core.model.notices import Broadcast, Notice, NoticeKind, NoticeStatus, Recipients
from core.model.preferences import DigestFrequency, MailTopic, Preferences

from tests.factories import AT, later, seed
from tests.integration.round_trips import ON_POSTGRES, ON_SQL, is_utc

pytestmark = pytest.mark.in_memory_too


EVERY = list(DigestFrequency)


def chosen(member_id: int, **changes) -> Preferences:
    """Every field away from its default, with aware times that are not in UTC."""
    values = dict(digest=DigestFrequency.DAILY, digest_in_chat=False, digest_by_email=True,
                  newsletters_by_email=True, reminders_by_email=True, email="anna@example.org",
                  pending_email="anna.new@example.org", code_hash="a" * 64, code_sent_at=later(5), code_tries=2,
                  digested_until=later(60), name_public=True)
    return Preferences(member_id, **{**values, **changes})


async def members(db, branch_id: int, names: list[str]) -> list[Member]:
    async with db() as uow:
        added = [await uow.members.add(Member(name, branch_id, None, AT)) for name in names]
        await uow.commit()
    return added


async def save(db, *preferences: Preferences) -> None:
    async with db() as uow:
        for p in preferences:
            await uow.preferences.save(p)
        await uow.commit()


class TestPreferences:
    async def test_a_member_who_never_chose_has_the_defaults(self, uow_factory):
        s = await seed(uow_factory)
        async with uow_factory() as uow:
            assert await uow.preferences.get(s.anna.id) == Preferences(s.anna.id)
            assert await uow.preferences.many([s.anna.id, s.bjorn.id]) == {s.anna.id: Preferences(s.anna.id),
                                                                         s.bjorn.id: Preferences(s.bjorn.id)}
        assert Preferences(s.anna.id).digest is DigestFrequency.WEEKLY and Preferences(s.anna.id).digest_in_chat

    async def test_saved_choices_come_back_whole_and_saving_again_replaces_them(self, uow_factory):
        s = await seed(uow_factory)
        mine = chosen(s.anna.id)
        await save(uow_factory, mine)
        async with uow_factory() as uow:
            assert await uow.preferences.get(s.anna.id) == mine
            assert await uow.preferences.many([s.bjorn.id, s.anna.id]) == {s.anna.id: mine,
                                                                         s.bjorn.id: Preferences(s.bjorn.id)}
            assert await uow.preferences.many([]) == {}
        confirmed = replace(mine, digest=DigestFrequency.NEVER, email="anna.new@example.org", pending_email=None,
                            code_hash=None, code_sent_at=None, code_tries=0, digested_until=later(90))
        await save(uow_factory, confirmed)
        async with uow_factory() as uow:
            assert await uow.preferences.get(s.anna.id) == confirmed

    async def test_subscribers_come_by_id_a_page_at_a_time_and_never_chosen_counts_as_weekly(self, uow_factory):
        s = await seed(uow_factory)
        more = await members(uow_factory, s.branch.id, ["Cecilie", "Dag", "Eva"])
        cecilie, dag, eva = more
        async with uow_factory() as uow:
            elsewhere = await uow.branches.add(Branch("havby", "Havby"))
            await uow.members.add(Member("Outsider", elsewhere.id, None, AT))
            await uow.commit()
        await save(uow_factory, chosen(s.anna.id), Preferences(dag.id, DigestFrequency.NEVER),
                   Preferences(eva.id, DigestFrequency.WEEKLY, email="eva@example.org"))
        async with uow_factory() as uow:
            weekly = await uow.preferences.subscribers(s.branch.id, [DigestFrequency.WEEKLY])
            daily = await uow.preferences.subscribers(s.branch.id, [DigestFrequency.DAILY])
            both = [DigestFrequency.DAILY, DigestFrequency.WEEKLY]
            first = await uow.preferences.subscribers(s.branch.id, both, limit=2)
            rest = await uow.preferences.subscribers(s.branch.id, both, after_member_id=first[-1][0].id, limit=2)
            everyone = await uow.preferences.subscribers(s.branch.id, EVERY)
        assert [(m.id, p) for m, p in weekly] == [(s.bjorn.id, Preferences(s.bjorn.id)),
                                                  (cecilie.id, Preferences(cecilie.id)),
                                                  (eva.id, Preferences(eva.id, email="eva@example.org"))]
        assert [(m.id, p) for m, p in daily] == [(s.anna.id, chosen(s.anna.id))]
        assert [m.id for m, _ in first] == [s.anna.id, s.bjorn.id] and [m.id for m, _ in rest] == [cecilie.id, eva.id]
        assert first[0][0] == s.anna
        assert [m.id for m, _ in everyone] == [s.anna.id, s.bjorn.id, cecilie.id, dag.id, eva.id]


class TestEmailNotices:
    async def test_a_notice_via_email_goes_only_to_the_email_platform_at_its_address(self, uow_factory):
        s = await seed(uow_factory)
        in_chat = Notice(s.anna.id, s.branch.id, NoticeKind.DIGEST, {"n": 1}, AT)
        mailed = Notice(s.anna.id, s.branch.id, NoticeKind.DIGEST, {"n": 2}, later(1), via="email",
                        address="anna@example.org")
        code = Notice(s.bjorn.id, s.branch.id, NoticeKind.EMAIL_CODE, {"code": "123456"}, later(2), via="email",
                      address="bjorn@example.org")
        async with uow_factory() as uow:
            for notice in (in_chat, mailed, code):
                await uow.outbox.put(notice)
            await uow.commit()
        async with uow_factory() as uow:
            by_email = await uow.outbox.pending_on("email")
            on_telegram = await uow.outbox.pending_on("telegram")
            on_console = await uow.outbox.pending_on("console")
            for_anna = await uow.outbox.pending_for(s.anna.id)
            for_bjorn = await uow.outbox.pending_for(s.bjorn.id)
        assert [(d.notice, d.chat_id, d.language) for d in by_email] == [(mailed, "anna@example.org", "en"),
                                                                          (code, "bjorn@example.org", "nb")]
        assert [(d.notice.id, d.chat_id) for d in on_telegram] == [(in_chat.id, "1001")]
        assert on_console == [] and for_bjorn == [] and list(for_anna) == [in_chat]

    async def test_chat_platforms_never_claim_an_email_notice_and_the_email_platform_claims_only_those(
            self, uow_factory):
        s = await seed(uow_factory)
        notices = [Notice(s.bjorn.id, s.branch.id, NoticeKind.NEWSLETTER, {"n": 1}, AT),
                   Notice(s.bjorn.id, s.branch.id, NoticeKind.NEWSLETTER, {"n": 1}, AT, via="email",
                          address="bjorn@example.org"),
                   Notice(s.anna.id, s.branch.id, NoticeKind.EVENT_REMINDER, {"n": 2}, AT, via="email",
                          address="anna@example.org")]
        async with uow_factory() as uow:
            for notice in notices:
                await uow.outbox.put(notice)
            await uow.commit()
        async with uow_factory() as uow:
            assert await uow.outbox.claim("telegram", 10, later(5)) == []
            console = await uow.outbox.claim("console", 10, later(5))
            await uow.commit()
        assert [d.notice.id for d in console] == [notices[0].id]
        async with uow_factory() as uow:
            emails = await uow.outbox.claim("email", 10, later(5))
            await uow.commit()
        assert [(d.notice.id, d.chat_id, d.language) for d in emails] == [
            (notices[1].id, "bjorn@example.org", "nb"), (notices[2].id, "anna@example.org", "en")]
        assert {d.notice.status for d in emails} == {NoticeStatus.SENDING}
        assert {d.notice.channel for d in emails} == {"email"} and {d.notice.attempts for d in emails} == {1}
        async with uow_factory() as uow:
            assert [d.notice.id for d in await uow.outbox.in_flight("email")] == [notices[1].id, notices[2].id]
            assert [d.notice.id for d in await uow.outbox.in_flight("console")] == [notices[0].id]
            assert await uow.outbox.in_flight("telegram") == []
            assert await uow.outbox.claim("email", 10, later(6)) == []
            await uow.outbox.retry_at(notices[2].id, later(30), "421 try again later")
            await uow.commit()
        async with uow_factory() as uow:
            assert await uow.outbox.claim("email", 10, later(10)) == []
            again = await uow.outbox.claim("email", 10, later(30))
        assert [(d.notice.id, d.chat_id, d.notice.attempts) for d in again] == [(notices[2].id, "anna@example.org", 2)]


async def mail_readers(db, s) -> dict[str, Member]:
    """Anna and Cecilie want newsletters by email; Bjørn only reminders; Dag chose it with no address yet."""
    cecilie, dag = await members(db, s.branch.id, ["Cecilie", "Dag"])
    await save(db, Preferences(s.anna.id, email="anna@example.org", newsletters_by_email=True),
               Preferences(s.bjorn.id, email="bjorn@example.org", reminders_by_email=True, digest_by_email=True,
                           digest=DigestFrequency.NEVER),
               Preferences(cecilie.id, email="cecilie@example.org", newsletters_by_email=True,
                           digest_by_email=True),
               Preferences(dag.id, pending_email="dag@example.org", newsletters_by_email=True))
    return {"anna": s.anna, "bjorn": s.bjorn, "cecilie": cecilie, "dag": dag}


class TestEmailBroadcasts:
    async def test_a_broadcast_by_email_adds_a_copy_for_each_recipient_who_wants_that_topic(self, uow_factory):
        s = await seed(uow_factory)
        people = await mail_readers(uow_factory, s)
        letter = Broadcast(s.branch.id, NoticeKind.NEWSLETTER, {"text": "Hei"}, Recipients("all"), later(1))
        async with uow_factory() as uow:
            added = await uow.broadcasts.add(letter, by_email=MailTopic.NEWSLETTERS)
            await uow.commit()
        assert added.total == 4 + 2
        async with uow_factory() as uow:
            emails = await uow.outbox.pending_on("email")
            progress = await uow.broadcasts.progress(added.id)
            for_anna = await uow.outbox.pending_for(s.anna.id)
            [stored] = await uow.broadcasts.recent()
        assert [(d.notice.member_id, d.chat_id) for d in emails] == [(s.anna.id, "anna@example.org"),
                                                                     (people["cecilie"].id, "cecilie@example.org")]
        assert {(d.notice.kind, d.notice.broadcast_id, d.notice.via) for d in emails} == {
            (NoticeKind.NEWSLETTER, added.id, "email")}
        assert all(d.notice.params == {"text": "Hei"} and d.notice.created_at == later(1) for d in emails)
        assert (progress.total, progress.waiting) == (6, 6) and stored.total == 6
        assert [(n.broadcast_id, n.via) for n in for_anna] == [(added.id, None)]

    async def test_each_topic_asks_its_own_choice_and_only_the_broadcasts_audience_is_mailed(self, uow_factory):
        s = await seed(uow_factory)
        people = await mail_readers(uow_factory, s)
        async with uow_factory() as uow:
            await uow.members.grant(s.branch.id, s.anna.id, Role.PADRIVER)
            await uow.members.grant(s.branch.id, s.bjorn.id, Role.PADRIVER)
            plain = await uow.broadcasts.add(
                Broadcast(s.branch.id, NoticeKind.NEWSLETTER, {}, Recipients("all"), AT))
            reminder = await uow.broadcasts.add(
                Broadcast(s.branch.id, NoticeKind.EVENT_REMINDER, {}, Recipients("all"), AT), MailTopic.REMINDERS)
            digest = await uow.broadcasts.add(
                Broadcast(s.branch.id, NoticeKind.DIGEST, {}, Recipients("all"), AT), MailTopic.DIGEST)
            circle = await uow.broadcasts.add(
                Broadcast(s.branch.id, NoticeKind.NEWSLETTER, {}, Recipients("role", "padriver"), AT),
                MailTopic.NEWSLETTERS)
            await uow.commit()
        async with uow_factory() as uow:
            emails = await uow.outbox.pending_on("email")
        mailed = {b.id: [d.chat_id for d in emails if d.notice.broadcast_id == b.id]
                  for b in (plain, reminder, digest, circle)}
        assert mailed == {plain.id: [], reminder.id: ["bjorn@example.org"], digest.id: ["cecilie@example.org"],
                          circle.id: ["anna@example.org"]}
        assert (plain.total, reminder.total, digest.total, circle.total) == (4, 5, 5, 3)
        assert people["dag"].id not in {d.notice.member_id for d in emails}


class TestStoredTimes:
    async def test_preference_times_come_back_aware_and_in_utc(self, uow_factory):
        s = await seed(uow_factory)
        await save(uow_factory, chosen(s.anna.id))
        async with uow_factory() as uow:
            again = await uow.preferences.get(s.anna.id)
        assert again.code_sent_at == later(5) and is_utc(again.code_sent_at) and is_utc(again.digested_until)

    @ON_SQL
    async def test_a_member_leaving_takes_their_preferences_along(self, uow_factory):
        s = await seed(uow_factory)
        async with uow_factory() as uow:
            gone = await uow.members.add(Member("Gone", s.branch.id, None, AT), Identity("console", "gone"))
            await uow.commit()
        await save(uow_factory, chosen(gone.id))
        async with uow_factory() as uow:
            await uow.session.execute(sa.text("DELETE FROM members WHERE id = :id"), {"id": gone.id})
            await uow.commit()
        async with uow_factory() as uow:
            assert await uow.preferences.get(gone.id) == Preferences(gone.id)


class TestEmailClaims:
    @ON_POSTGRES
    async def test_two_email_senders_claiming_at_once_take_different_notices(self, uow_factory):
        s = await seed(uow_factory)
        async with uow_factory() as uow:
            for n in range(12):
                await uow.outbox.put(Notice(s.anna.id, s.branch.id, NoticeKind.DIGEST, {"n": n}, AT, via="email",
                                            address=f"anna{n}@example.org"))
            await uow.commit()
        async with uow_factory() as first, uow_factory() as second:
            mine = await first.outbox.claim("email", 5, later(1))
            theirs = await second.outbox.claim("email", 5, later(1))
            await first.commit()
            await second.commit()
        taken = [d.notice.id for d in mine] + [d.notice.id for d in theirs]
        assert len(mine) == len(theirs) == 5 and len(set(taken)) == 10
        assert [d.chat_id for d in mine] == [f"anna{n}@example.org" for n in range(5)]
