"""A branch on Discord for end-to-end tests: the real discord.py client against the Discord stand-in, over a real
websocket and real HTTP on 127.0.0.1."""

from __future__ import annotations

import asyncio
import contextlib
from dataclasses import dataclass, field
from typing import Any

from bots.discord.app import DiscordAdapter
from bots.discord.limits import discord_limits
from core.model.branches import Branch, ChatLink, ChatPurpose
from core.model.members import Identity, Role
from core.usecases.chats import link_chat
from dreambank.bootstrap import App, build
from dreambank.settings import Settings
from tests.factories import add_member
from tests.standins.discord import DiscordLimits, DiscordStandIn

SECRET = "e2e-secret-for-the-discord-tests"
#: interaction response types, as the stand-in records them
MESSAGE, DEFERRED_MESSAGE, DEFERRED_UPDATE, UPDATE_MESSAGE, MODAL = 4, 5, 6, 7, 9
#: a deposit's two pages, answered
PAGE_ONE = {"title": "A reading bench", "story": "Books for everyone, by the fjord.", "needs": ["materials", "time"]}
ALL_YES = {"non_profit": "yes", "social_value": "yes", "realisable": "yes"}
SPEED = 10  # Discord's rate limits in their proportions, this many times quicker: the stand-in enforces them,
ENFORCED = DiscordLimits(scale=SPEED)  # and the deliverer paces to them
FAST = discord_limits().scaled(SPEED)
PEOPLE = {  # name: (roles, Discord locale, administers the server)
    "anna": ([], "en-US", False), "bjorn": ([Role.BOARD], "en-US", False), "cecilie": ([Role.BOARD], "no", False),
    "dag": ([Role.BOARD], "en-GB", False), "frida": ([], "en-US", False), "gustav": ([Role.ADMIN], "en-US", True),
    "hanne": ([Role.COMMUNITY_MANAGER], "en-US", False),
}
#: names of people who are on Telegram too (for linking identities), with their Telegram ids
ON_TELEGRAM = {"anna": 7001}


