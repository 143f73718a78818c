"""Signing in without a password: a one-time link from a chat or by mail opens a session once; used, expired or
unknown links are refused; sessions end and expire; mail goes only to confirmed addresses, not twice a minute."""

from __future__ import annotations

import re

import pytest

from core.chat.buttons import ButtonCodec
from core.chat.conversation import Conversation, Incoming
from core.chat.turn import ChatPlace
from core.errors import Refused
from core.i18n import translate
from core.model.members import Identity
from core.model.notices import NoticeKind
from core.model.preferences import Preferences
from core.model.sign_in import token_hash
from core.usecases.sign_in import mail_sign_in_link, redeem, session_member, sign_in_link, sign_out
from tests.chat_person import Person

URL = "https://bank.example.org"


async def a_token(db, village, name: str = "anna") -> str:
    async with db() as uow:
        token = await sign_in_link(uow, village.clock, village.people[name])
        await uow.commit()
    return token


async def redeemed(db, village, token: str) -> tuple:
    async with db() as uow:
        found = await redeem(uow, village.clock, token)
        await uow.commit()
    return found


async def refusal(db, village, token: str) -> str:
    async with db() as uow:
        with pytest.raises(Refused) as refused:
            await redeem(uow, village.clock, token)
    return translate(refused.value.reason, "en")


async def member_of(db, village, session: str):
    async with db() as uow:
        return await session_member(uow, village.clock, session)


class TestLinks:
    async def test_a_link_opens_a_session_for_its_member_once(self, db, village):
        token = await a_token(db, village)
        member, session = await redeemed(db, village, token)
        assert member == village.people["anna"]
        assert await member_of(db, village, session) == member
        assert "used already" in await refusal(db, village, token)
        assert token_hash(token) in db.store.sign_in_links and token not in str(db.store.sign_in_links)
        assert session not in str(db.store.web_sessions)
        actions = [e.action for e in db.store.audit]
        assert actions[-2:] == ["sign_in_link", "signed_in"]

    async def test_an_unknown_or_expired_link_is_refused_and_opens_nothing(self, db, village):
        token = await a_token(db, village)
        assert "not one the bank made" in await refusal(db, village, token + "x")
        assert "not one the bank made" in await refusal(db, village, "")
        assert "not one the bank made" in await refusal(db, village, "x" * 500)
        village.clock.advance(minutes=15)
        assert "expired" in await refusal(db, village, token)
        assert db.store.web_sessions == {}

    async def test_a_link_works_until_its_fifteenth_minute(self, db, village):
        token = await a_token(db, village)
        village.clock.advance(minutes=14, seconds=59)
        assert (await redeemed(db, village, token))[0] == village.people["anna"]


class TestSessions:
    async def test_a_session_lasts_thirty_days_and_ends_when_signed_out(self, db, village):
        _member, session = await redeemed(db, village, await a_token(db, village))
        _other, kept = await redeemed(db, village, await a_token(db, village))
        async with db() as uow:
            await sign_out(uow, village.clock, session)
            await sign_out(uow, village.clock, "no such session")
            await uow.commit()
        assert await member_of(db, village, session) is None
        assert await member_of(db, village, kept) == village.people["anna"]  # her other browser stays in
        village.clock.advance(days=30)
        assert await member_of(db, village, kept) is None
        assert await member_of(db, village, "") is None
        assert [e.action for e in db.store.audit].count("signed_out") == 1


class TestMail:
    async def mail(self, db, village, address: str) -> None:
        async with db() as uow:
            await mail_sign_in_link(uow, village.clock, address, URL)
            await uow.commit()

    async def test_a_link_is_mailed_to_a_confirmed_address_only_and_not_twice_a_minute(self, db, village):
        anna = village.people["anna"]
        async with db() as uow:
            await uow.preferences.save(Preferences(anna.id, email="anna@example.org"))
            await uow.preferences.save(Preferences(village.people["frida"].id, pending_email="frida@example.org"))
            await uow.commit()
        for address in ("anna@Example.org", "frida@example.org", "nobody@example.org", "anna@example.org"):
            await self.mail(db, village, address)
        [notice] = db.notices_for(anna.id)
        assert (notice.kind, notice.via, notice.address) == (NoticeKind.SIGN_IN_LINK, "email", "anna@example.org")
        assert notice.params["minutes"] == 15 and notice.params["branch"] == "Fjordby"
        token = re.fullmatch(rf"{URL}/signin/(\S+)", notice.params["url"]).group(1)
        village.clock.advance(seconds=60)
        await self.mail(db, village, "anna@example.org")
        assert len(db.notices_for(anna.id)) == 2
        assert (await redeemed(db, village, token))[0] == anna

    async def test_what_cannot_be_an_address_is_refused(self, db, village):
        async with db() as uow:
            with pytest.raises(Refused):
                await mail_sign_in_link(uow, village.clock, "not an address", URL)


class TestChat:
    async def test_web_gives_a_link_that_works_once_within_15_minutes(self, db, village):
        conversation = Conversation(db, village.clock, ButtonCodec(b"sign-in-test-secret"), web_url=URL + "/")
        said = await Person(conversation, "anna").say("/web")
        token = re.search(rf"{URL}/signin/(\S+)", said).group(1)
        assert "once, within 15 minutes" in said
        assert (await redeemed(db, village, token))[0] == village.people["anna"]

    async def test_without_a_web_address_there_is_nothing_to_sign_in_to(self, db, village):
        conversation = Conversation(db, village.clock, ButtonCodec(b"sign-in-test-secret"))
        said = await Person(conversation, "anna").say("/web")
        assert "no web pages" in said and db.store.sign_in_links == {}

    async def test_in_a_group_the_link_is_not_given_but_asked_for_in_a_private_chat(self, db, village):
        conversation = Conversation(db, village.clock, ButtonCodec(b"sign-in-test-secret"), web_url=URL)
        reply = await conversation.handle(Incoming(Identity("test", "anna"), "Anna", text="/web",
                                                   place=ChatPlace("-100", private=False)))
        said = " ".join(translate(line, reply.language) for m in reply.messages for line in m.lines)
        assert "private chat" in said and "/signin/" not in said and db.store.sign_in_links == {}
