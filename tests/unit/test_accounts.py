"""One person on two platforms: a one-time code shown on one, typed on the other, joins the two accounts."""

from __future__ import annotations

import re

import pytest

from core.chat.buttons import ButtonCodec
from core.chat.conversation import Conversation
from core.errors import CountedRefusal, Refused
from core.i18n import translate
from core.model.accounts import CODE_ALPHABET, CODE_LENGTH, WRONG_MAX, code_hash
from core.model.bank import Like
from core.model.members import Identity, Role
from core.usecases.accounts import finish_link, start_link
from tests.chat_person import Person
from tests.factories import add_member

codec = ButtonCodec(b"accounts-test-secret")
ANNA_ON_DISCORD = Identity("discord", "4242")


@pytest.fixture
def conversation(db, village) -> Conversation:
    return Conversation(db, village.clock, codec)


def person(conversation: Conversation, identity: Identity) -> Person:
    someone = Person(conversation, identity.external_id)
    someone.identity = identity
    return someone


def code_in(said: str) -> str:
    return re.search(r"/connect ([A-Z0-9]{8})", said).group(1)


async def refusal_of(db, village, identity: Identity, typed: str) -> tuple[type, str]:
    async with db() as uow:
        with pytest.raises(Refused) as refused:
            await finish_link(uow, village.clock, identity, typed)
    return type(refused.value), translate(refused.value.reason, "en")


async def newcomer(db, village, *roles: Role):
    """Someone who came to the bank on Discord first, as a member of their own."""
    async with db() as uow:
        member = await add_member(uow, village.branch.id, "Anna D.", ANNA_ON_DISCORD, village.clock.now(), roles)
        await uow.commit()
    return member


async def code_for(db, village, member) -> str:
    async with db() as uow:
        code = await start_link(uow, village.clock, member)
        await uow.commit()
    return code


class TestStartLink:
    async def test_a_code_is_eight_unambiguous_characters_and_only_its_hash_is_kept(self, db, village):
        code = await code_for(db, village, village.anna)

        async with db() as uow:
            kept = await uow.accounts.code(code_hash(code))
        assert len(code) == CODE_LENGTH and set(code) <= set(CODE_ALPHABET) and not set(code) & set("0O1IL")
        assert kept.member_id == village.anna.id and kept.code_hash != code and code not in repr(kept)
        assert (kept.expires_at - kept.created_at).total_seconds() == 600

    async def test_a_new_code_replaces_the_members_earlier_one(self, db, village):
        first = await code_for(db, village, village.anna)
        second = await code_for(db, village, village.anna)

        async with db() as uow:
            assert await uow.accounts.code(code_hash(first)) is None
            assert await uow.accounts.code(code_hash(second)) is not None


