"""The circle of pådrivere on Telegram, end to end: the closed group's invite, join requests, removal, newsletters."""

from __future__ import annotations

import pytest

from core.model.branches import ChatLink, ChatPurpose
from core.model.members import Identity, Member, Role
from core.usecases import padrivere
from core.usecases.chats import link_chat
from core.usecases.members import revoke_role
from tests.e2e.telegram_harness import Branchside, telegram_branch

CIRCLE = -1001000000003


@pytest.fixture
async def tg(tmp_path):
    async with telegram_branch(tmp_path) as side:
        side.api.group(CIRCLE, "Fjordby pådrivere")
        async with side.app.uow() as uow:
            branch = await uow.branches.by_slug("fjordby")
            await link_chat(uow, side.app.clock, None, ChatLink(branch.id, ChatPurpose.CIRCLE, "telegram",
                                                                str(CIRCLE), "Fjordby pådrivere"))
            gustav = await uow.members.by_identity(Identity("telegram", str(side.id("gustav"))))
            await uow.members.grant(branch.id, gustav.id, Role.COMMUNITY_MANAGER)
            await uow.commit()
        yield side


async def member(tg: Branchside, name: str) -> Member:
    async with tg.app.uow() as uow:
        return await uow.members.by_identity(Identity("telegram", str(tg.id(name))))


def url_of(message: dict, label: str) -> str:
    return next(value for row in Branchside.buttons(message) for text, value in row if text == label)


class TestTheClosedGroup:
    async def test_an_approved_padriver_asks_to_join_through_the_button_is_let_in_and_removed_with_the_role(self, tg):
        anna = await member(tg, "anna")
        async with tg.app.uow() as uow:
            branch = await uow.branches.get(anna.branch_id)
            competence = padrivere.competence_list(branch)[0]
            await padrivere.apply(uow, tg.app.clock, anna, branch, [competence], "", "weekends", True)
            await uow.commit()
        tg.adapter.delivery.wake()
        await tg.idle()

        await tg.press("gustav", tg.last(tg.id("gustav")), "Approve")
        invite = url_of(tg.last(tg.id("anna")), "Join the pådriver group")
        tg.api.join_request(tg.users["anna"], CIRCLE, invite_link=invite)
        await tg.api.wait_for("approveChatJoinRequest", user_id=tg.id("anna"))
        await tg.idle()

        assert invite == tg.api.invite_links(CIRCLE)[0]["invite_link"]
        assert tg.api.member_status(CIRCLE, tg.id("anna")) == "member"
        assert tg.texts(tg.id("anna"))[-1].startswith("Welcome to the pådrivere of Fjordby!")

        async with tg.app.uow() as uow:
            await revoke_role(uow, tg.app.clock, None, anna.branch_id, anna.id, Role.PADRIVER)
            await uow.commit()
        tg.adapter.delivery.wake()
        await tg.idle()

        assert tg.api.member_status(CIRCLE, tg.id("anna")) == "left"
        assert tg.api.messages_in(CIRCLE) == []

    async def test_someone_who_is_not_a_padriver_is_declined_kindly(self, tg):
        tg.api.join_request(tg.users["frida"], CIRCLE)
        await tg.api.wait_for("declineChatJoinRequest", user_id=tg.id("frida"))
        await tg.idle()

        assert "/padriver" in tg.texts(tg.id("frida"))[-1]
        assert tg.api.member_status(CIRCLE, tg.id("frida")) == "left"


class TestNewsletter:
    async def test_a_newsletter_with_a_picture_reaches_every_member_as_a_photo_with_its_text(self, tg):
        await tg.say("gustav", "/newsletter")
        await tg.say("gustav", "Summer party on Saturday!")
        update = tg.api.send_photo(tg.users["gustav"], width=1600, height=1200)
        await tg.api.wait_for("sendMessage", chat_id=tg.id("gustav"), text=lambda t: "Who should get it?" in t)
        await tg.idle()
        await tg.press("gustav", tg.last(tg.id("gustav")), "all members")
        await tg.press("gustav", tg.last(tg.id("gustav")), "Skip")
        await tg.press("gustav", tg.last(tg.id("gustav")), "Send the newsletter")
        await tg.idle()

        picture = update["message"]["photo"][-1]["file_id"]
        for name in ("anna", "cecilie", "frida"):
            last = tg.last(tg.id(name))
            assert last["caption"] == "Summer party on Saturday!"
            assert last["photo"][-1]["file_id"] == picture
