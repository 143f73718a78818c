"""Discord delivery benchmark: dreambank's engine against discord.py's own rate limiting and a plain loop, on the
local Discord enforcing Discord's limits (scaled up together, so a run takes about 20 s).

    python3 dev.py bench-discord [--scale 1] [--seconds 20] [--workers 32]

A broadcast to N members on Discord, three ways, each against a fresh stand-in:

- dreambank's delivery engine (the outbox on PostgreSQL when DREAMBANK_TEST_POSTGRES_URL names a server,
  else SQLite), paced below the global limit;
- discord.py's own rate limiting: every `user.send` at once through one Client (asyncio.gather), left to
  discord.py's buckets and its handling of 429s;
- a plain loop of `await user.send(...)`.

Each new member costs two requests, opening the DM channel and the message, both under Discord's global
limit, so the ideal time is 2N / rate. Printed for each: wall time (first to last request Discord
accepted), the ideal, ideal/actual, 429s received, duplicates and losses.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import gc
import logging
import os
import signal
import tempfile
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import discord
import sqlalchemy as sa

from benchmarks.delivery import database
from bots.discord.channel import DiscordChannel
from bots.discord.limits import PER_SECOND, discord_limits
from core.model.branches import Branch
from core.model.notices import Broadcast, NoticeKind, Recipients
from digests.delivery.engine import DeliveryEngine, EngineSettings
from dreambank.bootstrap import App, build
from dreambank.settings import Settings
from storage.tables import IdentityRow, MemberRow
from tests.standins.discord import DiscordLimits, DiscordStandIn

TEXT = "The bench is built! Come and sit."
#: requests each new member costs: the DM channel is opened, then the message sent
REQUESTS_EACH = 2


@dataclass
class Figures:
    name: str
    n: int
    rate: float
    first: float
    last: float
    rejected: int
    duplicates: int
    losses: int

    @property
    def wall(self) -> float:
        return self.last - self.first + 1 / self.rate  # the last request takes its slot too

    @property
    def ideal(self) -> float:
        return REQUESTS_EACH * self.n / self.rate

    def row(self) -> str:
        return (f"{self.name:34} {self.n:>6} {self.wall:>9.2f} s {self.ideal:>8.2f} s {self.ideal / self.wall:>8.3f} "
                f"{self.rejected:>6} {self.duplicates:>6} {self.losses:>6}")


def measured(name: str, standin: DiscordStandIn, users: list[int], rate: float) -> Figures:
    accepted = sorted(c.at for c in standin.calls if c.ok and c.route in (OPEN_DM, MESSAGES))
    received = [sum(TEXT in (m.get("content") or "") for m in standin.dms(user)) for user in users]
    return Figures(name, len(users), rate, accepted[0] if accepted else 0.0, accepted[-1] if accepted else 0.0,
                   standin.too_many, sum(c - 1 for c in received if c > 1), sum(1 for c in received if c == 0))


OPEN_DM = "/users/@me/channels"
MESSAGES = "/channels/{channel_id}/messages"


def people(standin: DiscordStandIn, n: int) -> list[int]:
    guild = standin.guild("Fjordby")
    users = [standin.user(f"member{i}") for i in range(n)]
    for user in users:
        standin.join(guild, user)
    return users


async def populate(app: App, users: list[int]) -> None:
    """A branch whose members are these people on Discord, and a broadcast to them all."""
    async with app.uow() as uow:
        branch = await uow.branches.add(Branch("fjordby", "Fjordby"))
        now = datetime.now(timezone.utc)
        ids = (await uow.session.execute(sa.insert(MemberRow).returning(MemberRow.id), [
            dict(display_name=f"Member {i}", branch_id=branch.id, language=None, joined_at=now)
            for i in range(len(users))])).scalars().all()
        await uow.session.execute(sa.insert(IdentityRow), [
            dict(platform="discord", external_id=str(user), member_id=member_id)
            for user, member_id in zip(users, ids)])
        await uow.broadcasts.add(Broadcast(branch.id, NoticeKind.ANNOUNCEMENT, {"text": TEXT},
                                           Recipients("all"), now))
        await uow.commit()


async def until(condition, seconds: float) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + seconds
    while not condition():
        if loop.time() > deadline:
            raise TimeoutError("the broadcast did not finish in time")
        await asyncio.sleep(0.05)


async def engine_run(n: int, scale: float, data_dir: Path, workers: int) -> Figures:
    rate = PER_SECOND * scale
    async with database(data_dir) as url, DiscordStandIn(limits=DiscordLimits(scale=scale)) as standin:
        data_dir.mkdir(parents=True, exist_ok=True)
        users = people(standin, n)
        app = await build(Settings(data_dir=data_dir, database_url=url))
        stop = asyncio.Event()
        try:
            await populate(app, users)
            with standin.pointing():
                client = discord.Client(intents=discord.Intents.none())
                channel = DiscordChannel(client, app.uow, app.codec, app.clock, app.templates,
                                         discord_limits().scaled(scale))
                engine = DeliveryEngine(app.uow, channel, app.clock, app.lease("discord-delivery:benchmark"),
                                        EngineSettings(workers=workers, idle_seconds=0.05))
                await client.login(standin.token)
                running = asyncio.create_task(engine.run(stop))
                try:
                    await until(lambda: standin.sent_count >= n, 10 * n / rate + 30)
                finally:
                    stop.set()
                    await running
                    await client.close()
        finally:
            await app.close()
        return measured(f"dreambank engine ({workers} workers)", standin, users, rate)


async def library_run(n: int, scale: float, together: bool) -> Figures:
    """`user.send` for everyone: all at once (discord.py's rate limiting decides), or one after another."""
    rate = PER_SECOND * scale
    async with DiscordStandIn(limits=DiscordLimits(scale=scale)) as standin:
        users = people(standin, n)
        with standin.pointing():
            client = discord.Client(intents=discord.Intents.none())
            await client.login(standin.token)
            try:
                async def send(user_id: int) -> None:
                    user = discord.User(state=client._connection, data=standin.users[user_id])
                    with contextlib.suppress(discord.HTTPException):  # a send given up on is a loss, counted
                        await user.send(TEXT)

                if together:
                    await asyncio.gather(*(send(u) for u in users))
                else:
                    for user in users:
                        await send(user)
            finally:
                await client.close()
        name = "discord.py: gather of user.send" if together else "plain loop of await user.send"
        return measured(name, standin, users, rate)


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=float, default=1.0,
                        help="Discord's limits times this (2: 50/s -> 100/s, and each route's bucket twice as fast)")
    parser.add_argument("--seconds", type=float, default=20.0, help="the ideal length of each run")
    parser.add_argument("--workers", type=int, default=EngineSettings().workers, help="the engine's workers")
    args = parser.parse_args()
    logging.getLogger("discord").setLevel(logging.ERROR)  # discord.py's words on each 429 it sleeps on
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, asyncio.current_task().cancel)
    rate = PER_SECOND * args.scale
    n = max(1, int(rate * args.seconds / REQUESTS_EACH))
    print(f"Local Discord on 127.0.0.1 enforcing {rate:.0f} requests/s per bot and each route's bucket "
          f"({args.scale:g}× Discord's); {n} members each, {REQUESTS_EACH} requests a member.\n")
    where = "PostgreSQL" if os.environ.get("DREAMBANK_TEST_POSTGRES_URL") else "SQLite"
    print(f"The engine's outbox is on {where}; the three run in this process, one after another, each against a\n"
          "fresh stand-in, with the garbage collector held off so that a pause cannot bunch requests.\n")
    gc.collect()
    gc.disable()
    print(f"{'':34} {'N':>6} {'wall':>11} {'ideal':>10} {'ideal/act':>8} {'429s':>6} {'dupl.':>6} {'lost':>6}")
    with tempfile.TemporaryDirectory() as tmp:
        engine = await engine_run(n, args.scale, Path(tmp) / "engine", args.workers)
        print(engine.row(), flush=True)
    gathered = await library_run(n, args.scale, together=True)
    print(gathered.row(), flush=True)
    looped = await library_run(n, args.scale, together=False)
    print(looped.row(), flush=True)
    met = engine.ideal / engine.wall >= 0.95 and engine.rejected == 0 and not engine.duplicates and not engine.losses
    print("\ntarget (the engine: ideal/actual ≥ 0.95, no 429, no duplicate, nothing lost):",
          "met" if met else "NOT met")


if __name__ == "__main__":
    with contextlib.suppress(KeyboardInterrupt, asyncio.CancelledError):
        asyncio.run(main())
