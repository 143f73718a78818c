"""`/link bank` written in a channel, where Telegram names no author: a button that only a branch admin who
administers the channel may press."""

from __future__ import annotations

import asyncio

import pytest

from core.model.branches import ChatPurpose
from tests.e2e.telegram_harness import Branchside, telegram_branch

NEW_CHANNEL = -1001000000009


@pytest.fixture
async def tg(tmp_path):
    async with telegram_branch(tmp_path) as side:
        side.api.channel(NEW_CHANNEL, "Fjordby dreams")
        yield side


async def offer(tg: Branchside, text: str = "/link bank") -> dict:
    """The channel post `text`; the bot's answer in the channel."""
    before = len(tg.api.messages_in(NEW_CHANNEL))
    tg.api.channel_post(NEW_CHANNEL, text)
    await tg.api.wait_for("sendMessage", chat_id=NEW_CHANNEL)
    await tg.idle()
    [answer] = tg.api.messages_in(NEW_CHANNEL)[before:]
    return answer


async def bank_chat(tg: Branchside) -> str | None:
    async with tg.app.uow() as uow:
        branch = await uow.branches.by_slug("fjordby")
        links = await uow.branches.links(branch.id)
    return next((link.chat_id for link in links if link.purpose is ChatPurpose.BANK), None)


async def toast(tg: Branchside, name: str, message: dict, label: str) -> dict:
    await tg.press(name, message, label)
    return tg.api.calls_to("answerCallbackQuery")[-1].params


class TestLinkBankInAChannel:
    async def test_the_channel_post_is_answered_with_a_button_to_link_it(self, tg):
        answer = await offer(tg)

        assert "branch admin" in answer["text"]
        assert [label for row in tg.buttons(answer) for label, _data in row] == ["Link this chat as the bank of Fjordby"]

    async def test_a_branch_admin_who_administers_the_channel_links_it_and_the_message_says_so(self, tg):
        tg.api.add_member(NEW_CHANNEL, tg.users["gustav"], "administrator")
        answer = await offer(tg)

        said = await toast(tg, "gustav", answer, "Link this chat as the bank of Fjordby")

        assert await bank_chat(tg) == str(NEW_CHANNEL)
        edited = tg.api.message(NEW_CHANNEL, answer["message_id"])
        assert edited["text"] == "This chat now shows the bank of Fjordby: approved dreams will be posted here."
        assert tg.buttons(edited) == [] and not said.get("show_alert")

    async def test_a_channel_administrator_who_is_no_branch_admin_is_refused_kindly(self, tg):
        tg.api.add_member(NEW_CHANNEL, tg.users["frida"], "administrator")
        answer = await offer(tg)

        said = await toast(tg, "frida", answer, "Link this chat as the bank of Fjordby")

        assert said["show_alert"] is True and said["text"] == "Only a branch admin can link a chat to the branch."
        assert await bank_chat(tg) != str(NEW_CHANNEL)
        assert tg.api.message(NEW_CHANNEL, answer["message_id"])["text"] == answer["text"]

    async def test_a_branch_admin_who_does_not_administer_the_channel_is_refused_kindly(self, tg):
        tg.api.add_member(NEW_CHANNEL, tg.users["gustav"], "member")
        answer = await offer(tg)

        said = await toast(tg, "gustav", answer, "Link this chat as the bank of Fjordby")

        assert said["show_alert"] is True
        assert said["text"] == "Only an administrator of this chat can link it; your press changed nothing."
        assert await bank_chat(tg) != str(NEW_CHANNEL)

    async def test_other_channel_posts_are_left_alone(self, tg):
        tg.api.channel_post(NEW_CHANNEL, "Good morning, neighbours!")
        tg.api.channel_post(NEW_CHANNEL, "/link@another_bot bank")
        await asyncio.sleep(0.5)
        await tg.idle()

        assert tg.api.messages_in(NEW_CHANNEL) == []
