"""Running the Discord adapter: discord.py's client on the gateway with the interaction handler, the slash
commands kept registered, and the deliverer of the bot's notices beside it."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import aiohttp
import discord
import yarl
from discord.gateway import DiscordWebSocket

from digests.delivery.engine import DeliveryEngine

from ..delivering import STOP_GRACE_SECONDS, finish_delivering
from .commands import app_commands_for
from .direct_messages import DirectMessageHandler
from .discussions import DiscussionHandler
from .interactions import InteractionHandler

log = logging.getLogger(__name__)
#: the gateway's close code for a token it does not accept
AUTHENTICATION_FAILED = 4004


class TokenRefused(Exception):
    """Discord did not accept the bot's token."""


class Unreachable(Exception):
    """Discord's API could not be reached (or answered only with its own failures)."""


def point_at(api_url: str, gateway_url: str) -> None:
    """Where discord.py finds Discord: its REST API and its gateway (a local stand-in's, in tests). discord.py
    reads both from class attributes, so they hold for the whole process."""
    discord.http.Route.BASE = api_url.rstrip("/")
    DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(gateway_url)


def intents() -> discord.Intents:
    """The servers and their channels, what people write to the bot in its DMs, and what they write in servers
    with its text (the message content intent: read only in the threads of the bank's dream posts). Interactions
    come without asking; nothing here needs the member lists."""
    wanted = discord.Intents.none()
    wanted.guilds = True
    wanted.dm_messages = True
    wanted.guild_messages = True
    wanted.message_content = True
    return wanted


def content_granted(flags: discord.ApplicationFlags) -> bool:
    """Whether the bot's message content intent is switched on in the developer portal (for a bot in fewer
    than 100 servers, "limited"); without it Discord refuses a connection that asks for the intent."""
    return flags.gateway_message_content or flags.gateway_message_content_limited


class DreambankClient(discord.Client):
    """discord.py's client with every interaction going to the handler, what is written in its DMs to the
    direct messages' and what is written in servers to the discussions', and the slash commands registered once
    it is ready."""

    def __init__(self, languages: Iterable[str] = ("en",), **options: Any) -> None:
        # the bot speaks in no voice channel: discord.py's warnings about voice libraries are only noise
        discord.VoiceClient.warn_nacl = discord.VoiceClient.warn_dave = False
        super().__init__(intents=intents(), chunk_guilds_at_startup=False,
                         allowed_mentions=discord.AllowedMentions.none(), **options)
        self.handler: InteractionHandler | None = None
        self.direct: DirectMessageHandler | None = None
        self.discussions: DiscussionHandler | None = None
        self._languages = tuple(languages)
        self._registered = False

    async def on_interaction(self, interaction: discord.Interaction) -> None:
        if self.handler is not None:
            await self.handler.on_interaction(interaction)

    async def on_message(self, message: discord.Message) -> None:
        handler = self.direct if message.guild is None else self.discussions
        if handler is not None:
            await handler.on_message(message)

    def fit_intents(self) -> None:
        """Logged in, not yet connected: the message content intent is asked for only when the portal grants
        it, so that a bot without it still connects (and takes in no forum talk)."""
        if self.intents.message_content and not content_granted(self.application_flags):
            log.warning("the bot's message content intent is off in the Discord developer portal: what members "
                        "write in the bank forum's threads is not taken in as comments until it is switched on")
            # discord.py identifies with the intents its state holds, and offers no other way to change them
            self._connection._intents.message_content = False

    async def on_ready(self) -> None:
        if self._registered:
            return  # a new session after a lost one: the commands are registered already
        self._registered = True
        try:
            changed = await register_commands(self, app_commands_for(self._languages))
        except discord.HTTPException as trouble:
            log.error("could not register the slash commands with Discord: %s %s", trouble.status, trouble.text)
            return
        log.info("slash commands %s", "registered" if changed else "unchanged")


async def register_commands(client: discord.Client, wanted: list[dict[str, Any]]) -> bool:
    """The bot's global slash commands made `wanted`, only when those Discord has differ (every change
    makes Discord show the commands anew to everyone); whether they were changed."""
    application_id = client.application_id
    if application_id is None:
        raise RuntimeError("registering commands needs a logged-in client")
    stored = await client.http.get_global_commands(application_id)
    if same_commands(wanted, list(stored)):
        return False
    await client.http.bulk_upsert_global_commands(application_id, payload=wanted)
    return True


def same_commands(wanted: list[dict[str, Any]], stored: list[Any]) -> bool:
    """Whether Discord has the commands as wanted: what was sent is there (Discord adds ids, versions and
    defaults, and leaves out what is empty), and no other command."""
    by_name = {c.get("name"): c for c in stored if isinstance(c, dict)}
    return len(by_name) == len(stored) == len(wanted) and all(_holds(by_name.get(w.get("name")), w) for w in wanted)


def _holds(stored: Any, wanted: Any) -> bool:
    if wanted in (None, False, "", [], {}) and stored in (None, False, "", [], {}):
        return True
    if isinstance(wanted, dict):
        return isinstance(stored, dict) and all(_holds(stored.get(k), v) for k, v in wanted.items())
    if isinstance(wanted, list):
        return (isinstance(stored, list) and len(stored) == len(wanted)
                and all(_holds(s, w) for s, w in zip(stored, wanted)))
    return stored == wanted


@dataclass
class DiscordAdapter:
    """The bot, built by the composition root: its client (with the interaction handler) and the engine that
    delivers its notices, running while the client is connected."""

    client: DreambankClient
    token: str
    api_url: str
    delivery: DeliveryEngine | None = None

    async def login(self) -> None:
        """Logged in over REST (the gateway comes after): TokenRefused or Unreachable, said plainly."""
        try:
            await self.client.login(self.token)
        except discord.LoginFailure:
            raise TokenRefused("Discord refused the bot's token") from None
        except discord.HTTPException as trouble:
            raise Unreachable(f"Discord answered {trouble.status} at {self.api_url}") from None
        except (aiohttp.ClientError, OSError, asyncio.TimeoutError) as trouble:
            raise Unreachable(f"could not reach Discord at {self.api_url} ({trouble or type(trouble).__name__})") \
                from None

    async def run(self, stop: asyncio.Event) -> None:
        """On the gateway until `stop` is set (or the connection fails for good, which stops everything)."""
        async with self.client:
            await self.login()
            self.client.fit_intents()
            connecting = asyncio.create_task(self.client.connect(reconnect=True), name="discord gateway")
            delivering = asyncio.create_task(self.delivery.run(stop), name="discord delivery") \
                if self.delivery is not None else None
            stopping = asyncio.create_task(stop.wait())
            try:
                await asyncio.wait({connecting, stopping}, return_when=asyncio.FIRST_COMPLETED)
                if connecting.done() and not stop.is_set():
                    try:
                        connecting.result()  # the failure, if it failed
                    except discord.ConnectionClosed as closed:
                        if closed.code == AUTHENTICATION_FAILED:
                            raise TokenRefused("Discord's gateway refused the bot's token") from None
                        raise Unreachable(f"Discord closed the gateway connection ({closed.code})") from None
                    raise Unreachable("Discord closed the gateway connection")
            finally:
                stop.set()
                stopping.cancel()
                await self.client.close()
                with contextlib.suppress(asyncio.CancelledError, Exception):
                    await asyncio.wait_for(connecting, STOP_GRACE_SECONDS)
                if delivering is not None:
                    await finish_delivering(delivering, "Discord")
