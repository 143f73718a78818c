"""Choosing what the bank sends in chat: an email address confirmed by a code, the digest, what comes by mail."""

from __future__ import annotations

import re

import pytest

from core.chat.buttons import Action, ButtonCodec
from core.chat.conversation import Conversation, Incoming
from core.errors import Refused
from core.i18n import translate
from core.model.members import Identity
from core.model.notices import NoticeKind
from core.model.preferences import DigestFrequency, MailTopic, Preferences
from core.usecases.preferences import choose_notify_on
from tests.chat_person import Person


codec = ButtonCodec(b"schedule-chat-test-secret")


@pytest.fixture
def conversation(db, village) -> Conversation:
    return Conversation(db, village.clock, codec)


async def mailed_codes(db, member_id: int) -> list:
    async with db() as uow:
        return [n for n in await uow.outbox.pending_on("email", 100)
                if n.notice.member_id == member_id and n.notice.kind is NoticeKind.EMAIL_CODE]


async def preferences_of(db, member_id: int) -> Preferences:
    async with db() as uow:
        return await uow.preferences.get(member_id)


class TestEmailAddress:
    async def test_a_code_is_mailed_to_the_address_and_typing_it_back_confirms_it(self, db, village, conversation):
        anna = Person(conversation, "anna")
        said = await anna.say("/email Anna@Example.ORG")
        assert "Anna@example.org" in said and "/email 123456" in said
        [mail] = await mailed_codes(db, village.people["anna"].id)
        assert mail.chat_id == "Anna@example.org" and mail.notice.via == "email"
        code = mail.notice.params["code"]
        assert re.fullmatch(r"\d{6}", code)
        async with db() as uow:  # a chat never shows the code mail
            assert all(n.kind is not NoticeKind.EMAIL_CODE
                       for n in await uow.outbox.pending_for(village.people["anna"].id))
        chosen = await preferences_of(db, village.people["anna"].id)
        assert chosen.email is None and chosen.pending_email == "Anna@example.org"
        assert code not in (chosen.code_hash or ""), "only a hash of the code is kept"
        said = await anna.say(f"/email {code}")
        assert "is confirmed" in said
        chosen = await preferences_of(db, village.people["anna"].id)
        assert chosen.email == "Anna@example.org" and chosen.pending_email is None
        assert chosen.newsletters_by_email and chosen.reminders_by_email and not chosen.digest_by_email

    async def test_wrong_codes_are_counted_and_a_used_up_code_confirms_nothing(self, db, village, conversation):
        anna = Person(conversation, "anna")
        await anna.say("/email anna@example.org")
        [mail] = await mailed_codes(db, village.people["anna"].id)
        wrong = "000000" if mail.notice.params["code"] != "000000" else "111111"
        for _ in range(4):
            assert "not right" in await anna.say(f"/email {wrong}")
        assert "used up" in await anna.say(f"/email {wrong}")
        assert "no longer valid" in await anna.say(f"/email {mail.notice.params['code']}")
        assert (await preferences_of(db, village.people["anna"].id)).email is None

    async def test_an_old_code_is_refused_and_a_new_one_can_be_asked_for(self, db, village, conversation):
        anna = Person(conversation, "anna")
        await anna.say("/email anna@example.org")
        assert "Give it a minute" in await anna.say("/email anna@example.org")
        village.clock.advance(minutes=31)
        [old] = await mailed_codes(db, village.people["anna"].id)
        assert "no longer valid" in await anna.say(f"/email {old.notice.params['code']}")
        await anna.say("/email anna@example.org")
        codes = await mailed_codes(db, village.people["anna"].id)
        assert len(codes) == 2
        assert "is confirmed" in await anna.say(f"/email {codes[-1].notice.params['code']}")

    @pytest.mark.parametrize("address", ["not an address", "a@b", "<script>@x.org", "x" * 250 + "@example.org",
                                         "anna@exa mple.org"])
    async def test_what_is_not_an_address_is_refused_kindly_and_nothing_is_mailed(self, db, village, conversation,
                                                                                   address):
        anna = Person(conversation, "anna")
        said = await anna.say(f"/email {address}")
        assert "does not look like an email address" in said
        assert await mailed_codes(db, village.people["anna"].id) == []
        assert anna.last.refused

    async def test_a_code_without_a_request_and_forgetting_an_address(self, db, village, conversation):
        anna = Person(conversation, "anna")
        assert "no code waiting" in await anna.say("/email 123456")
        assert "no email address of yours" in await anna.say("/email off")
        async with db() as uow:
            await uow.preferences.save(Preferences(village.people["anna"].id, email="anna@example.org",
                                                   newsletters_by_email=True, digest_by_email=True))
            await uow.commit()
        assert "anna@example.org" in await anna.say("/email")
        assert "forgotten" in await anna.say("/email off")
        chosen = await preferences_of(db, village.people["anna"].id)
        assert chosen.email is None and not chosen.newsletters_by_email and not chosen.digest_by_email


    async def test_without_mail_set_up_no_address_is_asked_for(self, db, village):
        anna = Person(Conversation(db, village.clock, codec, mail=False), "anna")
        assert "does not send email" in await anna.say("/email anna@example.org")
        assert anna.last.refused and await mailed_codes(db, village.people["anna"].id) == []
        assert "/email" not in await anna.say("/settings")


