"""The Discord delivery engine running against the local Discord: real discord.py over real sockets, a real database."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import discord
import sqlalchemy as sa

from bots.discord.channel import DiscordChannel
from bots.discord.limits import discord_limits
from core.model.branches import Branch, ChatLink, ChatPurpose
from core.model.members import Identity, Member, Role
from core.model.notices import NoticeStatus
from digests.delivery.channels import Limits
from digests.delivery.engine import DeliveryEngine, EngineSettings
from dreambank.bootstrap import App, build
from dreambank.settings import Settings
from storage.tables import IdentityRow, NoticeRow
from tests.standins.discord import DiscordStandIn

#: quick to try again, so that tests of retries take a moment
QUICK = EngineSettings(batch=50, workers=32, max_tries=5, backoff_seconds=0.05, idle_seconds=0.02)


@dataclass
class Running:
    app: App
    client: discord.Client
    channel: DiscordChannel
    engine: DeliveryEngine

    def wake(self) -> None:
        self.engine.wake()


@contextlib.asynccontextmanager
async def delivering(standin: DiscordStandIn, data_dir: Path, *, database_url: str | None = None,
                     limits: Limits | None = None, settings: EngineSettings = QUICK,
                     app: App | None = None) -> AsyncIterator[Running]:
    """The engine sending the outbox's Discord notices until the block ends; its client logged in over REST."""
    own_app = app is None
    app = app or await build(Settings(data_dir=data_dir, database_url=database_url))
    stop = asyncio.Event()
    with standin.pointing():
        client = discord.Client(intents=discord.Intents(guilds=True))
        channel = DiscordChannel(client, app.uow, app.codec, app.clock, app.templates, limits or discord_limits(),
                                 app.discord_links())
        engine = DeliveryEngine(app.uow, channel, app.clock, app.lease("discord-delivery:tests"), settings)
        await client.login(standin.token)
        running = asyncio.create_task(engine.run(stop))
        try:
            yield Running(app, client, channel, engine)
        finally:
            stop.set()
            with contextlib.suppress(Exception):
                await asyncio.wait_for(running, 30)
            await client.close()
            if own_app:
                await app.close()


async def a_branch(app: App, name: str = "Fjordby") -> Branch:
    async with app.uow() as uow:
        branch = await uow.branches.add(Branch(name.lower(), name))
        await uow.commit()
    return branch


async def a_member(app: App, branch: Branch, name: str, discord_id: int | None = None, *,
                   roles: tuple[Role, ...] = (), telegram_id: int | None = None) -> Member:
    """A member known on Discord by `discord_id` (and on Telegram by `telegram_id`), with `roles`."""
    async with app.uow() as uow:
        first = Identity("discord", str(discord_id)) if discord_id is not None else \
            Identity("telegram", str(telegram_id))
        member = await uow.members.add(Member(name, branch.id, None, app.clock.now()), first)
        if discord_id is not None and telegram_id is not None:  # one person on both platforms
            await uow.session.execute(sa.insert(IdentityRow).values(platform="telegram", external_id=str(telegram_id),
                                                                    member_id=member.id))
        for role in roles:
            await uow.members.grant(branch.id, member.id, role)
        await uow.commit()
    return member


async def link(app: App, branch: Branch, purpose: ChatPurpose, chat_id: int, role_id: int | None = None) -> None:
    async with app.uow() as uow:
        await uow.branches.link(ChatLink(branch.id, purpose, "discord", str(chat_id),
                                         role_id=str(role_id) if role_id else ""))
        await uow.commit()


async def statuses(app: App) -> dict[str, int]:
    """How many Discord notices are in each state."""
    async with app.uow() as uow:
        rows = await uow.session.execute(sa.select(NoticeRow.status, sa.func.count()).group_by(NoticeRow.status))
        return {str(getattr(status, "value", status)): count for status, count in rows}


async def settled(app: App, seconds: float = 20.0) -> dict[str, int]:
    """Waits until no notice is pending or being sent; the count of each state."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + seconds
    while True:
        now = await statuses(app)
        if not now.get(NoticeStatus.PENDING.value) and not now.get(NoticeStatus.SENDING.value):
            return now
        if loop.time() > deadline:
            raise TimeoutError(f"notices still waiting: {now}")
        await asyncio.sleep(0.05)
