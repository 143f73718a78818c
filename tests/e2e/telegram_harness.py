"""A branch on Telegram for end-to-end tests: the real bot application against the Bot API stand-in."""

from __future__ import annotations

import asyncio
import contextlib
from dataclasses import dataclass, field
from typing import Any

from bots.telegram.app import TelegramAdapter
from digests.delivery.channels import Limits
from core.model.branches import Branch, ChatLink, ChatPurpose
from core.model.members import Identity, Role
from core.usecases.chats import link_chat
from dreambank.bootstrap import App, build
from dreambank.settings import Settings
from tests.factories import add_member
from tests.standins.telegram import BotApiStandIn, FloodLimits

BOARD_GROUP, BANK_CHANNEL = -1001000000001, -1001000000002
SPEED = 100  # Telegram's flood limits in their proportions, this many times quicker: the bot paces to them and
FAST = Limits().scaled(SPEED)  # the stand-in enforces them, answering 429 with retry_after to a bot going faster
ENFORCED = FloodLimits(scale=SPEED)
PEOPLE = {  # name: (telegram id, roles, language)
    "anna": (1001, [], "en"), "bjorn": (1002, [Role.BOARD], "en"), "cecilie": (1003, [Role.BOARD], "nb"),
    "dag": (1004, [Role.BOARD], "en"), "frida": (1005, [], "en"), "gustav": (1006, [Role.ADMIN], "en"),
}


@dataclass
class Branchside:
    """The people, the board's group and the bank's channel, with helpers that wait for the bot."""

    api: BotApiStandIn
    app: App
    adapter: TelegramAdapter
    users: dict[str, dict[str, Any]] = field(default_factory=dict)

    def id(self, name: str) -> int:
        return self.users[name]["id"]

    async def say(self, name: str, text: str, chat: int | None = None) -> list[dict[str, Any]]:
        """`name` writes `text`; the bot's new messages in that chat, once it has answered."""
        where = self.id(name) if chat is None else chat
        before = len(self.api.messages_in(where))
        self.api.send_text(self.users[name], text, chat=chat)
        loop = asyncio.get_running_loop()
        deadline = loop.time() + 10
        while len(self.api.messages_in(where)) == before and loop.time() < deadline:
            await asyncio.sleep(0.02)
        await self.idle()
        return self.api.messages_in(where)[before:]

    async def press(self, name: str, message: dict[str, Any], label: str) -> None:
        """`name` presses the button labelled `label`; returns when the bot has answered the press."""
        before = len(self.api.calls_to("answerCallbackQuery"))
        self.api.press_button(self.users[name], message, label)
        await self.api.wait_for("answerCallbackQuery", count=before + 1)
        await self.idle()

    async def idle(self, quiet: float = 0.15, limit: float = 10) -> None:
        """Wait until nothing is left to deliver and the bot made no Bot API call (but polling) for a while."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + limit
        seen = -1
        while loop.time() < deadline:
            now = sum(1 for c in self.api.calls if c.method != "getUpdates")
            async with self.app.uow() as uow:
                waiting = await uow.outbox.pending_on("telegram", 1) or await uow.outbox.in_flight("telegram")
            if now == seen and not waiting and self.adapter.delivery.idle:
                return
            seen = now
            await asyncio.sleep(quiet)
        raise TimeoutError("the bot kept calling the Bot API")

    buttons = staticmethod(BotApiStandIn.buttons)

    def texts(self, chat: int) -> list[str]:
        return [m.get("text", "") for m in self.api.messages_in(chat)]

    def last(self, chat: int) -> dict[str, Any]:
        message = self.api.last_message(chat)
        assert message is not None, f"nothing in chat {chat}"
        return message


async def set_up_branch(app: App, api: BotApiStandIn) -> dict[str, dict[str, Any]]:
    users = {}
    async with app.uow() as uow:
        branch = await uow.branches.add(Branch("fjordby", "Fjordby", "en", "Europe/Oslo"))
        for name, (tid, roles, language) in PEOPLE.items():
            users[name] = api.user(tid, name.capitalize(), language_code=language)
            await add_member(uow, branch.id, name.capitalize(), Identity("telegram", str(tid)), app.clock.now(), roles)
        api.group(BOARD_GROUP, "Fjordby board")
        api.channel(BANK_CHANNEL, "Fjordby dream bank")
        await link_chat(uow, app.clock, None, ChatLink(branch.id, ChatPurpose.BOARD, "telegram", str(BOARD_GROUP),
                                                       "Fjordby board"))
        await link_chat(uow, app.clock, None, ChatLink(branch.id, ChatPurpose.BANK, "telegram", str(BANK_CHANNEL),
                                                       "Fjordby dream bank"))
        await uow.commit()
    return users


@contextlib.asynccontextmanager
async def telegram_branch(data_dir, database_url: str | None = None, public_url: str | None = None,
                          poll_seconds: float = 0.05):
    """The branch's bot running on long polling; its deliverer looks at the outbox every `poll_seconds` when
    nothing wakes it."""
    async with BotApiStandIn(max_poll_seconds=0.5, limits=ENFORCED) as api:
        settings = Settings(data_dir=data_dir, database_url=database_url, secret="e2e-secret-for-the-telegram-tests",
                            telegram_token=api.token, telegram_api_url=api.base_url, telegram_poll_seconds=poll_seconds,
                            public_url=public_url)
        app = await build(settings)
        try:
            users = await set_up_branch(app, api)
            adapter = app.telegram_adapter(limits=FAST, poll_timeout=1)
            stop = asyncio.Event()
            running = asyncio.create_task(adapter.run_polling(stop))
            await api.wait_for("getUpdates")
            try:
                yield Branchside(api, app, adapter, users)
            finally:
                stop.set()
                await asyncio.wait_for(running, 15)
        finally:
            await app.close()
