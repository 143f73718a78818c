"""Linking a channel, where posts name no author: `/link bank` offers a button, and the press is checked."""

from __future__ import annotations

import pytest

from core.chat.buttons import ButtonCodec
from core.chat.conversation import Conversation, Incoming
from core.chat.turn import ChatPlace
from core.i18n import translate
from core.model.branches import ChatPurpose
from core.model.members import Identity
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
