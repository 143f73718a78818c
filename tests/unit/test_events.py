"""Events: created by the community manager, answered by members, with a fair waitlist, a calendar file and
the attendee list."""

from __future__ import annotations

import csv
import io
from datetime import datetime, timedelta, timezone

import icalendar
import pytest

from core.chat.files import attendee_file, calendar_file
from core.errors import NotFound, Refused
from core.i18n import alone, translate
from core.model.events import Answer, EventAudience, EventKind, event_start_problem
from core.model.notices import NoticeKind, Recipients
from core.usecases import events, padrivere
from core.views import events as event_views
from core.views.actions import Action
from core.views.model import Card, PAGE_SIZE
from tests.unit.circle import (answer, draft, finish, local, make_padriver, new_event, notices_of, offered,
                               refusal, refused, said)


async def test_an_event_is_stored_in_utc_and_invites_its_audience(circle):
    await make_padriver(circle, "anna")
    await make_padriver(circle, "frida")
    async with circle.db() as uow:
        event, broadcast = await events.create_event(uow, circle.clock, circle.hanne, circle.branch, draft())
        await uow.commit()
    assert event.starts_at == datetime(2026, 5, 20, 16, 0, tzinfo=timezone.utc)  # Oslo is UTC+2 in May
    assert broadcast.recipients == Recipients("role", "padriver") and broadcast.total == 2
    assert broadcast.params["starts_at"] == "2026-05-20T16:00:00+00:00"
    assert broadcast.params["timezone"] == circle.branch.timezone
    times = events.event_moments(broadcast.params)  # written in the branch's time zone, in each reader's language
    assert [str(times.starts), str(times.ends)] == ["2026-05-20 18:00", "20:00"]
    assert translate(alone(times.starts), "nb") == "20. mai 2026 kl. 18:00"
    [invitation] = await notices_of(circle.db, circle.anna.id, NoticeKind.EVENT_INVITATION)
    assert invitation.params["title"] == "Spring gathering"
    everyone = await new_event(circle, audience=EventAudience.EVERYONE)
    async with circle.db() as uow:
        [b] = [b for b in await uow.broadcasts.recent() if b.params["event_id"] == everyone]
    assert b.total == 8  # the village's seven and Hanne


@pytest.mark.parametrize("changes, reason", [
    (dict(starts="2026-05-01T18:00"), "start has to be in the future"),
    (dict(ends="2026-05-20T17:00"), "end has to be after the start"),
    (dict(deadline="2026-05-21T12:00"), "close before the event starts"),
    (dict(capacity=0), "between 1 and"),
    (dict(title="x" * 500), "too long"),
])
async def test_an_event_that_cannot_be_is_refused(circle, changes, reason):
    with refused(reason):
        await new_event(circle, **changes)


async def test_only_the_community_manager_creates_events(circle):
    async with circle.db() as uow:
        with refused("Only the community manager"):
            await events.create_event(uow, circle.clock, circle.anna, circle.branch, draft())


async def test_a_full_event_puts_people_on_the_waitlist_and_promotes_in_order(circle):
    for name in ("anna", "frida", "bjorn", "cecilie"):
        await make_padriver(circle, name)
    event_id = await new_event(circle, capacity=2)
    assert (await answer(circle, "anna", event_id, Answer.GOING)).position is None
    assert (await answer(circle, "frida", event_id, Answer.GOING)).position is None
    third = await answer(circle, "bjorn", event_id, Answer.GOING)
    fourth = await answer(circle, "cecilie", event_id, Answer.GOING)
    assert (third.position, fourth.position, fourth.counts.going, fourth.counts.waiting) == (1, 2, 2, 2)
    freed = await answer(circle, "anna", event_id, Answer.NO)
    assert freed.promoted == circle.bjorn.id
    assert (freed.counts.going, freed.counts.waiting, freed.counts.no) == (2, 1, 1)
    [told] = await notices_of(circle.db, circle.bjorn.id, NoticeKind.EVENT_PROMOTED)
    assert told.params["title"] == "Spring gathering"
    again = await answer(circle, "cecilie", event_id, Answer.GOING)
    assert again.position == 1 and not again.changed
    async with circle.db() as uow:
        rsvps = {r.member_id: r for r in await uow.events.rsvps(event_id)}
    assert rsvps[circle.bjorn.id].has_seat and rsvps[circle.cecilie.id].waiting


