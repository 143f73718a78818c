"""One entrance in chat: asked with /ask, answered from the consultant's desk, handed over in the same thread."""

from __future__ import annotations

from core.model.members import Identity, Member, Role
from tests.chat_person import Person
from tests.unit.circle_chat import translate_last


async def add_consultants(village, p, *names: str) -> None:
    async with village.db() as uow:
        for name in names:
            member = await uow.members.add(Member(name.capitalize(), village.branch.id, None, village.clock.now()),
                                           Identity("test", name))
            await uow.members.grant(village.branch.id, member.id, Role.CONSULTANT)
            village.people[name] = member
        await uow.commit()
    conversation = p["anna"].conversation
    for name in names:
        p[name] = Person(conversation, name)


async def test_an_inquiry_is_asked_handed_over_and_answered_in_one_thread(people):
    village, p = people
    await add_consultants(village, p, "karl", "lise")
    anna, karl, lise = p["anna"], p["karl"], p["lise"]
    await anna.say("/ask")
    said = await anna.say("May we borrow the school hall on Saturdays?")
    assert "is with Karl, who will answer you here" in said
    await p["frida"].say("/ask Where do I get a permit for a street party on the square in June?")
    assert "street party on the square in June?" in translate_last(p["frida"])
    assert "from Anna is yours to answer" in await karl.notices()
    desk = await karl.say("/inquiries")
    assert "Your open inquiries" in desk and "Response times: no inquiry is answered yet." in desk
    thread = await karl.press("May we borrow the school hall on Saturdays? — waiting for an answer")
    assert "May we borrow the school hall" in thread and "Hand over" in karl.buttons
    assert "Karl handed it over" not in thread
    await karl.press("Hand over")
    assert "is with Lise now" in await karl.press("Lise")
    assert "You do not need to ask again" in await anna.notices()
    assert "Karl handed it over to you" in await lise.notices()
    await lise.press("Open the thread")
    await lise.press("Answer")
    answered = await lise.say("Yes, from 10 to 16.")
    assert "Your answer is in the thread" in answered and "↪ Karl handed it over to Lise." in answered
    assert "Lise answered your inquiry" in await anna.notices()
    await anna.press("Reply")
    assert "Lise is told" in await anna.say("Thank you! And on Sundays?")
    assert "Anna replied" in await lise.notices()
    assert "Your inquiries" in await anna.say("/inquiries")
    assert "May we borrow the school hall on Saturdays? — waiting for an answer" in anna.buttons
    await lise.press("Open the thread")
    await lise.press("Answer")
    await lise.say("Sundays too.")
    desk = await p["gustav"].say("/inquiries")
    assert "Open inquiries of the branch" in desk and "median 0 minutes to a first answer (1 answered)" in desk


async def test_a_stranger_cannot_answer_and_a_resident_has_no_desk_of_topics(people):
    village, p = people
    await add_consultants(village, p, "karl")
    await p["anna"].say("/ask Where do I get a permit for a street party?")
    assert "Topics are for the branch's consultants" in await p["frida"].say("/expertise")
    assert "Your topics: halls, roads" in await p["karl"].say("/expertise halls, roads")
    assert "You have no open inquiry" in await p["frida"].say("/inquiries")
