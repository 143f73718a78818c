"""The circle in chat: the same conversation every platform talks to, with buttons, files and pictures."""

from __future__ import annotations

from datetime import timedelta

import icalendar
import pytest

from core.chat.buttons import ButtonCodec
from core.chat.conversation import Conversation
from core.i18n import translate
from core.model.branches import ChatLink, ChatPurpose
from core.model.events import Answer, EventAudience, EventKind
from core.model.members import Identity, Member, Role
from core.model.notices import NoticeKind
from core.usecases import events
from core.usecases.chats import link_chat
from tests.chat_person import Person
from tests.factories import make_village

codec = ButtonCodec(b"community-chat-test-secret")


@pytest.fixture
async def people(db):
    village = await make_village(db)
    async with db() as uow:
        hanne = await uow.members.add(Member("Hanne", village.branch.id, None, village.clock.now()),
                                      Identity("test", "hanne"))
        await uow.members.grant(village.branch.id, hanne.id, Role.COMMUNITY_MANAGER)
        await link_chat(uow, village.clock, None, ChatLink(village.branch.id, ChatPurpose.CIRCLE, "test", "-300"))
        await uow.commit()
    conversation = Conversation(db, village.clock, codec)
    return village, {name: Person(conversation, name) for name in [*village.people, "hanne"]}


async def become_padriver(p, name: str) -> None:
    person, hanne = p[name], p["hanne"]
    await person.say("/padriver")
    await person.press("gardening")
    await person.press("Done")
    await person.press("Skip")
    await person.say("Weekends")
    await person.press("Yes")
    assert "with the community manager" in await person.press("Send")
    said = await hanne.notices()
    assert f"{name.capitalize()} wants to become a pådriver" in said
    assert "is now a pådriver" in await hanne.press("Approve")


async def test_applying_and_approval_in_chat(people):
    village, p = people
    await become_padriver(p, "anna")
    said = await p["anna"].notices()
    assert "Welcome, pådriver" in said and p["anna"].buttons["Join the pådriver group"] == \
        f"circle:{village.branch.id}"
    assert "🌟 Anna" in await p["frida"].say("/padrivere")


async def test_a_declined_application_asks_the_manager_for_a_reason(people):
    _village, p = people
    await p["anna"].say("/padriver")
    await p["anna"].press("cooking")
    await p["anna"].press("Done")
    await p["anna"].say("A sourdough course")
    await p["anna"].say("Evenings")
    await p["anna"].press("No")
    await p["anna"].press("Send")
    await p["hanne"].notices()
    declining = p["hanne"].buttons["Decline"]
    await p["hanne"].press("Decline")
    assert "declined Anna's application" in await p["hanne"].say("Maybe next year!")
    assert "They wrote: Maybe next year!" in await p["anna"].notices()
    p["hanne"].buttons["Decline"] = declining
    assert "decided already, by Hanne" in await p["hanne"].press("Decline")
    assert p["hanne"].last.refused


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


def translate_last(person: Person) -> str:
    return "\n".join(translate(line, person.last.language) for m in person.last.messages for line in m.lines)


async def test_a_call_is_filled_from_chat(people):
    village, p = people
    for name in ("anna", "frida"):
        await become_padriver(p, name)
    hanne = p["hanne"]
    await hanne.say("/call")
    await hanne.say("Carry chairs")
    await hanne.press("Skip")
    await hanne.say("Friday at five")
    await hanne.say("1")
    await hanne.press("Skip")
    assert "For all pådrivere." in translate_last(hanne)
    assert "went to 2 pådrivere" in await hanne.press("Send the call")
    assert "Carry chairs" in await p["anna"].notices()
    assert "You are in" in await p["anna"].press("I'm in")
    await p["frida"].notices()
    assert "has all the people it needs" in await p["frida"].press("I'm in")
    assert "“Carry chairs” is full" in await hanne.notices()