@dataclass
class Server:
    """The stand-in's server with the branch's people, its board channel and bank forum, and the running bot."""

    standin: DiscordStandIn
    app: App
    guild: int
    board: int
    bank: int
    lounge: int
    users: dict[str, int] = field(default_factory=dict)
    adapter: DiscordAdapter | None = None
    _stop: asyncio.Event | None = None
    _running: asyncio.Task | None = None
    deliver: bool = False

    # --- the bot ------------------------------------------------------------------------------------------

    async def start_bot(self) -> None:
        """A new client (as a new process would make), connected and ready, its commands registered."""
        assert self._running is None, "the bot runs already"
        self.adapter = self.app.discord_adapter(limits=FAST, deliver=self.deliver, ready_after=0.05)
        self._stop = asyncio.Event()
        self._running = asyncio.create_task(self.adapter.run(self._stop))
        ready = asyncio.ensure_future(self.adapter.client.wait_until_ready())
        await asyncio.wait({ready, self._running}, timeout=10, return_when=asyncio.FIRST_COMPLETED)
        if self._running.done():
            ready.cancel()
            self._running.result()
        assert ready.done(), "the bot did not become ready"
        await self.standin.wait_for(lambda: bool(self.standin.commands), timeout=5.0)

    async def stop_bot(self) -> None:
        if self._running is None:
            return
        assert self._stop is not None
        self._stop.set()
        try:
            await asyncio.wait_for(self._running, 15)
        finally:
            self._running, self._stop, self.adapter = None, None, None

    async def restart_bot(self) -> None:
        await self.stop_bot()
        await self.start_bot()

    # --- people acting ------------------------------------------------------------------------------------

    def id(self, name: str) -> int:
        return self.users[name]

    async def slash(self, name: str, command: str, options: dict[str, Any] | None = None,
                    channel: int | None = None) -> Any:
        """`name` runs the slash command (in their DM with the bot unless `channel`); once it is answered."""
        handle = await self.standin.slash(self.id(name), command, options=options or {}, channel=channel)
        return await handle.settled()

    async def press(self, name: str, message: dict[str, Any], label: str) -> Any:
        """`name` presses the button labelled `label` on `message`; once it is answered."""
        custom_id = button(message, label)["custom_id"]
        handle = await self.standin.press(self.id(name), int(message["id"]), custom_id)
        return await handle.settled()

    async def choose(self, name: str, message: dict[str, Any], label: str) -> Any:
        """`name` picks the option labelled (in part) `label` in the message's select menu; once answered."""
        selects = [c for c in components(message) if c.get("type") == 3]
        picked = [(s, o) for s in selects for o in s.get("options") or [] if label in o.get("label", "")]
        assert picked, f"no option {label!r} in {[o.get('label') for s in selects for o in s.get('options') or []]}"
        select, option = picked[0]
        handle = await self.standin.choose(self.id(name), int(message["id"]), select["custom_id"], [option["value"]])
        return await handle.settled()

    async def submit(self, name: str, modal: dict[str, Any], answers: dict[str, Any]) -> Any:
        handle = await self.standin.submit(self.id(name), modal, answers)
        return await handle.settled()

    def identity(self, name: str) -> Identity:
        return Identity("discord", str(self.id(name)))

    async def dreams_of(self, name: str) -> list[Any]:
        async with self.app.uow() as uow:
            member = await uow.members.by_identity(self.identity(name))
            return list(await uow.dreams.owned_by(member.id))

    def dms(self, name: str) -> list[dict[str, Any]]:
        """What the bot wrote to `name` in their DMs (its notices, and its answers there)."""
        bot = str(self.standin.bot_user_id)
        return [m for m in self.standin.dms(self.id(name)) if m["author"]["id"] == bot]

    async def idle(self, quiet: float = 0.15, limit: float = 10) -> None:
        """Until nothing is left to deliver and the bot made no request for a while."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + limit
        seen = -1
        while loop.time() < deadline:
            now = len(self.standin.calls)
            async with self.app.uow() as uow:
                waiting = await uow.outbox.pending_on("discord", 1) or await uow.outbox.in_flight("discord")
            delivery = self.adapter.delivery if self.adapter is not None else None
            if now == seen and not waiting and (delivery is None or delivery.idle):
                return
            seen = now
            await asyncio.sleep(quiet)
        raise TimeoutError("the bot kept making requests, or notices stayed undelivered")

    def last(self, channel: int) -> dict[str, Any]:
        """The last message in a channel, as it is now."""
        found = self.standin.messages(channel)
        assert found, f"nothing in channel {channel}"
        return found[-1]


# --- a deposit, step by step ---------------------------------------------------------------------------------

async def first_page(dc: Server, name: str = "anna", answers: dict[str, Any] | None = None) -> Any:
    """`name` starts a deposit and sends its first page; the bot's answer to that page."""
    opened = await dc.slash(name, "dream deposit")
    assert opened.response_type == MODAL, answer_text(opened)
    return await dc.submit(name, opened, answers or PAGE_ONE)


async def continue_to(dc: Server, name: str, answered: Any, label: str = "Continue") -> Any:
    """`name` presses the answer's button that opens the form's next page; the modal it opens."""
    pressed = await dc.press(name, answered.message, label)
    assert pressed.response_type == MODAL, answer_text(pressed)
    return pressed


async def deposit(dc: Server, name: str = "anna", title: str = "A reading bench") -> str:
    """`name` deposits a dream, both pages; what the bot answered the last."""
    page_one = await first_page(dc, name, {**PAGE_ONE, "title": title})
    second = await continue_to(dc, name, page_one)
    return answer_text(await dc.submit(name, second, ALL_YES))


# --- reading what the bot sent ------------------------------------------------------------------------------

