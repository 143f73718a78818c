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
from core.model.events import Answer, EventAudience
from core.model.notices import NoticeKind, Recipients
from core.usecases import events
from tests.unit.circle import answer, draft, make_padriver, new_event, notices_of, refused


async def test_an_event_is_stored_in_utc_and_invites_its_audience(circle):
    await make_padriver(circle, "anna")
    await make_padriver(circle, "frida")
    async with circle.db() as uow:
        event, broadcast = await events.create_event(uow, circle.clock, circle.hanne, circle.branch, draft())
        await uow.commit()
    assert event.starts_at == datetime(2026, 5, 20, 16, 0, tzinfo=timezone.utc)  # Oslo is UTC+2 in May
    assert broadcast.recipients == Recipients("role", "padriver") and broadcast.total == 2
    assert broadcast.params["starts"] == "2026-05-20 18:00" and broadcast.params["ends"] == "20:00"
    [invitation] = await notices_of(circle.db, circle.anna.id, NoticeKind.EVENT_INVITATION)
    assert invitation.params["title"] == "Spring gathering"
    everyone = await new_event(circle, audience=EventAudience.EVERYONE)
    async with circle.db() as uow:
        [b] = [b for b in await uow.outbox.broadcasts() if b.params["event_id"] == everyone]
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
        with pytest.raises(Refused):
            await events.attendees(uow, circle.anna, event_id)
    file = attendee_file(event, circle.branch, people, "en", ["name", "answer", "waitlist", "answered at"])
    rows = list(csv.reader(io.StringIO(file.data.decode("utf-8-sig"))))
    assert rows[0] == ["name", "answer", "waitlist", "answered at"]
    assert rows[1][:3] == ["Anna", "Going", ""] and rows[2][:3] == ["'=HYPERLINK(\"x\")", "Going", "1"]