async def test_a_waiting_member_who_gives_up_leaves_the_list_without_promoting_anyone(circle):
    for name in ("anna", "frida", "bjorn"):
        await make_padriver(circle, name)
    event_id = await new_event(circle, capacity=1)
    await answer(circle, "anna", event_id, Answer.GOING)
    await answer(circle, "frida", event_id, Answer.GOING)
    result = await answer(circle, "frida", event_id, Answer.MAYBE)
    assert result.promoted is None and (result.counts.going, result.counts.waiting, result.counts.maybe) == (1, 0, 1)


async def test_registration_closes_at_the_deadline_but_cancelling_stays_possible(circle):
    await make_padriver(circle, "anna")
    await make_padriver(circle, "frida")
    event_id = await new_event(circle)
    await answer(circle, "anna", event_id, Answer.GOING)
    circle.clock._at = datetime(2026, 5, 19, 10, 0, 1, tzinfo=timezone.utc)  # 12:00:01 in Oslo
    with refused("closed on 2026-05-19 12:00"):
        await answer(circle, "frida", event_id, Answer.GOING)
    assert (await answer(circle, "anna", event_id, Answer.NO)).counts.going == 0
    circle.clock._at = datetime(2026, 5, 20, 16, 0, tzinfo=timezone.utc)
    with refused("has started"):
        await answer(circle, "anna", event_id, Answer.NO)


async def test_a_padrivere_event_is_not_for_everyone(circle):
    event_id = await new_event(circle)
    with refused("no event", NotFound):
        await answer(circle, "frida", event_id, Answer.GOING)
    open_id = await new_event(circle, audience=EventAudience.EVERYONE)
    assert (await answer(circle, "frida", open_id, Answer.GOING)).rsvp.has_seat


async def test_changing_an_event_tells_everyone_who_answered_and_fills_new_seats(circle):
    for name in ("anna", "frida", "bjorn"):
        await make_padriver(circle, name)
    event_id = await new_event(circle, capacity=1)
    await answer(circle, "anna", event_id, Answer.GOING)
    await answer(circle, "frida", event_id, Answer.GOING)
    await answer(circle, "bjorn", event_id, Answer.NO)
    async with circle.db() as uow:
        changed = await events.edit_event(uow, circle.clock, circle.hanne, event_id,
                                          draft(capacity=2, place="The town hall"))
        await uow.commit()
    assert changed.sequence == 1 and changed.place == "The town hall"
    for name in ("anna", "frida", "bjorn"):
        [told] = await notices_of(circle.db, getattr(circle, name).id, NoticeKind.EVENT_CHANGED)
        assert told.params["place"] == "The town hall"
    assert await notices_of(circle.db, circle.frida.id, NoticeKind.EVENT_PROMOTED)


async def test_capacity_cannot_go_below_those_going(circle):
    for name in ("anna", "frida"):
        await make_padriver(circle, name)
    event_id = await new_event(circle, capacity=2)
    await answer(circle, "anna", event_id, Answer.GOING)
    await answer(circle, "frida", event_id, Answer.GOING)
    async with circle.db() as uow:
        with refused("cannot be lower"):
            await events.edit_event(uow, circle.clock, circle.hanne, event_id, draft(capacity=1))


async def test_cancelling_tells_everyone_and_closes_answers(circle):
    await make_padriver(circle, "anna")
    event_id = await new_event(circle)
    await answer(circle, "anna", event_id, Answer.MAYBE)
    async with circle.db() as uow:
        await events.cancel_event(uow, circle.clock, circle.hanne, event_id, "The library is flooded.")
        await uow.commit()
    [told] = await notices_of(circle.db, circle.anna.id, NoticeKind.EVENT_CANCELLED)
    assert told.params["reason"] == "The library is flooded." and told.params["cancelled"] is True
    with refused("cancelled"):
        await answer(circle, "anna", event_id, Answer.GOING)


