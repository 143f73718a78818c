"""What the circle's cards and lists offer each viewer, and that a refused action gives the use case's own reason."""

from __future__ import annotations

from datetime import timedelta

import pytest

from core.errors import NotFound, Refused
from core.model.events import Answer, EventAudience, EventKind
from core.model.members import Identity, Member, Role
from core.model.notices import Recipients
from core.model.preferences import DigestFrequency, Preferences
from core.usecases import calls, events, newsletters, padrivere, preferences
from core.views import calls as call_views
from core.views import events as event_views
from core.views import newsletters as newsletter_views
from core.views import padrivere as circle_views
from core.views.actions import Action
from core.views.model import PAGE_SIZE
from core.views.preferences import settings_card
from tests.factories import make_village


@pytest.fixture
async def circle(db):
    """The village with Hanne as community manager, Karl as consultant and Frida as an approved pådriver."""
    village = await make_village(db)
    async with db() as uow:
        for name, role in (("hanne", Role.COMMUNITY_MANAGER), ("karl", Role.CONSULTANT)):
            member = await uow.members.add(Member(name.capitalize(), village.branch.id, None, village.clock.now()),
                                           Identity("test", name))
            await uow.members.grant(village.branch.id, member.id, role)
            village.people[name] = member
        await uow.commit()
    async with db() as uow:
        application = await padrivere.apply(uow, village.clock, village.frida, village.branch, ["gardening"], "",
                                            "evenings", True)
        await padrivere.decide(uow, village.clock, village.hanne, application.id, True)
        await uow.commit()
    return village


async def refusal(db, work) -> object:
    """The reason the use case gives when `work(uow)` is refused."""
    async with db() as uow:
        with pytest.raises(Refused) as caught:
            await work(uow)
    return caught.value.reason


def offered(card) -> set[Action]:
    return {a.action for row in card.actions for a in row if a.allowed}


# -- events ----------------------------------------------------------------------------------------


async def an_event(v, audience=EventAudience.EVERYONE, days: int = 7, capacity: int | None = None,
                   title: str = "Breakfast", deadline_days: int | None = None) -> int:
    def local(d: int) -> str:
        return events.local(v.clock.now() + timedelta(days=d), v.branch.timezone).strftime("%Y-%m-%dT%H:%M")

    starts = v.clock.now() + timedelta(days=days)
    ends = events.local(starts + timedelta(hours=2), v.branch.timezone).strftime("%Y-%m-%dT%H:%M")
    draft = events.EventDraft(EventKind.BREAKFAST, title, "Rolls.", local(days), ends, "Café", audience, capacity,
                              local(deadline_days) if deadline_days is not None else None)
    async with v.db() as uow:
        event, _broadcast = await events.create_event(uow, v.clock, v.hanne, v.branch, draft)
        await uow.commit()
    return event.id


async def event_card(v, viewer, event_id: int):
    async with v.db() as uow:
        return event_views.event_card(await events.event_facts(uow, v.clock, viewer, event_id))


