"""Events in chat: the dialog with its time checks, answers and the waitlist, the calendar and attendee files, and
the list of events turning its pages."""

from __future__ import annotations

from datetime import timedelta

import icalendar

from core.model.events import Answer, EventAudience, EventKind
from core.model.members import Identity, Role
from core.usecases import events
from tests.unit.circle_chat import become_padriver, fill_breakfast, translate_last


async def test_an_event_from_dialog_to_rsvp_waitlist_and_calendar(people):
    village, p = people
    for name in ("anna", "frida"):
        await become_padriver(p, name)
    hanne = p["hanne"]
    await hanne.say("/newevent")
    await hanne.press("Breakfast")
    await hanne.say("Pådriver breakfast")
    await hanne.say("Coffee, rolls and plans for the summer.")
    assert "YYYY-MM-DD HH:MM" in await hanne.say("next tuesday")
    await hanne.say("2026-05-12 07:30")
    await hanne.say("12.05.2026 09:00")
    await hanne.say("Café Fjord")
    await hanne.press("pådrivere")
    await hanne.say("1")
    summary = await hanne.press("Skip")
    assert "2026-05-12 07:30 – 2026-05-12 09:00" in summary and "Places: 1" in summary
    said = await hanne.press("Send the invitation")
    assert "on its way to 2 people" in said

    anna, frida = p["anna"], p["frida"]
    invitation = await anna.notices()
    assert "You are invited!" in invitation and "2026-05-12 07:30 – 09:00" in invitation
    assert "going" in await anna.press("Going") and "Your answer: going" in translate_last(anna)
    await frida.notices()
    assert "waitlist, number 1" in await frida.press("Going")
    assert p["frida"].last.messages[0].replaces
    await anna.press("Can't come")
    assert "A place freed up" in await frida.notices()
    await frida.press("Open the event")
    await frida.press("📅 Add to my calendar")
    [ics] = frida.files
    [entry] = icalendar.Calendar.from_ical(ics.data).walk("VEVENT")
    assert str(entry["SUMMARY"]) == "Pådriver breakfast"
    assert entry.decoded("DTSTART").isoformat() == "2026-05-12T05:30:00+00:00"

    await hanne.say("/events")
    await hanne.press("2026-05-12 07:30 — Pådriver breakfast")
    await hanne.press("Attendees (CSV)")
    [csv_file] = hanne.files
    assert "Frida,Going" in csv_file.data.decode("utf-8-sig")
    async with village.db() as uow:
        [event] = await uow.events.upcoming(village.branch.id, village.clock.now())
        assert (await uow.events.rsvp(event.id, village.frida.id)).answer is Answer.GOING


async def test_event_times_are_checked_at_their_own_step(people):
    _village, p = people
    hanne = p["hanne"]
    await hanne.say("/newevent")
    await hanne.press("Breakfast")
    await hanne.say("Pådriver breakfast")
    await hanne.say("Coffee")

    past = await hanne.say("2026-05-01 07:30")
    await hanne.say("2026-05-12 07:30")
    early = await hanne.say("2026-05-12 06:00")

    assert "The start has to be in the future." in past and "When does it start?" in past
    assert "The end has to be after the start." in early and "When does it end?" in early
    assert "Where is it?" in await hanne.say("2026-05-12 09:00")


async def test_a_start_passed_while_confirming_asks_it_again_and_keeps_every_other_answer(people):
    village, p = people
    hanne = p["hanne"]
    await fill_breakfast(hanne, "2026-05-04 12:00", "2026-05-04 13:00")  # an hour from now in Oslo
    village.clock.advance(hours=2)

    refused = await hanne.press("Send the invitation")
    summary = await hanne.say("2026-05-04 13:30")  # the end, 13:00, is still the answer given
    fixed = await hanne.say("2026-05-04 15:00")

    assert "The start has to be in the future." in refused and "When does it start?" in refused
    assert "The end has to be after the start." in summary
    assert "2026-05-04 13:30 – 2026-05-04 15:00" in fixed and "Places: 10" in fixed and "Café Fjord" in fixed
    assert "on its way to" in await hanne.press("Send the invitation")


async def test_a_refusal_when_sending_keeps_the_dialog_to_change_or_cancel(people):
    village, p = people
    hanne = p["hanne"]
    await fill_breakfast(hanne, "2026-05-12 07:30", "2026-05-12 09:00")
    async with village.db() as uow:
        hanne_id = (await uow.members.by_identity(Identity("test", "hanne"))).id
        await uow.members.revoke(village.branch.id, hanne_id, Role.COMMUNITY_MANAGER)
        await uow.commit()

    said = await hanne.press("Send the invitation")

    assert "Only the community manager" in said and hanne.last.refused
    assert "Café Fjord" in said and "Change something" in hanne.buttons
    async with village.db() as uow:
        assert (await uow.dialogs.current(hanne_id)).answers["place"] == "Café Fjord"


async def test_a_long_list_of_events_turns_its_pages(people):
    village, p = people
    async with village.db() as uow:
        hanne = await uow.members.by_identity(Identity("test", "hanne"))
        for n in range(12):
            starts = village.clock.now() + timedelta(days=2 + n)
            at = [events.local(t, village.branch.timezone).strftime("%Y-%m-%dT%H:%M")
                  for t in (starts, starts + timedelta(hours=1))]
            await events.create_event(uow, village.clock, hanne, village.branch, events.EventDraft(
                EventKind.GATHERING, f"Gathering {n}", "", at[0], at[1], "Hall", EventAudience.EVERYONE, None, None))
        await uow.commit()

    first = await p["anna"].say("/events")
    buttons = list(p["anna"].buttons)
    second = await p["anna"].press("Next ›")

    assert "Page 1 of 2" in first and len(buttons) == 11 and "Next ›" in buttons and "New event" not in buttons
    assert "Page 2 of 2" in second and "‹ Previous" in p["anna"].buttons
    assert sum(1 for label in p["anna"].buttons if "Gathering" in label) == 2
