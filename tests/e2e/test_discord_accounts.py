"""One person on Telegram and Discord: the code `/connect` shows on Telegram, typed in `/connect` on Discord,
makes the Discord account the Telegram member's, with everything that is theirs."""

from __future__ import annotations

import re

import pytest

from core.chat.conversation import Incoming
from core.i18n import translate
from core.model.members import Identity, Role
from tests.e2e.discord_harness import answer_text, discord_server
from tests.factories import add_member

TELEGRAM_ANNA = Identity("telegram", "7001")


@pytest.fixture
async def dc(tmp_path):
    async with discord_server(tmp_path) as server:
        async with server.app.uow() as uow:
            [branch] = await uow.branches.all()
            await add_member(uow, branch.id, "Anna on Telegram", TELEGRAM_ANNA, server.app.clock.now(), [Role.BOARD])
            await uow.commit()
        yield server


async def code_on_telegram(dc) -> str:
    """What Telegram's adapter hands core when Anna writes /connect there; the code core answers with."""
    reply = await dc.app.conversation.handle(Incoming(TELEGRAM_ANNA, "Anna", text="/connect"))
    shown = translate(reply.messages[0].lines[0], "en")
    found = re.search(r"/connect (\S+)", shown)
    assert found, shown
    return found.group(1)


class TestConnectingAccounts:
    async def test_the_code_from_telegram_typed_on_discord_makes_the_discord_account_the_same_member(self, dc):
        before = await dc.slash("anna", "review")
        code = await code_on_telegram(dc)

        linked = await dc.slash("anna", "connect", {"code": code})
        after = await dc.slash("anna", "review")

        assert "Done: this Discord account is Anna on Telegram's now" in answer_text(linked)
        assert "Only the board" in answer_text(before)
        assert "Only the board" not in answer_text(after)
        async with dc.app.uow() as uow:
            telegram = await uow.members.by_identity(TELEGRAM_ANNA)
            discord = await uow.members.by_identity(Identity("discord", str(dc.id("anna"))))
        assert telegram.id == discord.id

    async def test_a_wrong_code_is_refused_kindly_and_links_nothing(self, dc):
        await code_on_telegram(dc)

        refused = await dc.slash("anna", "connect", {"code": "ZZZZ2222"})

        assert "That code is not one I gave." in answer_text(refused)
        async with dc.app.uow() as uow:
            telegram = await uow.members.by_identity(TELEGRAM_ANNA)
            discord = await uow.members.by_identity(Identity("discord", str(dc.id("anna"))))
        assert telegram.id != discord.id
