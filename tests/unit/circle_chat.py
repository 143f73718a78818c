"""The circle in chat for tests: the same conversation every platform talks to, with people who press buttons."""

from __future__ import annotations

from core.chat.buttons import ButtonCodec
from core.chat.conversation import Conversation
from core.i18n import translate
from core.model.branches import ChatLink, ChatPurpose
from core.model.members import Identity, Member, Role
from core.usecases.chats import link_chat
from tests.chat_person import Person
from tests.factories import make_village

codec = ButtonCodec(b"community-chat-test-secret")


async def make_people(db):
    """The village and Hanne, its community manager, each talking to one conversation as a `Person`."""
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


def translate_last(person: Person) -> str:
    return "\n".join(translate(line, person.last.language) for m in person.last.messages for line in m.lines)


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