class TestSettings:
    async def test_the_digest_frequency_and_switches_change_in_place(self, db, village, conversation):
        anna = Person(conversation, "anna")
        said = await anna.say("/settings")
        assert "Digest of what happened: weekly" in said
        assert "Digest by email" not in anna.buttons, "email choices wait for an address"
        await anna.press("daily")
        assert anna.last.messages[0].replaces
        assert (await preferences_of(db, village.people["anna"].id)).digest is DigestFrequency.DAILY
        await anna.press("✓ Digest here in chat")
        assert not (await preferences_of(db, village.people["anna"].id)).digest_in_chat
        assert "✗ Digest here in chat" in anna.buttons

    async def test_email_switches_need_a_confirmed_address(self, db, village, conversation):
        anna = Person(conversation, "anna")
        forged = codec.encode(Action.SWITCH, 1)  # "digest by email", pressed without an address
        reply = await conversation.handle(Incoming(anna.identity, "x", token=forged))
        assert reply.refused
        assert not (await preferences_of(db, village.people["anna"].id)).digest_by_email
        async with db() as uow:
            await uow.preferences.save(Preferences(village.people["anna"].id, email="anna@example.org"))
            await uow.commit()
        await anna.say("/settings")
        await anna.press("✗ Digest by email")
        assert (await preferences_of(db, village.people["anna"].id)).wants_email(MailTopic.DIGEST)

    async def test_a_switch_out_of_range_changes_nothing(self, db, village, conversation):
        anna = Person(conversation, "anna")
        reply = await conversation.handle(Incoming(anna.identity, "x", token=codec.encode(Action.SWITCH, 9)))
        assert reply.messages and (await preferences_of(db, village.people["anna"].id)) == \
            Preferences(village.people["anna"].id)


class TestNoticesOn:
    async def test_a_member_on_one_platform_is_not_asked_where_notices_go(self, conversation):
        said = await Person(conversation, "anna").say("/settings")

        assert "Notices on" not in said

    async def test_a_member_on_two_platforms_chooses_the_one_notices_go_to(self, db, village, conversation):
        async with db() as uow:
            await uow.accounts.move_identity(Identity("discord", "2002"), village.anna.id)
            await uow.commit()
        anna = Person(conversation, "anna")

        before = await anna.say("/settings")
        labels = list(anna.buttons)
        chosen = await anna.press("Discord")

        assert "Notices on: wherever I reach you first." in before and {"Test", "Discord"} <= set(labels)
        assert "Notices on: Discord." in chosen and "✓ Discord" in anna.buttons and anna.last.messages[0].replaces
        async with db() as uow:
            assert (await uow.members.get(village.anna.id)).notify_on == "discord"

    async def test_a_platform_the_member_is_not_on_is_refused(self, db, village):
        async with db() as uow:
            with pytest.raises(Refused) as refused:
                await choose_notify_on(uow, village.anna, "discord")
        assert translate(refused.value.reason, "en") == "This account is not on Discord. /connect links it there first."