class TestEventCard:
    @pytest.mark.parametrize("name", ["anna", "frida", "karl"])
    async def test_a_resident_a_padriver_and_a_consultant_may_answer_and_take_the_calendar(self, circle, name):
        card = await event_card(circle, getattr(circle, name), await an_event(circle))

        assert offered(card) == {Action.RSVP, Action.CALENDAR}
        assert card.act(Action.ATTENDEES) is None and card.act(Action.EDIT_EVENT) is None

    async def test_the_community_manager_may_also_read_who_answered_change_and_cancel(self, circle):
        card = await event_card(circle, circle.hanne, await an_event(circle))

        assert offered(card) == {Action.RSVP, Action.CALENDAR, Action.ATTENDEES, Action.EDIT_EVENT,
                                 Action.CANCEL_EVENT}

    async def test_a_visitor_sees_a_public_event_and_is_asked_to_sign_in_to_answer(self, circle):
        card = await event_card(circle, None, await an_event(circle))

        assert offered(card) == {Action.CALENDAR}
        assert {a.refused for a in card.actions[0]} == {events.SIGN_IN_TO_ANSWER}
        assert card.title.params["title"] == "Breakfast"

    async def test_an_event_for_padrivere_is_hidden_from_a_visitor_and_a_resident(self, circle):
        event_id = await an_event(circle, EventAudience.PADRIVERE)

        for viewer in (None, circle.anna):
            with pytest.raises(NotFound):
                await event_card(circle, viewer, event_id)
        assert Action.RSVP in offered(await event_card(circle, circle.frida, event_id))

    async def test_after_registration_closes_only_cant_come_is_left_with_the_answers_own_reason(self, circle):
        event_id = await an_event(circle, days=7, deadline_days=2)
        circle.clock.advance(days=3)

        card = await event_card(circle, circle.anna, event_id)
        going = next(a for a in card.actions[0] if a.args == (str(event_id), "g"))
        reason = await refusal(circle.db, lambda uow: events.respond(uow, circle.clock, circle.anna, event_id,
                                                                     Answer.GOING))

        assert going.refused == reason and "closed on" in reason.msgid
        assert [a.args[1] for a in card.actions[0] if a.allowed] == ["n"]

    async def test_a_cancelled_event_refuses_answers_changes_and_a_second_cancel_with_the_use_cases_reasons(
            self, circle):
        event_id = await an_event(circle)
        async with circle.db() as uow:
            await events.cancel_event(uow, circle.clock, circle.hanne, event_id, "")
            await uow.commit()

        card = await event_card(circle, circle.hanne, event_id)

        assert offered(card) == {Action.CALENDAR, Action.ATTENDEES}
        answer = await refusal(circle.db, lambda uow: events.respond(uow, circle.clock, circle.anna, event_id,
                                                                     Answer.NO))
        assert {a.refused for a in card.actions[0]} == {answer}
        assert card.act(Action.EDIT_EVENT).refused == await refusal(
            circle.db, lambda uow: events.ensure_can_edit_event(uow, circle.hanne, event_id))
        assert card.act(Action.CANCEL_EVENT).refused == await refusal(
            circle.db, lambda uow: events.cancel_event(uow, circle.clock, circle.hanne, event_id, ""))

    async def test_the_viewers_own_answer_is_ticked_and_said(self, circle):
        event_id = await an_event(circle)
        async with circle.db() as uow:
            await events.respond(uow, circle.clock, circle.anna, event_id, Answer.MAYBE)
            await uow.commit()

        card = await event_card(circle, circle.anna, event_id)

        assert [a.pressed for a in card.actions[0]] == [False, True, False]
        assert card.body[-1].msgid == "Your answer: maybe."


class TestEventsListing:
    async def test_events_come_a_page_at_a_time_with_a_way_to_turn(self, circle):
        for n in range(PAGE_SIZE + 3):
            await an_event(circle, days=2 + n, title=f"Event {n}")

        async with circle.db() as uow:
            found = await events.upcoming(uow, circle.clock, circle.anna)
        first = event_views.events_listing(found, circle.branch.timezone)
        last = event_views.events_listing(found, circle.branch.timezone, page=2)

        assert (len(first.entries), first.pages, first.total) == (PAGE_SIZE, 2, PAGE_SIZE + 3)
        assert first.previous is None and first.next.action is Action.EVENTS and first.next.args == ("2",)
        assert len(last.entries) == 3 and last.previous.args == ("1",) and last.next is None

    async def test_a_visitor_lists_only_what_is_open_to_everyone(self, circle):
        await an_event(circle, EventAudience.PADRIVERE, title="Circle breakfast")
        await an_event(circle, title="Open breakfast")

        async with circle.db() as uow:
            seen = await events.upcoming(uow, circle.clock, None, circle.branch.id)

        assert [e.title for e in seen] == ["Open breakfast"]


# -- calls -----------------------------------------------------------------------------------------


async def a_call(v, needed: int = 2) -> int:
    async with v.db() as uow:
        call, _broadcast = await calls.post_call(uow, v.clock, v.hanne, v.branch,
                                                 calls.CallDraft("Carry chairs", "", "Friday", needed, []))
        await uow.commit()
    return call.id


async def call_card(v, viewer, call_id: int):
    async with v.db() as uow:
        return call_views.call_card(await calls.call_facts(uow, viewer, call_id))