async def test_the_calendar_file_parses_and_carries_the_right_times(circle):
    event_id = await new_event(circle, starts="2026-10-25T01:30", ends="2026-10-25T03:30",
                               deadline="2026-10-24T12:00")  # the night summer time ends in Oslo
    async with circle.db() as uow:
        event = await uow.events.get(event_id)
    file = calendar_file(event, circle.branch, "en")
    assert file.filename.endswith(".ics") and file.mime == "text/calendar"
    parsed = icalendar.Calendar.from_ical(file.data)
    [entry] = parsed.walk("VEVENT")
    assert entry["SUMMARY"] == "Spring gathering" and entry["LOCATION"] == "The library"
    assert entry.decoded("DTSTART") == datetime(2026, 10, 24, 23, 30, tzinfo=timezone.utc)
    assert entry.decoded("DTEND") == datetime(2026, 10, 25, 2, 30, tzinfo=timezone.utc)  # 03:30 in winter time
    assert entry.decoded("DTEND") - entry.decoded("DTSTART") == timedelta(hours=3)
    assert str(entry["UID"]).startswith(f"event-{event_id}-") and int(entry["SEQUENCE"]) == 0


async def test_the_attendee_list_is_csv_in_answer_order_and_safe_for_spreadsheets(circle):
    for name in ("anna", "frida"):
        await make_padriver(circle, name)
    async with circle.db() as uow:
        circle.frida.display_name = "=HYPERLINK(\"x\")"
        await uow.members.save(circle.frida)
        await uow.commit()
    event_id = await new_event(circle, capacity=1)
    await answer(circle, "anna", event_id, Answer.GOING)
    await answer(circle, "frida", event_id, Answer.GOING)
    async with circle.db() as uow:
        event, people = await events.attendees(uow, circle.hanne, event_id)
        with pytest.raises(Refused) as refused:
            await events.attendees(uow, circle.anna, event_id)
        assert refused.value.reason.msgid == "Only the community manager can do that."
    file = attendee_file(event, circle.branch, people, "en", ["name", "answer", "waitlist", "answered at"])
    rows = list(csv.reader(io.StringIO(file.data.decode("utf-8-sig"))))
    assert rows[0] == ["name", "answer", "waitlist", "answered at"]
    assert rows[1][:3] == ["Anna", "Going", ""] and rows[2][:3] == ["'=HYPERLINK(\"x\")", "Going", "1"]


