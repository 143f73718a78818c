"""Linking a channel, where posts name no author: `/link bank` offers a button, and the press is checked."""

from __future__ import annotations

import pytest

from core.chat.buttons import ButtonCodec
from core.chat.conversation import Conversation, Incoming
from core.chat.turn import ChatPlace
from core.i18n import translate
from core.errors import Refused
from core.model.branches import ChatLink, ChatPurpose
from core.model.members import Identity
from core.usecases.chats import link_chat
from tests.factories import make_village

codec = ButtonCodec(b"chat-links-test-secret")
CHANNEL = ChatPlace("-1009", private=False, title="Fjordby dreams")


@pytest.fixture
async def setting(db):
    village = await make_village(db)
    conversation = Conversation(db, village.clock, codec)
    offer = await conversation.channel_post(CHANNEL, "/link bank", update_key="test:1")
    [[button]] = offer.messages[0].buttons
    return village, conversation, button.token


async def press(conversation: Conversation, name: str, token: str, place: ChatPlace):
    reply = await conversation.handle(Incoming(Identity("test", name), name, token=token, place=place))
    return reply, translate(reply.messages[0].lines[0], reply.language)


async def bank_link(village) -> str | None:
    async with village.db() as uow:
        links = await uow.branches.links(village.branch.id)
    return next((link.chat_id for link in links if link.purpose is ChatPurpose.BANK), None)


class TestLinkingAChannel:
    async def test_only_a_link_command_is_answered_and_a_repeated_post_only_once(self, db):
        village = await make_village(db)
        conversation = Conversation(db, village.clock, codec)

        chatter = await conversation.channel_post(CHANNEL, "Good morning!", update_key="test:1")
        offer = await conversation.channel_post(CHANNEL, "/link bank", update_key="test:2")
        again = await conversation.channel_post(CHANNEL, "/link bank", update_key="test:2")

        assert chatter is None and again is None
        assert translate(offer.messages[0].buttons[0][0].label, "en") == "Link this chat as the bank of Fjordby"

    async def test_a_branch_admin_who_administers_the_channel_links_it(self, setting):
        village, conversation, token = setting

        reply, said = await press(conversation, "gustav", token, ChatPlace(CHANNEL.chat_id, False, CHANNEL.title, True))

        assert not reply.refused and reply.messages[0].replaces
        assert said == "This chat now shows the bank of Fjordby: approved dreams will be posted here."
        assert await bank_link(village) == CHANNEL.chat_id

    @pytest.mark.parametrize("name, admin, refusal", [
        ("anna", True, "Only a branch admin can link a chat to the branch."),
        ("gustav", False, "Only an administrator of this chat can link it; your press changed nothing."),
        ("gustav", None, "Only an administrator of this chat can link it; your press changed nothing."),
    ])
    async def test_anyone_else_is_refused_and_nothing_changes(self, setting, name, admin, refusal):
        village, conversation, token = setting
        before = await bank_link(village)

        reply, said = await press(conversation, name, token, ChatPlace(CHANNEL.chat_id, False, CHANNEL.title, admin))

        assert reply.refused and said == refusal
        assert await bank_link(village) == before

    async def test_the_button_does_nothing_in_another_chat(self, setting):
        village, conversation, token = setting
        before = await bank_link(village)

        reply, said = await press(conversation, "gustav", token, ChatPlace("-1005", False, "Elsewhere", True))

        assert reply.refused and said == "That button is not valid. Nothing was changed."
        assert await bank_link(village) == before


class TestLinkingByRole:
    async def test_link_circle_with_a_role_keeps_the_role_that_opens_the_chat(self, db):
        village = await make_village(db)
        conversation = Conversation(db, village.clock, codec)
        category = ChatPlace("555", private=False, title="Pådrivere")

        reply = await conversation.handle(Incoming(Identity("test", "gustav"), "gustav", text="/link circle 777",
                                                   place=category))

        assert not reply.refused
        assert translate(reply.messages[0].lines[0], "en").startswith("This is now the pådrivere's place of Fjordby.")
        async with village.db() as uow:
            assert (await uow.branches.linked_chat("test", "555")).role_id == "777"

    async def test_a_discord_circle_without_its_role_is_refused_and_nothing_is_linked(self, db):
        village = await make_village(db)

        async with village.db() as uow:
            with pytest.raises(Refused) as refused:
                await link_chat(uow, village.clock, village.gustav, ChatLink(village.branch.id, ChatPurpose.CIRCLE,
                                                                              "discord", "1234567890123"))
            assert await uow.branches.links(village.branch.id) == []
        assert "Name the role that opens the pådrivere's category" in translate(refused.value.reason, "en")

    async def test_a_discord_circle_is_linked_with_its_role_and_the_audit_names_it(self, db):
        village = await make_village(db)

        async with village.db() as uow:
            await link_chat(uow, village.clock, village.gustav, ChatLink(village.branch.id, ChatPurpose.CIRCLE,
                                                                          "discord", "1234567890123", "padrivere",
                                                                          role_id=" 9876543210 "))
            await uow.commit()

        async with village.db() as uow:
            [link] = await uow.branches.links(village.branch.id)
            entries = await uow.audit.about(f"branch:{village.branch.id}")
        assert (link.platform, link.chat_id, link.role_id) == ("discord", "1234567890123", "9876543210")
        assert entries[-1].detail["role_id"] == "9876543210"


class TestBranchStart:
    def test_a_branch_s_parameter_is_read_and_made_again(self):
        from core.links import BRANCH, Links, Start

        start = Start.read("b-nordre-aker")

        assert (start.opens, start.slug, start.param) == (BRANCH, "nordre-aker", "b-nordre-aker")
        assert Links.telegram("dreambot").branch("fjordby") == "https://t.me/dreambot?start=b-fjordby"
        assert Links.console().branch("fjordby") == "/start b-fjordby"

    def test_a_branch_parameter_with_anything_but_a_short_name_s_letters_names_nothing(self):
        from core.links import Start

        assert [Start.read(p) for p in ("b-", "b-Fjordby", "b-fjord by", "b-" + "x" * 63, "b-ø")] == [None] * 5
