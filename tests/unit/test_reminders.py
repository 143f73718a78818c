"""The schedule's reminders: before an event, to a quiet project's team, and to board members who have not voted."""

from __future__ import annotations

from datetime import timedelta

from core.model.dreams import Dream, DreamState, Need
from core.model.events import Answer, Event, EventAudience, EventKind, Rsvp
from core.model.branches import ChatLink, ChatPurpose
from core.model.notices import Audience, NoticeKind
from core.model.projects import Project, ProjectUpdate
from core.model.reviews import Review, ReviewKind
from core.usecases import reminders
from core.usecases.reminders import ReminderRules


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

    async def test_the_events_chat_is_reminded_once_on_each_linked_platform_even_with_none_going(self, db, village):
        clock = village.clock
        async with db() as uow:
            await uow.branches.link(ChatLink(village.branch.id, ChatPurpose.CIRCLE, "discord", "900", role_id="901"))
            await uow.branches.link(ChatLink(village.branch.id, ChatPurpose.CIRCLE, "test", "-300"))
            await uow.branches.link(ChatLink(village.branch.id, ChatPurpose.BANK, "discord", "800"))
            event = await uow.events.add(Event(village.branch.id, EventKind.BREAKFAST, "Breakfast", "", clock.now()
                                               + timedelta(hours=5), clock.now() + timedelta(hours=6), "Café",
                                               EventAudience.PADRIVERE, None, clock.now(), village.people["gustav"].id,
                                               clock.now() - timedelta(days=3)))
            assert await reminders.remind_event(uow, clock, event.id, 120) == 0
            assert await reminders.remind_event(uow, clock, event.id, 120) == 0
            await uow.commit()
        async with db() as uow:
            chats = [(platform, d.chat_id, d.notice.audience, d.notice.topic)
                     for platform in ("discord", "test") for d in await uow.outbox.pending_on(platform, 100)
                     if d.notice.kind is NoticeKind.EVENT_REMINDER]
        topic = f"reminder:{event.id}:120:{event.starts_at.isoformat()}"
        assert sorted(chats) == [("discord", "900", Audience.CIRCLE_CHAT, topic),
                                 ("test", "-300", Audience.CIRCLE_CHAT, topic)]

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
        async with db() as uow:
            dream = await uow.dreams.add(Dream(village.branch.id, village.people["frida"].id, "Bench", "Story",
                                               frozenset({Need.TIME}), "", DreamState.APPROVED, clock.now(),
                                               decided_at=clock.now()))
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
