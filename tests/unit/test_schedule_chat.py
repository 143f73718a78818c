"""Choosing what the bank sends in chat: an email address confirmed by a code, the digest, what comes by mail;
and the schedule's work in core: digests without repeats, reminders, nudges and the board's reminders."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from core.chat.buttons import Action, ButtonCodec
from core.chat.conversation import Conversation, Incoming
from core.model.events import Answer, Event, EventAudience, EventKind, Rsvp
from core.model.digests import DigestItem
from core.model.dreams import Dream, DreamState, Need
from core.model.notices import NoticeKind
from core.model.preferences import DigestFrequency, MailTopic, Preferences
from core.model.projects import Project, ProjectUpdate
from core.model.reviews import Review, ReviewKind
from core.usecases import digests, reminders
from core.usecases.reminders import ReminderRules
from tests.chat_person import Person

codec = ButtonCodec(b"schedule-chat-test-secret")


@pytest.fixture
def conversation(db, village) -> Conversation:
    return Conversation(db, village.clock, codec)


async def mailed_codes(db, member_id: int) -> list:
    async with db() as uow:
        return [n for n in await uow.outbox.pending_on("email", 100)
                if n.notice.member_id == member_id and n.notice.kind is NoticeKind.EMAIL_CODE]


async def preferences_of(db, member_id: int) -> Preferences:
    async with db() as uow:
        return await uow.preferences.get(member_id)


class TestEmailAddress:
    async def test_a_code_is_mailed_to_the_address_and_typing_it_back_confirms_it(self, db, village, conversation):
        anna = Person(conversation, "anna")
        said = await anna.say("/email Anna@Example.ORG")
        assert "Anna@example.org" in said and "/email 123456" in said
        [mail] = await mailed_codes(db, village.people["anna"].id)
        assert mail.chat_id == "Anna@example.org" and mail.notice.via == "email"
        code = mail.notice.params["code"]
        assert re.fullmatch(r"\d{6}", code)
        async with db() as uow:  # a chat never shows the code mail
            assert all(n.kind is not NoticeKind.EMAIL_CODE
                       for n in await uow.outbox.pending_for(village.people["anna"].id))
        chosen = await preferences_of(db, village.people["anna"].id)
        assert chosen.email is None and chosen.pending_email == "Anna@example.org"
        assert code not in (chosen.code_hash or ""), "only a hash of the code is kept"
        said = await anna.say(f"/email {code}")
        assert "is confirmed" in said
        chosen = await preferences_of(db, village.people["anna"].id)
        assert chosen.email == "Anna@example.org" and chosen.pending_email is None
        assert chosen.newsletters_by_email and chosen.reminders_by_email and not chosen.digest_by_email

    async def test_wrong_codes_are_counted_and_a_used_up_code_confirms_nothing(self, db, village, conversation):
        anna = Person(conversation, "anna")
        await anna.say("/email anna@example.org")
        [mail] = await mailed_codes(db, village.people["anna"].id)
        wrong = "000000" if mail.notice.params["code"] != "000000" else "111111"
        for _ in range(4):
            assert "not right" in await anna.say(f"/email {wrong}")
        assert "used up" in await anna.say(f"/email {wrong}")
        assert "no longer valid" in await anna.say(f"/email {mail.notice.params['code']}")
        assert (await preferences_of(db, village.people["anna"].id)).email is None

    async def test_an_old_code_is_refused_and_a_new_one_can_be_asked_for(self, db, village, conversation):
        anna = Person(conversation, "anna")
        await anna.say("/email anna@example.org")
        assert "Give it a minute" in await anna.say("/email anna@example.org")
        village.clock.advance(minutes=31)
        [old] = await mailed_codes(db, village.people["anna"].id)
        assert "no longer valid" in await anna.say(f"/email {old.notice.params['code']}")
        await anna.say("/email anna@example.org")
        codes = await mailed_codes(db, village.people["anna"].id)
        assert len(codes) == 2
        assert "is confirmed" in await anna.say(f"/email {codes[-1].notice.params['code']}")

    @pytest.mark.parametrize("address", ["not an address", "a@b", "<script>@x.org", "x" * 250 + "@example.org",
                                         "anna@exa mple.org"])
    async def test_what_is_not_an_address_is_refused_kindly_and_nothing_is_mailed(self, db, village, conversation,
                                                                                   address):
        anna = Person(conversation, "anna")
        said = await anna.say(f"/email {address}")
        assert "does not look like an email address" in said
        assert await mailed_codes(db, village.people["anna"].id) == []
        assert anna.last.refused

    async def test_a_code_without_a_request_and_forgetting_an_address(self, db, village, conversation):
        anna = Person(conversation, "anna")
        assert "no code waiting" in await anna.say("/email 123456")
        assert "no email address of yours" in await anna.say("/email off")
        async with db() as uow:
            await uow.preferences.save(Preferences(village.people["anna"].id, email="anna@example.org",
                                                   newsletters_by_email=True, digest_by_email=True))
            await uow.commit()
        assert "anna@example.org" in await anna.say("/email")
        assert "forgotten" in await anna.say("/email off")
        chosen = await preferences_of(db, village.people["anna"].id)
        assert chosen.email is None and not chosen.newsletters_by_email and not chosen.digest_by_email


    async def test_without_mail_set_up_no_address_is_asked_for(self, db, village):
        anna = Person(Conversation(db, village.clock, codec, mail=False), "anna")
        assert "does not send email" in await anna.say("/email anna@example.org")
        assert anna.last.refused and await mailed_codes(db, village.people["anna"].id) == []
        assert "/email" not in await anna.say("/settings")


class TestSettings:
    async def test_the_digest_frequency_and_switches_change_in_place(self, db, village, conversation):
        anna = Person(conversation, "anna")
        said = await anna.say("/settings")
        assert "Digest of what happened: weekly" in said
        assert "Digest by email" not in anna.buttons, "email choices wait for an address"
        await anna.press("daily")
        assert anna.last.messages[0].replaces
        assert (await preferences_of(db, village.people["anna"].id)).digest is DigestFrequency.DAILY
        await anna.press("✓ Digest here in chat")
        assert not (await preferences_of(db, village.people["anna"].id)).digest_in_chat
        assert "✗ Digest here in chat" in anna.buttons

    async def test_email_switches_need_a_confirmed_address(self, db, village, conversation):
        anna = Person(conversation, "anna")
        forged = codec.encode(Action.SWITCH, 1)  # "digest by email", pressed without an address
        reply = await conversation.handle(Incoming(anna.identity, "x", token=forged))
        assert reply.refused
        assert not (await preferences_of(db, village.people["anna"].id)).digest_by_email
        async with db() as uow:
            await uow.preferences.save(Preferences(village.people["anna"].id, email="anna@example.org"))
            await uow.commit()
        await anna.say("/settings")
        await anna.press("✗ Digest by email")
        assert (await preferences_of(db, village.people["anna"].id)).wants_email(MailTopic.DIGEST)

    async def test_a_switch_out_of_range_changes_nothing(self, db, village, conversation):
        anna = Person(conversation, "anna")
        reply = await conversation.handle(Incoming(anna.identity, "x", token=codec.encode(Action.SWITCH, 9)))
        assert reply.messages and (await preferences_of(db, village.people["anna"].id)) == \
            Preferences(village.people["anna"].id)


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


class TestReminders:
    async def test_a_late_reminder_gives_way_to_a_closer_one_and_none_comes_twice(self, db, village):
        clock = village.clock
        async with db() as uow:
            event = await uow.events.add(Event(village.branch.id, EventKind.BREAKFAST, "Breakfast", "", clock.now()
                                               + timedelta(hours=1), clock.now() + timedelta(hours=2), "Café",
                                               EventAudience.EVERYONE, None, clock.now(), village.people["gustav"].id,
                                               clock.now() - timedelta(days=3)))
            await uow.events.put_rsvp(Rsvp(event.id, village.people["anna"].id, Answer.GOING, clock.now(), 1))
            assert await reminders.remind_event(uow, clock, event.id, 1440) == 0, "the 2-hour one is due too"
            assert await reminders.remind_event(uow, clock, event.id, 120) == 1
            assert await reminders.remind_event(uow, clock, event.id, 120) == 0
            await uow.commit()

    async def test_a_quiet_project_nudges_its_team_once_per_quiet_stretch(self, db, village):
        clock, rules = village.clock, ReminderRules(quiet_after=timedelta(days=14))
        async with db() as uow:
            project = await uow.projects.add(Project(1, village.branch.id, "Bench", village.people["frida"].id,
                                                     clock.now()))
            await uow.projects.add_update(ProjectUpdate(project.id, village.people["frida"].id, "Wood bought",
                                                        clock.now()))
            await uow.commit()
        for days, expected in ((13, 0), (1, 1), (1, 0), (14, 1)):
            clock.advance(days=days)
            async with db() as uow:
                assert await reminders.nudge_teams(uow, clock, village.branch.id, rules) == expected
                await uow.commit()

    async def test_board_members_who_have_not_voted_are_reminded(self, db, village):
        clock, rules = village.clock, ReminderRules(vote_after=timedelta(hours=48))
        dream = await approved(db, village, "Bench", 0)
        async with db() as uow:
            review = await uow.reviews.add(Review(dream.id, village.branch.id, ReviewKind.DEPOSIT, 1, clock.now()))
            await uow.commit()
        clock.advance(hours=47)
        async with db() as uow:
            assert await reminders.remind_board(uow, clock, village.branch.id, rules) == 0
        clock.advance(hours=1)
        async with db() as uow:
            assert await reminders.remind_board(uow, clock, village.branch.id, rules) == 3
            assert await reminders.remind_board(uow, clock, village.branch.id, rules) == 0
            await uow.commit()
        async with db() as uow:
            [notice] = [n for n in await uow.outbox.pending_for(village.people["bjorn"].id)
                        if n.kind is NoticeKind.BOARD_REMINDER]
        assert notice.params["review_id"] == review.id and notice.params["hours"] == 48