class TestCallCard:
    async def test_a_padriver_may_join_and_the_manager_may_close(self, circle):
        call_id = await a_call(circle)

        assert offered(await call_card(circle, circle.frida, call_id)) == {Action.JOIN_CALL}
        assert Action.CLOSE_CALL in offered(await call_card(circle, circle.hanne, call_id))

    @pytest.mark.parametrize("name", ["anna", "karl"])
    async def test_a_resident_or_consultant_is_refused_joining_with_the_use_cases_reason(self, circle, name):
        call_id = await a_call(circle)
        viewer = getattr(circle, name)

        card = await call_card(circle, viewer, call_id)

        assert offered(card) == set()
        assert card.act(Action.JOIN_CALL).refused == await refusal(
            circle.db, lambda uow: calls.join_call(uow, circle.clock, viewer, call_id))
        assert card.act(Action.CLOSE_CALL) is None

    async def test_one_who_is_in_may_leave_and_a_full_call_refuses_others_as_joining_would(self, circle):
        call_id = await a_call(circle, needed=1)
        async with circle.db() as uow:
            await calls.join_call(uow, circle.clock, circle.frida, call_id)
            await uow.members.grant(circle.branch.id, circle.anna.id, Role.PADRIVER)
            await uow.commit()

        mine = await call_card(circle, circle.frida, call_id)
        other = await call_card(circle, circle.anna, call_id)

        assert offered(mine) == {Action.LEAVE_CALL}
        assert other.act(Action.JOIN_CALL).refused == await refusal(
            circle.db, lambda uow: calls.join_call(uow, circle.clock, circle.anna, call_id))

    async def test_a_closed_call_cannot_be_closed_again(self, circle):
        call_id = await a_call(circle)
        async with circle.db() as uow:
            await calls.close_call(uow, circle.clock, circle.hanne, call_id)
            await uow.commit()

        card = await call_card(circle, circle.hanne, call_id)

        assert card.act(Action.CLOSE_CALL).refused == await refusal(
            circle.db, lambda uow: calls.close_call(uow, circle.clock, circle.hanne, call_id))

    async def test_open_calls_are_listed_a_page_at_a_time(self, circle):
        for _n in range(PAGE_SIZE + 1):
            await a_call(circle)

        async with circle.db() as uow:
            listing = call_views.calls_listing(await calls.open_calls(uow, circle.frida), page=2)

        assert (len(listing.entries), listing.page, listing.pages) == (1, 2, 2)
        assert listing.entries[0].open.action is Action.OPEN_CALL and listing.previous.args == ("1",)


# -- applications and the pådriver page ------------------------------------------------------------


class TestApplications:
    async def test_a_waiting_application_may_be_approved_or_declined_by_the_manager_only(self, circle):
        async with circle.db() as uow:
            application = await padrivere.apply(uow, circle.clock, circle.anna, circle.branch, ["cooking"], "",
                                                "weekends", False)
            await uow.commit()
        async with circle.db() as uow:
            facts = await padrivere.application_facts(uow, circle.hanne, application.id)
            waiting = await padrivere.pending_applications(uow, circle.hanne, circle.branch.id)

        card = circle_views.application_card(facts)

        assert [a.label.msgid for a in card.allowed()] == ["Approve", "Decline"]
        assert [f.applicant.display_name for f in waiting] == ["Anna"]
        for name in ("anna", "karl", "frida"):
            with pytest.raises(Refused):
                async with circle.db() as uow:
                    await padrivere.application_facts(uow, getattr(circle, name), application.id)

    async def test_a_decided_application_refuses_a_second_decision_with_the_use_cases_reason(self, circle):
        async with circle.db() as uow:
            application = await uow.padrivere.get(circle.branch.id, circle.frida.id)
            facts = await padrivere.application_facts(uow, circle.hanne, application.id)

        card = circle_views.application_card(facts)
        reason = await refusal(circle.db, lambda uow: padrivere.decide(uow, circle.clock, circle.hanne,
                                                                      application.id, False))

        assert card.allowed() == [] and {a.refused for a in card.actions[0]} == {reason}
        assert reason.params["name"] == "Hanne"

    async def test_the_waiting_list_says_so_when_empty(self):
        listing = circle_views.applications_listing([])

        assert listing.entries == () and listing.empty.msgid == "No applications are waiting."


