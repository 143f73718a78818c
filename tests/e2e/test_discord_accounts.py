"""One person on Telegram and Discord: the code `/connect` shows on Telegram, typed in `/connect` on Discord,
makes the Discord account the Telegram member's, with everything that is theirs."""

from __future__ import annotations

import asyncio
import contextlib
import re

import pytest

from core.chat.conversation import Incoming
from core.i18n import translate
from core.model.dreams import DreamState
from core.model.members import Identity, Role
from dreambank.bootstrap import build
from dreambank.settings import Settings
from tests.e2e import telegram_harness
from tests.e2e.discord_harness import (ENFORCED, ON_TELEGRAM, SECRET, Server, answer_text, deposit, discord_server,
                                       labels, set_up_branch, text_of)
from tests.e2e.telegram_harness import Branchside
from tests.factories import add_member
from tests.standins.discord import DiscordStandIn
from tests.standins.telegram import BotApiStandIn

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


@contextlib.asynccontextmanager
async def both_platforms(data_dir):
    """The branch's Discord server with its bot, and Telegram with its bot, both on the same database; Anna is on
    Telegram too, as a member of her own there."""
    async with DiscordStandIn(limits=ENFORCED) as standin, \
            BotApiStandIn(max_poll_seconds=0.5, limits=telegram_harness.ENFORCED) as api:
        settings = Settings(data_dir=data_dir, secret=SECRET, discord_token=standin.token,
                            discord_api_url=standin.api_url, discord_gateway_url=standin.gateway_url,
                            telegram_token=api.token, telegram_api_url=api.base_url, telegram_poll_seconds=0.05)
        app = await build(settings)
        try:
            users, guild, board, bank, lounge = await set_up_branch(app, standin)
            on_telegram = {name: api.user(tid, name.capitalize()) for name, tid in ON_TELEGRAM.items()}
            async with app.uow() as uow:
                [branch] = await uow.branches.all()
                for name, tid in ON_TELEGRAM.items():
                    await add_member(uow, branch.id, f"{name.capitalize()} on Telegram",
                                     Identity("telegram", str(tid)), app.clock.now(), [])
                await uow.commit()
            dc = Server(standin, app, guild, board, bank, lounge, users, deliver=True)
            adapter = app.telegram_adapter(limits=telegram_harness.FAST, poll_timeout=1)
            stop = asyncio.Event()
            polling = asyncio.create_task(adapter.run_polling(stop))
            try:
                await api.wait_for("getUpdates")
                await dc.start_bot()
                try:
                    yield dc, Branchside(api, app, adapter, on_telegram)
                finally:
                    await dc.stop_bot()
            finally:
                stop.set()
                await asyncio.wait_for(polling, 15)
        finally:
            await app.close()


@pytest.fixture
async def both(tmp_path):
    async with both_platforms(tmp_path) as platforms:
        yield platforms


async def idle(dc: Server, tg: Branchside) -> None:
    """Until both bots have delivered everything (neither's deliveries make work for the other)."""
    await asyncio.gather(dc.idle(), tg.idle())


async def connected(dc: Server, tg: Branchside) -> int:
    """Anna writes /connect to the Telegram bot and types its code in /connect on Discord; her member's id."""
    [shown] = await tg.say("anna", "/connect")
    code = re.search(r"/connect (\S+)", shown["text"])
    assert code, shown["text"]

    linked = await dc.slash("anna", "connect", {"code": code.group(1)})

    assert "Done: this Discord account is Anna on Telegram's now" in answer_text(linked)
    async with dc.app.uow() as uow:
        anna = await uow.members.by_identity(Identity("telegram", str(tg.id("anna"))))
        assert (await uow.members.by_identity(dc.identity("anna"))).id == anna.id
    return anna.id


async def in_the_bank(dc: Server, name: str, title: str, board: tuple[str, str]) -> dict:
    """`name` deposits a dream on Discord and two of the board approve it; its post in the bank's forum."""
    await deposit(dc, name, title=title)
    await dc.idle()
    for voter in board:
        await dc.press(voter, dc.last(dc.board), "Approve")
        await dc.idle()
    [post] = [t for t in dc.standin.threads(dc.bank) if title in t["name"]]
    return post["messages"][0]


class TestOnePersonOnBothBots:
    async def test_connected_through_both_bots_a_like_on_discord_is_the_telegram_members(self, both):
        dc, tg = both
        anna = await connected(dc, tg)
        post = await in_the_bank(dc, "bjorn", "A reading bench", ("cecilie", "dag"))

        await dc.press("anna", post, "♥ Like")

        async with dc.app.uow() as uow:
            [dream] = await uow.dreams.in_state((await uow.branches.all())[0].id, [DreamState.APPROVED])
            assert list(await uow.bank.likers(dream.id)) == [anna]

    async def test_notices_go_to_the_platform_chosen_in_settings_on_either_bot(self, both):
        dc, tg = both
        await connected(dc, tg)
        settings = await dc.slash("anna", "settings")
        assert "Notices on: wherever I reach you first." in answer_text(settings)
        chosen = await dc.press("anna", settings.message, "Telegram")
        assert "Notices on: Telegram." in answer_text(chosen) and "✓ Telegram" in labels(chosen.message)
        telegram_before, discord_before = len(tg.texts(tg.id("anna"))), len(dc.dms("anna"))

        post = await in_the_bank(dc, "anna", "A swing by the school", ("bjorn", "cecilie"))  # written on Discord
        await idle(dc, tg)

        approved = "Your dream “A swing by the school” is approved"
        told = tg.texts(tg.id("anna"))[telegram_before:]
        assert any(approved in t for t in told), told
        assert not any(approved in text_of(m) for m in dc.dms("anna")[discord_before:])

        [on_telegram] = await tg.say("anna", "/settings")  # and back to Discord, chosen on Telegram
        await tg.press("anna", on_telegram, "Discord")
        assert "Notices on: Discord." in tg.api.message(tg.id("anna"), on_telegram["message_id"])["text"]
        telegram_before, discord_before = len(tg.texts(tg.id("anna"))), len(dc.dms("anna"))
        asked = await dc.press("frida", post, "I can help")
        need = asked.modal["components"][0]["component"]["options"][0]["value"]  # the swing's first need
        await dc.submit("frida", asked, {"need": [need], "description": "I can paint it."})
        await idle(dc, tg)

        offered = "Frida offers help to “A swing by the school”"
        assert any(offered in text_of(m) for m in dc.dms("anna")[discord_before:]), dc.dms("anna")[discord_before:]
        assert not any(offered in t for t in tg.texts(tg.id("anna"))[telegram_before:])