def components(message: dict[str, Any]) -> list[dict[str, Any]]:
    """Every component of a message or modal, inside rows and labels."""
    out: list[dict[str, Any]] = []

    def walk(items: list[dict[str, Any]]) -> None:
        for item in items:
            out.append(item)
            walk(item.get("components") or [])
            if item.get("component"):
                walk([item["component"]])

    walk(message.get("components") or [])
    return out


def labels(message: dict[str, Any]) -> list[str]:
    return [c.get("label", "") for c in components(message) if c.get("type") == 2]


def button(message: dict[str, Any], label: str) -> dict[str, Any]:
    found = [c for c in components(message) if c.get("type") == 2 and c.get("label") == label]
    assert found, f"no button {label!r} on the message; there are {labels(message)}"
    return found[0]


def inputs(modal: dict[str, Any]) -> list[str]:
    """The custom_ids of a modal's inputs, in order."""
    return [c["custom_id"] for c in components(modal) if c.get("type") in (3, 4, 5, 6, 7, 8) and c.get("custom_id")]


def text_of(message: dict[str, Any] | None) -> str:
    """A message's text and its embeds' texts, as one string to look in."""
    if message is None:
        return ""
    parts = [message.get("content") or ""]
    for embed in message.get("embeds") or []:
        parts += [embed.get("title") or "", embed.get("description") or ""]
        for f in embed.get("fields") or []:
            parts += [f.get("name") or "", f.get("value") or ""]
        parts.append((embed.get("footer") or {}).get("text") or "")
    return "\n".join(p for p in parts if p)


def answer_text(handle: Any) -> str:
    """What the bot answered an interaction: the message its response made or edited, then its follow-ups."""
    shown = [handle.message] if handle.message is not None else []
    data = (handle.response or {}).get("data") or {}
    if not shown and data:
        shown = [data]
    return "\n".join(text_of(m) for m in [*shown, *handle.followups])


async def set_up_branch(app: App, standin: DiscordStandIn) -> tuple[dict[str, int], int, int, int, int]:
    guild = standin.guild("Fjordby")
    board = standin.text_channel(guild, "board")
    bank = standin.forum_channel(guild, "dream-bank")
    lounge = standin.text_channel(guild, "lounge")
    users: dict[str, int] = {}
    async with app.uow() as uow:
        branch = await uow.branches.add(Branch("fjordby", "Fjordby", "en", "Europe/Oslo"))
        for name, (roles, locale, admin) in PEOPLE.items():
            users[name] = standin.user(name, locale=locale)
            standin.join(guild, users[name], admin=admin)
            member = await add_member(uow, branch.id, name.capitalize(), Identity("discord", str(users[name])),
                                      app.clock.now(), roles)
            del member
        await link_chat(uow, app.clock, None, ChatLink(branch.id, ChatPurpose.BOARD, "discord", str(board), "board"))
        await link_chat(uow, app.clock, None, ChatLink(branch.id, ChatPurpose.BANK, "discord", str(bank),
                                                       "dream-bank"))
        await uow.commit()
    return users, guild, board, bank, lounge


@contextlib.asynccontextmanager
async def discord_server(data_dir, database_url: str | None = None, deliver: bool = False,
                         limits: DiscordLimits | None = None):
    """The stand-in with the branch's server set up and the bot running in it."""
    async with DiscordStandIn(limits=limits or ENFORCED) as standin:
        settings = Settings(data_dir=data_dir, database_url=database_url, secret=SECRET,
                            discord_token=standin.token, discord_api_url=standin.api_url,
                            discord_gateway_url=standin.gateway_url, telegram_poll_seconds=0.05)
        app = await build(settings)
        try:
            users, guild, board, bank, lounge = await set_up_branch(app, standin)
            server = Server(standin, app, guild, board, bank, lounge, users, deliver=deliver)
            await server.start_bot()
            try:
                yield server
            finally:
                await server.stop_bot()
        finally:
            await app.close()