# -- what an event looks like ------------------------------------------------------------------------


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
    async def test_a_resident_a_padriver_and_a_consultant_may_answer_and_take_the_calendar(self, everyone, name):
        card = await event_card(everyone, getattr(everyone, name), await an_event(everyone))

        assert offered(card) == {Action.RSVP, Action.CALENDAR}
        assert card.act(Action.ATTENDEES) is None and card.act(Action.EDIT_EVENT) is None

    async def test_the_community_manager_may_also_read_who_answered_change_and_cancel(self, everyone):
        card = await event_card(everyone, everyone.hanne, await an_event(everyone))

        assert offered(card) == {Action.RSVP, Action.CALENDAR, Action.ATTENDEES, Action.EDIT_EVENT,
                                 Action.CANCEL_EVENT}

    async def test_a_visitor_sees_a_public_event_and_is_asked_to_sign_in_to_answer(self, everyone):
        card = await event_card(everyone, None, await an_event(everyone))

        assert offered(card) == {Action.CALENDAR}
        assert {a.refused for a in card.actions[0]} == {events.SIGN_IN_TO_ANSWER}
        assert card.title.params["title"] == "Breakfast"

    async def test_a_visitor_is_told_first_what_holds_for_everyone(self, everyone):
        event_id = await an_event(everyone)
        async with everyone.db() as uow:
            await events.cancel_event(uow, everyone.clock, everyone.hanne, event_id, "")
            await uow.commit()

        card = await event_card(everyone, None, event_id)

        assert {a.refused.msgid for a in card.actions[0]} == {"“{title}” is cancelled."}

    async def test_an_event_for_padrivere_is_hidden_from_a_visitor_and_a_resident(self, everyone):
        event_id = await an_event(everyone, EventAudience.PADRIVERE)

        for viewer in (None, everyone.anna):
            with pytest.raises(NotFound):
                await event_card(everyone, viewer, event_id)
        assert Action.RSVP in offered(await event_card(everyone, everyone.frida, event_id))

    async def test_after_registration_closes_only_cant_come_is_left_with_the_answers_own_reason(self, everyone):
        event_id = await an_event(everyone, days=7, deadline_days=2)
        everyone.clock.advance(days=3)

        card = await event_card(everyone, everyone.anna, event_id)
        going = next(a for a in card.actions[0] if a.args == (str(event_id), "g"))
        reason = await refusal(everyone.db, lambda uow: events.respond(uow, everyone.clock, everyone.anna, event_id,
                                                                     Answer.GOING))

        assert going.refused == reason and "closed on" in reason.msgid
        assert [a.args[1] for a in card.actions[0] if a.allowed] == ["n"]

    async def test_a_cancelled_event_refuses_answers_changes_and_a_second_cancel_with_the_use_cases_reasons(
            self, everyone):
        event_id = await an_event(everyone)
        async with everyone.db() as uow:
            await events.cancel_event(uow, everyone.clock, everyone.hanne, event_id, "")
            await uow.commit()

        card = await event_card(everyone, everyone.hanne, event_id)

        assert offered(card) == {Action.CALENDAR, Action.ATTENDEES}
        answer = await refusal(everyone.db, lambda uow: events.respond(uow, everyone.clock, everyone.anna, event_id,
                                                                     Answer.NO))
        assert {a.refused for a in card.actions[0]} == {answer}
        assert card.act(Action.EDIT_EVENT).refused == await refusal(
            everyone.db, lambda uow: events.ensure_can_edit_event(uow, everyone.hanne, event_id))
        assert card.act(Action.CANCEL_EVENT).refused == await refusal(
            everyone.db, lambda uow: events.cancel_event(uow, everyone.clock, everyone.hanne, event_id, ""))

    async def test_the_viewers_own_answer_is_ticked_and_said(self, everyone):
        event_id = await an_event(everyone)
        async with everyone.db() as uow:
            await events.respond(uow, everyone.clock, everyone.anna, event_id, Answer.MAYBE)
            await uow.commit()

        card = await event_card(everyone, everyone.anna, event_id)

        assert [a.pressed for a in card.actions[0]] == [False, True, False]
        assert card.body[-1].msgid == "Your answer: maybe."


class TestEventsListing:
    async def test_only_the_community_manager_is_offered_a_new_event_from_the_list(self, everyone):
        async with everyone.db() as uow:
            managers = {n: await padrivere.is_manager(uow, getattr(everyone, n), everyone.branch.id)
                        for n in ("anna", "frida", "hanne", "karl")}

        offers = {n: [a.action for row in event_views.events_listing([], everyone.branch.timezone, manager=m).actions
                      for a in row] for n, m in managers.items()}

        assert offers == {"anna": [], "frida": [], "hanne": [Action.NEW_EVENT], "karl": []}

    async def test_events_come_a_page_at_a_time_with_a_way_to_turn(self, everyone):
        for n in range(PAGE_SIZE + 3):
            await an_event(everyone, days=2 + n, title=f"Event {n}")

        async with everyone.db() as uow:
            found = await events.upcoming(uow, everyone.clock, everyone.anna)
        first = event_views.events_listing(found, everyone.branch.timezone)
        last = event_views.events_listing(found, everyone.branch.timezone, page=2)

        assert (len(first.entries), first.pages, first.total) == (PAGE_SIZE, 2, PAGE_SIZE + 3)
        assert first.previous is None and first.next.action is Action.EVENTS and first.next.args == ("2",)
        assert len(last.entries) == 3 and last.previous.args == ("1",) and last.next is None

    async def test_a_visitor_lists_only_what_is_open_to_everyone(self, everyone):
        await an_event(everyone, EventAudience.PADRIVERE, title="Circle breakfast")
        await an_event(everyone, title="Open breakfast")

        async with everyone.db() as uow:
            seen = await events.upcoming(uow, everyone.clock, None, everyone.branch.id)

        assert [e.title for e in seen] == ["Open breakfast"]