class TestFinishLink:
    async def test_the_typing_identity_joins_the_member_who_asked_and_sees_what_is_theirs(self, db, village,
                                                                                         conversation):
        await village.deposit(village.anna)
        async with db() as uow:
            await uow.members.grant(village.branch.id, village.anna.id, Role.PADRIVER)
            await uow.commit()
        anna = person(conversation, Identity("test", "anna"))
        on_discord = person(conversation, ANNA_ON_DISCORD)

        asked = await anna.say("/connect")
        joined = await on_discord.say(f"/connect {code_in(asked).lower()[:4]} {code_in(asked).lower()[4:]}")
        who = await on_discord.say("/whoami")
        await on_discord.say("/mydreams")
        mine = " ".join(on_discord.buttons)

        assert "write /connect " in asked and "within 10 minutes" in asked
        assert "Done: this Discord account is Anna's now" in joined
        assert "You are Anna" in who and "pådriver" in who and "Linked: Test, Discord" in who
        assert "A bench by the fjord" in mine
        async with db() as uow:
            assert await uow.members.by_identity(ANNA_ON_DISCORD) == await uow.members.get(village.anna.id)
            assert [i.platform for i in await uow.members.identities(village.anna.id)] == ["test", "discord"]

    async def test_a_code_works_once(self, db, village, conversation):
        code = await code_for(db, village, village.anna)
        await person(conversation, ANNA_ON_DISCORD).say(f"/connect {code}")

        again = await person(conversation, Identity("telegram", "777")).say(f"/connect {code}")

        assert again == "That code was used already. Write /connect in your other account for a new one."
        async with db() as uow:
            assert (await uow.members.by_identity(Identity("telegram", "777"))).id != village.anna.id

    async def test_a_code_expires_after_ten_minutes(self, db, village):
        code = await code_for(db, village, village.anna)

        village.clock.advance(minutes=10)

        kind, said = await refusal_of(db, village, ANNA_ON_DISCORD, code)
        assert kind is CountedRefusal and said.startswith("That code has expired")

    @pytest.mark.parametrize("typed", ["ABCDEFGH", "abc", "", "0OIL1OIL", "ABCDEFGHJ"])
    async def test_a_wrong_code_is_refused_and_counted(self, db, village, typed):
        await code_for(db, village, village.anna)

        kind, said = await refusal_of(db, village, ANNA_ON_DISCORD, typed)

        assert kind is CountedRefusal and said.startswith("That code is not one I gave.")

    async def test_five_wrong_codes_in_ten_minutes_make_the_account_wait_even_for_the_right_one(
            self, db, village, conversation):
        code = await code_for(db, village, village.anna)
        guesser = person(conversation, ANNA_ON_DISCORD)
        for guess in range(WRONG_MAX):
            await guesser.say(f"/connect AAAAAAA{CODE_ALPHABET[guess + 1]}")
            village.clock.advance(minutes=1)

        waiting = await guesser.say(f"/connect {code}")
        village.clock.advance(minutes=5)
        after = await guesser.say(f"/connect {await code_for(db, village, village.anna)}")

        assert waiting == "That was too many wrong codes. Please wait 5 minutes and try again."
        assert after.startswith("Done: this Discord account is Anna's now")

    async def test_an_account_with_its_own_things_is_not_emptied_into_another_and_is_told_what_to_do(
            self, db, village):
        code = await code_for(db, village, village.anna)
        dream_id = await village.deposit(village.anna)
        other = await newcomer(db, village)
        async with db() as uow:
            await uow.bank.add_like(Like(dream_id, other.id, village.clock.now()))
            await uow.commit()

        kind, said = await refusal_of(db, village, ANNA_ON_DISCORD, code)

        assert kind is Refused
        assert said == ("This account has likes of its own, so I cannot join it to another. Do it the other way "
                        "round: write /connect here, and type the code in your other account.")
        async with db() as uow:
            assert (await uow.members.by_identity(ANNA_ON_DISCORD)).id == other.id
            assert await uow.accounts.wrong_since(ANNA_ON_DISCORD, village.clock.now()) == []

    async def test_each_thing_an_account_has_is_named(self, db, village):
        code = await code_for(db, village, village.anna)
        other = await newcomer(db, village, Role.BOARD)
        await village.deposit(other)

        kind, said = await refusal_of(db, village, ANNA_ON_DISCORD, code)

        assert said.startswith("This account has dreams, roles of its own")

    async def test_a_member_with_an_account_on_that_platform_already_is_refused(self, db, village):
        code = await code_for(db, village, village.anna)

        kind, said = await refusal_of(db, village, Identity("test", "someone-new"), code)

        assert kind is Refused and said.startswith("The account that asked for this code has a Test account already.")

    async def test_the_code_typed_where_it_was_asked_for_is_refused(self, db, village, conversation):
        anna = person(conversation, Identity("test", "anna"))
        code = code_in(await anna.say("/connect"))

        said = await anna.say(f"/connect {code}")

        assert said == "This account asked for that code itself. Type it in your account on the other platform."

    async def test_a_refused_link_changes_nothing_but_the_count(self, db, village):
        await code_for(db, village, village.anna)

        await refusal_of(db, village, ANNA_ON_DISCORD, "ZZZZZZZZ")

        async with db() as uow:
            assert await uow.members.by_identity(ANNA_ON_DISCORD) is None
            assert await uow.accounts.wrong_since(ANNA_ON_DISCORD, village.clock.now()) == []  # not committed here
