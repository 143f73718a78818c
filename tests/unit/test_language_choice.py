"""Which language a person is spoken to in: their own once they have one, else their branch's; the platform's
hint (the language of their app) gives them one at first contact."""

from __future__ import annotations

from dataclasses import replace

from core.chat.buttons import ButtonCodec
from core.chat.conversation import Conversation, Incoming
from core.i18n import translate
from core.model.members import Identity
from tests.factories import make_village

codec = ButtonCodec(b"language-choice-secret")


async def say(conversation: Conversation, handle: str, text: str, hint: str | None = None) -> tuple[str, str]:
    reply = await conversation.handle(Incoming(Identity("test", handle), handle.capitalize(), text=text,
                                               language_hint=hint))
    return reply.language, "\n".join(translate(line, reply.language) for m in reply.messages for line in m.lines)


async def stored_language(db, handle: str) -> str | None:
    async with db() as uow:
        return (await uow.members.by_identity(Identity("test", handle))).language


async def test_the_platforms_hint_gives_a_newcomer_their_language_over_the_branchs(db):
    village = await make_village(db, language="en")
    conversation = Conversation(db, village.clock, codec)

    language, greeting = await say(conversation, "ola", "/start", hint="nb-NO")

    assert language == "nb" and "Velkommen" in greeting
    assert await stored_language(db, "ola") == "nb"


async def test_a_newcomer_without_a_hint_we_can_speak_is_spoken_to_in_the_branchs_language(db):
    village = await make_village(db, language="nb")
    conversation = Conversation(db, village.clock, codec)

    assert (await say(conversation, "kari", "/start"))[0] == "nb"
    assert (await say(conversation, "hans", "/start", hint="de-DE"))[0] == "nb"
    assert await stored_language(db, "kari") is None and await stored_language(db, "hans") is None


async def test_the_branchs_language_stays_the_default_when_the_branch_changes_it(db):
    village = await make_village(db, language="nb")
    conversation = Conversation(db, village.clock, codec)
    await say(conversation, "kari", "/start")
    async with db() as uow:
        await uow.branches.save(replace(village.branch, language="en"))
        await uow.commit()

    language, greeting = await say(conversation, "kari", "/start")

    assert language == "en" and "Welcome" in greeting


async def test_the_members_own_language_wins_over_the_branch_and_a_later_hint(db):
    village = await make_village(db, language="nb")
    conversation = Conversation(db, village.clock, codec)
    await say(conversation, "ola", "/start", hint="nb")
    async with db() as uow:  # Ola chooses English with /language
        ola = await uow.members.by_identity(Identity("test", "ola"))
        ola.language = "en"
        await uow.members.save(ola)
        await uow.commit()

    language, greeting = await say(conversation, "ola", "/start", hint="nb-NO")

    assert language == "en" and "Welcome" in greeting
    assert await stored_language(db, "ola") == "en"


async def test_a_member_made_before_any_chat_takes_the_hint_of_their_first_chat(db):
    # the village's people were registered without an app, as the command line and the web register them
    village = await make_village(db, language="en")
    conversation = Conversation(db, village.clock, codec)
    assert await stored_language(db, "anna") is None

    assert (await say(conversation, "anna", "/start", hint="nb"))[0] == "nb"
    assert (await say(conversation, "anna", "/start", hint="en"))[0] == "nb"  # used once, then it is hers