def event_answers(v, **changes) -> dict:
    answers = dict(kind=EventKind.BREAKFAST.value, title="Breakfast", description="Rolls.", starts=local(v, 7),
                   ends=local(v, 7.1), place="Café", audience=EventAudience.EVERYONE.value, capacity="10",
                   deadline=None)
    return {**answers, **changes}


# -- the forms -------------------------------------------------------------------------------------


async def test_an_event_is_created_and_shown_as_its_card(circle):
    note, card = await finish(circle, "event", circle.hanne, event_answers(circle))

    async with circle.db() as uow:
        [event] = await uow.events.upcoming(circle.branch.id, circle.clock.now())
    assert event.title == "Breakfast" and event.capacity == 10
    assert "on its way" in said(note)
    assert isinstance(card, Card) and card.topic == f"event:{event.id}" and card.act(Action.EDIT_EVENT).allowed


async def test_changing_and_cancelling_an_event_go_through_their_use_cases(circle):
    [_note, card] = await finish(circle, "event", circle.hanne, event_answers(circle))

    await finish(circle, "event_edit", circle.hanne, event_answers(circle, place="The quay"), {"event_id": card.id})
    [note] = await finish(circle, "event_cancel", circle.hanne, {"reason": "Storm"}, {"event_id": card.id})

    async with circle.db() as uow:
        event = await uow.events.get(card.id)
    assert event.place == "The quay" and event.cancelled and "is cancelled" in said(note)


async def test_an_event_finished_by_someone_who_is_not_the_manager_is_refused(circle):
    with pytest.raises(Refused) as refused:
        await finish(circle, "event", circle.anna, event_answers(circle))

    assert refused.value.reason.msgid == "Only the community manager can do that."


def test_an_event_may_start_a_moment_from_now_but_not_now():
    now = datetime(2027, 5, 17, 18, 0, tzinfo=timezone.utc)

    assert event_start_problem(now, now).msgid == "The start has to be in the future."
    assert event_start_problem(now + timedelta(seconds=1), now) is None


class TestThemeMeetings:
    async def test_a_theme_meeting_is_announced_to_every_member_even_when_meant_for_pådrivere(self, circle):
        await make_padriver(circle, "frida")
        async with circle.db() as uow:
            event, broadcast = await events.create_event(
                uow, circle.clock, circle.hanne, circle.branch,
                draft(kind=EventKind.THEME_MEETING, audience=EventAudience.PADRIVERE))
            await uow.commit()
        assert event.audience is EventAudience.EVERYONE
        assert broadcast.recipients == Recipients("all")
        assert events.event_chat(event).value == "bank"

    async def test_a_gathering_for_pådrivere_stays_theirs_and_turning_it_into_a_theme_meeting_opens_it(self, circle):
        event_id = await new_event(circle)
        async with circle.db() as uow:
            assert (await uow.events.get(event_id)).audience is EventAudience.PADRIVERE
            changed = await events.edit_event(uow, circle.clock, circle.hanne, event_id,
                                              draft(kind=EventKind.THEME_MEETING))
            await uow.commit()
        assert changed.audience is EventAudience.EVERYONE


def test_the_event_dialogs_summary_says_a_theme_meeting_invites_everyone():
    from core.dialogs.events import EVENT

    answers = dict(kind=EventKind.THEME_MEETING.value, title="Theme: the harbour", starts="2026-05-20T18:00",
                   ends="2026-05-20T20:00", place="Town hall", audience=EventAudience.PADRIVERE.value, capacity=None,
                   deadline=None)
    assert translate(EVENT.summary(answers)[3], "en") == "Invited: everyone"