async def test_a_newsletter_with_a_picture_previewed_and_sent(people):
    village, p = people
    hanne = p["hanne"]
    await hanne.say("/newsletter")
    await hanne.say("Spring is here: come to the breakfast!")
    assert "Who should get it?" in await hanne.say("", image={"platform": "test", "file_id": "pic-1"})
    await hanne.press("all members")
    preview = await hanne.press("Skip")
    assert "Preview:" in preview and "With a picture." in preview and "To: all members" in preview
    said = await hanne.press("Send the newsletter")
    assert "on its way" in said and "Sent to 0 of 8" in said
    notice = p["frida"]
    assert "Spring is here" in await notice.notices()
    assert notice.last.messages[0].image == {"platform": "test", "file_id": "pic-1"}


async def test_a_picture_outside_a_dialog_is_kindly_ignored(people):
    _village, p = people
    said = await p["anna"].say("", image={"platform": "test", "file_id": "x"})
    assert "only use pictures" in said


async def test_circle_commands_are_refused_to_others(people):
    village, p = people
    for command in ("/newevent", "/call", "/newsletter", "/applications", "/competences add Juggling"):
        assert "Only the community manager" in await p["anna"].say(command)
        assert p["anna"].last.refused
    async with village.db() as uow:
        assert await uow.dialogs.current(village.anna.id) is None
        assert not [n for n in await uow.outbox.pending_for(village.frida.id) if n.kind is NoticeKind.NEWSLETTER]


async def fill_breakfast(hanne, starts: str, ends: str) -> str:
    await hanne.say("/newevent")
    await hanne.press("Breakfast")
    await hanne.say("Pådriver breakfast")
    await hanne.say("Coffee, rolls and plans for the summer.")
    await hanne.say(starts)
    await hanne.say(ends)
    await hanne.say("Café Fjord")
    await hanne.press("pådrivere")
    await hanne.say("10")
    return await hanne.press("Skip")


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


async def test_waiting_applications_are_listed_and_each_opens_to_be_decided(people):
    _village, p = people
    await p["anna"].say("/padriver")
    await p["anna"].press("cooking")
    await p["anna"].press("Done")
    await p["anna"].press("Skip")
    await p["anna"].say("Evenings")
    await p["anna"].press("Yes")
    await p["anna"].press("Send")

    listed = await p["hanne"].say("/applications")
    card = await p["hanne"].press("Anna — cooking")

    assert "Applications waiting:" in listed
    assert "Anna wants to become a pådriver" in card and "Available: Evenings" in card
    assert "is now a pådriver" in await p["hanne"].press("Approve")
    assert "No applications are waiting." in await p["hanne"].say("/applications")


async def test_open_calls_are_listed_and_a_padriver_joins_from_the_card(people):
    _village, p = people
    await become_padriver(p, "frida")
    hanne = p["hanne"]
    await hanne.say("/call")
    await hanne.say("Carry chairs")
    await hanne.press("Skip")
    await hanne.say("Friday at five")
    await hanne.say("2")
    await hanne.press("Skip")
    await hanne.press("Send the call")

    await p["frida"].say("/calls")
    card = await p["frida"].press("Carry chairs — Friday at five")

    assert "0 of 2 people so far" in card and "I'm in" in p["frida"].buttons
    assert "You are in. Thank you!" in await p["frida"].press("I'm in")
    await hanne.say("/calls")
    await hanne.press("Carry chairs — Friday at five")
    assert "Close the call" in hanne.buttons


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

    assert "Page 1 of 2" in first and len(buttons) == 11 and "Next ›" in buttons
    assert "Page 2 of 2" in second and "‹ Previous" in p["anna"].buttons
    assert sum(1 for label in p["anna"].buttons if "Gathering" in label) == 2


async def test_newsletters_are_listed_and_one_opens_to_show_how_far_it_got(people):
    _village, p = people
    hanne = p["hanne"]
    await hanne.say("/newsletter")
    await hanne.say("Spring is here!")
    await hanne.press("Skip")
    await hanne.press("all members")
    await hanne.press("Skip")
    await hanne.press("Send the newsletter")

    await hanne.say("/newsletters")
    [listed] = hanne.buttons
    opened = await hanne.press(listed)

    assert listed.startswith("Newsletter no. ") and listed.endswith(": “Spring is here!”")

    assert "Sent to 0 of 8." in opened and "Refresh" in hanne.buttons