class TestPadriverPage:
    async def test_a_visitor_reads_the_page_of_those_who_agreed_to_be_shown(self, circle):
        async with circle.db() as uow:
            hidden = await padrivere.apply(uow, circle.clock, circle.anna, circle.branch, ["cooking"], "", "x",
                                           False)
            await padrivere.decide(uow, circle.clock, circle.hanne, hidden.id, True)
            await uow.commit()
        async with circle.db() as uow:
            rows = await padrivere.page(uow, circle.clock, circle.branch.id)

        listing = circle_views.circle_listing(circle.branch.name, rows)

        assert [e.title.params["name"] for e in listing.entries] == ["Frida"]
        assert all(e.open is None for e in listing.entries)

    async def test_a_padrivers_profile_offers_the_way_into_the_closed_group(self, circle):
        async with circle.db() as uow:
            profile, credit = await padrivere.profile(uow, circle.clock, circle.frida, circle.branch)
            assert await padrivere.profile(uow, circle.clock, circle.anna, circle.branch) is None

        card = circle_views.profile_card(circle.frida, profile, credit, circle.branch.id)

        [join] = card.allowed()
        assert join.invite == f"circle:{circle.branch.id}" and card.topic == f"padriver:{circle.frida.id}"


# -- newsletters -----------------------------------------------------------------------------------


async def a_newsletter(v, send_in: timedelta | None = None):
    async with v.db() as uow:
        letter = await newsletters.compose(uow, v.clock, v.hanne, v.branch, "Spring!", {}, Recipients("all"),
                                           v.clock.now() + send_in if send_in else None)
        await uow.commit()
    return letter.id


async def newsletter_card(v, viewer, letter_id: int):
    async with v.db() as uow:
        letter, progress = await newsletters.progress(uow, viewer, letter_id)
    return newsletter_views.newsletter_card(letter, progress, v.branch.timezone)


class TestNewsletterCard:
    async def test_a_scheduled_newsletter_may_still_be_stopped(self, circle):
        card = await newsletter_card(circle, circle.hanne, await a_newsletter(circle, timedelta(days=1)))

        assert offered(card) == {Action.CANCEL_NEWSLETTER}

    async def test_a_sent_one_refuses_stopping_with_the_use_cases_reason_and_may_be_refreshed(self, circle):
        letter_id = await a_newsletter(circle)

        card = await newsletter_card(circle, circle.hanne, letter_id)

        assert offered(card) == {Action.NEWSLETTER_PROGRESS}
        assert card.act(Action.CANCEL_NEWSLETTER).refused == await refusal(
            circle.db, lambda uow: newsletters.cancel(uow, circle.clock, circle.hanne, letter_id))

    @pytest.mark.parametrize("name", ["anna", "frida", "karl"])
    async def test_only_the_community_manager_reads_how_far_one_got(self, circle, name):
        letter_id = await a_newsletter(circle)

        with pytest.raises(Refused):
            await newsletter_card(circle, getattr(circle, name), letter_id)

    async def test_newsletters_are_listed_newest_first_each_opening_its_card(self, circle):
        first, second = await a_newsletter(circle), await a_newsletter(circle)

        async with circle.db() as uow:
            listing = newsletter_views.newsletters_listing(await newsletters.recent(uow, circle.hanne,
                                                                                   circle.branch.id, 100))

        assert [e.open.args for e in listing.entries] == [(str(second),), (str(first),)]


# -- settings --------------------------------------------------------------------------------------


class TestSettingsCard:
    def test_without_an_address_the_email_switches_are_refused_with_the_use_cases_reason(self, village):
        chosen = Preferences(village.anna.id)

        card = settings_card(chosen, village.branch, mail=True)

        switches = [row[0] for row in card.actions[1:]]
        assert [s.allowed for s in switches] == [True, False, False, False]
        assert switches[1].refused == preferences.switch_refusal(chosen, "digest_by_email")
        assert [a.pressed for a in card.actions[0]] == [False, True, False]

    async def test_the_refusal_is_the_one_switching_gives(self, db, village):
        async def switch(uow):
            await preferences.switch(uow, village.anna, "digest_by_email")

        card = settings_card(Preferences(village.anna.id), village.branch, mail=True)

        assert card.actions[2][0].refused == await refusal(db, switch)

    def test_with_an_address_every_choice_may_be_switched(self, village):
        chosen = Preferences(village.anna.id, digest=DigestFrequency.DAILY, email="anna@example.org")

        card = settings_card(chosen, village.branch, mail=True)

        assert all(a.allowed for row in card.actions for a in row)
        assert card.topic == "settings"
