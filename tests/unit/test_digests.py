"""The digest: what happened since a member's last one, never an item twice, in chat or by email; the circle's
own items for the circle only."""

from __future__ import annotations

from datetime import timedelta

from core.model.digests import DigestItem
from core.model.dreams import Dream, DreamState, Need
from core.model.members import Member
from core.model.notices import NoticeKind
from core.model.preferences import DigestFrequency, Preferences
from core.usecases import digests


async def approved(db, village, title: str, minutes: float) -> Dream:
    at = village.clock.now() + timedelta(minutes=minutes)
    async with db() as uow:
        dream = await uow.dreams.add(Dream(village.branch.id, village.people["frida"].id, title, "Story " * 100,
                                           frozenset({Need.TIME}), "", DreamState.APPROVED, at, decided_at=at))
        await uow.commit()
    return dream


class TestDigests:
    async def test_an_item_is_in_one_digest_only_and_an_empty_digest_is_not_written(self, db, village):
        clock, anna = village.clock, village.people["anna"]
        async with db() as uow:
            await uow.preferences.save(Preferences(anna.id, digest=DigestFrequency.DAILY,
                                                   digested_until=clock.now()))
            await uow.commit()
        await approved(db, village, "Bench", 60)
        clock.advance(days=1)
        assert await digests.send_digests(db, clock, village.branch.id) >= 1
        clock.advance(days=1)
        await digests.send_digests(db, clock, village.branch.id)  # nothing new: nothing sent
        async with db() as uow:
            mine = [n for n in await uow.outbox.pending_for(anna.id, 50) if n.kind is NoticeKind.DIGEST]
        assert len(mine) == 1 and [i["title"] for i in mine[0].params["dreams"]] == ["Bench"]
        assert len(mine[0].params["dreams"][0]["detail"]) <= digests.DETAIL_MAX

    async def test_running_twice_in_a_row_writes_one_digest(self, db, village):
        clock, anna = village.clock, village.people["anna"]
        async with db() as uow:
            await uow.preferences.save(Preferences(anna.id, digest=DigestFrequency.DAILY))
            await uow.commit()
        await approved(db, village, "Bench", -60)
        await digests.send_digests(db, clock, village.branch.id)
        clock.advance(minutes=5)
        await approved(db, village, "Swing", -1)
        await digests.send_digests(db, clock, village.branch.id)
        async with db() as uow:
            mine = [n for n in await uow.outbox.pending_for(anna.id, 50) if n.kind is NoticeKind.DIGEST]
        assert len(mine) == 1

    async def test_a_digest_by_email_goes_to_the_address_as_well(self, db, village):
        clock, anna = village.clock, village.people["anna"]
        async with db() as uow:
            await uow.preferences.save(Preferences(anna.id, digest=DigestFrequency.DAILY, digest_in_chat=False,
                                                   digest_by_email=True, email="anna@example.org"))
            await uow.commit()
        await approved(db, village, "Bench", -60)
        await digests.send_digests(db, clock, village.branch.id)
        async with db() as uow:
            mailed = [d for d in await uow.outbox.pending_on("email", 50) if d.notice.kind is NoticeKind.DIGEST]
            in_chat = [n for n in await uow.outbox.pending_for(anna.id, 50) if n.kind is NoticeKind.DIGEST]
        assert [d.chat_id for d in mailed] == ["anna@example.org"] and in_chat == []

    def test_the_circle_sees_its_own_events_and_calls_and_others_do_not(self, village):
        now = village.clock.now()
        found = digests.Candidates([
            digests.Candidate("events", now, DigestItem("event:1", "Breakfast"), padrivere_only=True),
            digests.Candidate("events", now, DigestItem("event:2", "Open meeting")),
            digests.Candidate("calls", now, DigestItem("call:1", "Hands for Saturday"), padrivere_only=True)])
        since = now - timedelta(days=1)
        outside = digests.build(village.branch, DigestFrequency.WEEKLY, since, now, found, padriver=False)
        inside = digests.build(village.branch, DigestFrequency.WEEKLY, since, now, found, padriver=True)
        assert [i.title for i in outside.events] == ["Open meeting"] and outside.calls == []
        assert len(inside.events) == 2 and [i.title for i in inside.calls] == ["Hands for Saturday"]
        assert digests.build(village.branch, DigestFrequency.WEEKLY, now, now, found, padriver=True).empty

    def test_a_page_builds_each_distinct_digest_once_and_moves_every_due_window_even_empty_ones(self, village):
        now, branch = village.clock.now(), village.branch
        earlier = now - timedelta(hours=20)
        found = digests.Candidates([
            digests.Candidate("dreams", earlier, DigestItem("dream:1", "Bench")),
            digests.Candidate("calls", earlier, DigestItem("call:1", "Hands"), padrivere_only=True)])
        yesterday = now - timedelta(days=1)
        page = [(Member(f"M{i}", branch.id, id=i), chosen) for i, chosen in enumerate([
            Preferences(0, DigestFrequency.DAILY, digested_until=yesterday),
            Preferences(1, DigestFrequency.DAILY, digested_until=yesterday, digest_by_email=True,
                        email="b@example.org"),
            Preferences(2, DigestFrequency.DAILY, digested_until=yesterday),  # in the circle
            Preferences(3, DigestFrequency.DAILY, digested_until=now - timedelta(hours=13)),  # due, nothing new
            Preferences(4, DigestFrequency.DAILY, digested_until=now - timedelta(hours=1)),  # not due yet
            Preferences(5, DigestFrequency.WEEKLY)])]

        planned = digests.plan_page(branch, page, found, circle={2}, now=now)

        chat = {n.member_id: n for n in planned.notices if n.via is None}
        assert set(chat) == {0, 1, 2, 5} and [n.address for n in planned.notices if n.via] == ["b@example.org"]
        assert chat[0].params is chat[1].params, "members with the same digest share it"
        assert chat[2].params["calls"] and not chat[0].params["calls"]
        assert planned.moved == {DigestFrequency.DAILY: [0, 1, 2, 3], DigestFrequency.WEEKLY: [5]}
