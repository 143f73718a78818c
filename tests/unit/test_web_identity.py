"""A member signed in on the web acts as themself through the conversation: found by number, never made, never
stored, and never a place notices go."""

from core.chat.buttons import Action, ButtonCodec
from core.chat.conversation import Conversation, Incoming
from core.i18n import translate
from core.model.dreams import Dream, DreamState, Need
from core.model.members import WEB, Identity
from core.usecases.preferences import notice_platforms
from tests.factories import make_village

codec = ButtonCodec(b"web-identity-test-secret")


async def approved_dream(village) -> int:
    at = village.clock.now()
    async with village.db() as uow:
        dream = await uow.dreams.add(Dream(village.branch.id, village.anna.id, "A bench", "A story.",
                                           frozenset({Need.TIME}), "", DreamState.APPROVED, at, decided_at=at))
        await uow.commit()
    return dream.id


def said(reply) -> str:
    return "\n".join(translate(line, reply.language) for m in reply.messages for line in m.lines)


async def test_a_web_press_is_the_member_by_number_and_leaves_no_identity_behind(db):
    village = await make_village(db)
    dream_id = await approved_dream(village)
    conversation = Conversation(db, village.clock, codec)
    bjorn = village.bjorn
    reply = await conversation.handle(Incoming(Identity(WEB, str(bjorn.id)), "whatever they type",
                                               token=codec.encode(Action.LIKE, dream_id)))
    assert not reply.refused and "You like" in said(reply)
    async with db() as uow:
        assert await uow.bank.has_liked(dream_id, bjorn.id)
        assert all(i.platform != WEB for i in await uow.members.identities(bjorn.id))
        assert (await uow.members.get(bjorn.id)).display_name == bjorn.display_name
        assert await uow.members.by_identity(Identity(WEB, str(bjorn.id))) is None


async def test_an_unknown_or_malformed_number_is_refused_and_nobody_is_made(db):
    village = await make_village(db)
    conversation = Conversation(db, village.clock, codec)
    for number in ("999999", "abc", "", "1" * 40):
        reply = await conversation.handle(Incoming(Identity(WEB, number), "Mallory", text="/settings"))
        assert reply.refused and "sign in" in said(reply)
    async with db() as uow:
        assert await uow.members.get(999999) is None
        assert await uow.members.by_identity(Identity(WEB, "999999")) is None


async def test_the_web_is_never_a_notice_platform(db):
    village = await make_village(db)
    async with db() as uow:
        anna = await uow.members.get(village.anna.id)
        assert WEB not in await notice_platforms(uow, anna)
    conversation = Conversation(db, village.clock, codec)
    reply = await conversation.handle(Incoming(Identity(WEB, str(village.anna.id)), "Anna", text="/settings"))
    assert not reply.refused
    assert "Web" not in said(reply)


async def test_a_code_typed_on_the_web_joins_no_account(db):
    village = await make_village(db)
    conversation = Conversation(db, village.clock, codec)
    reply = await conversation.handle(Incoming(Identity(WEB, str(village.anna.id)), "Anna", text="/connect ABCDEFGH"))
    assert reply.refused and "other platform" in said(reply)
    async with db() as uow:
        assert await uow.members.by_identity(Identity(WEB, str(village.anna.id))) is None
