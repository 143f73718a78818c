"""Crash repeats: a deliverer killed with SIGKILL at random moments while it sends a broadcast, restarted each time,
on PostgreSQL and on SQLite. Counts, from what the Bot API stand-in received, the messages each kill made go twice,
against the bound: the sends in flight at the kill.

    python3 dev.py bench-kills [--kills 10] [--recipients 3000] [--scale 5] [--latency 0.05] [--quick]

Each start of `dreambank deliver` takes a few seconds (importing it), so a kill costs that too.

The stand-in answers each send `--latency` seconds after it delivered it (Telegram's round trip), so at a kill
some sends have arrived and are unanswered: nothing can stop those from being repeats (Telegram takes no
idempotency key). Per kill it prints: the sends the stand-in held unanswered at the kill, those that arrived after
it (already on the wire), the notices the database shows begun and unfinished (their start was committed before the
request; the next deliverer sends them again as possibly sent), those only claimed (sent once, not repeats), the
repeats this kill caused (of those begun, the ones that had reached their chat since the restart before it; a
message that went three times was begun and gone at two kills, one repeat each), and how many of those had been
answered before the kill, the oldest answer how long before it: a send answered whose outcome was not yet written
down is repeated as well, and no sender can write an answer down before it has it. PASS when nothing is lost, every
repeat is a notice whose send had begun at a kill, so that the repeats at each kill are at most those begun there
(at most the recorder's 10 unrecorded sends, whatever the moment), and the repeats not answered at each kill are at
most the requests in flight. Its own PostgreSQL database `dreambank_bench_kills` (dropped at the end) when
DREAMBANK_TEST_POSTGRES_URL names a server.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import random
import signal
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import create_async_engine
from sqlalchemy.pool import NullPool

from benchmarks.delivery import stopping
from dreambank.settings import Settings
from storage.database import on_server
from tests.e2e.delivery_setup import FIRST_ID, environment, populate, start_deliverer
from tests.standins.telegram import BotApiStandIn, FloodLimits

TOKEN = "515151:kills-token"  # nosec B105 # the local stand-in's, no secret
BOUND = 10  # the recorder's unrecorded_most: the most sends begun and not recorded at any moment
ANSWERED_LATELY = 1.0  # seconds: sends answered this shortly before a kill are looked for among its repeats


@dataclass
class Kill:
    unanswered: int  # delivered by the stand-in, not yet answered, at the kill
    arrived_after: int  # on the wire at the kill: delivered after it
    begun: set[str]  # chats of notices begun and unfinished in the database after the kill
    claimed: set[str]  # chats of notices claimed, never begun
    answered: dict[str, float]  # chats whose last send was answered before the kill: how many seconds before
    repeated: set[str]  # chats of notices begun and unfinished that reached their chat since the last restart

    @property
    def in_flight(self) -> int:
        return self.unanswered + self.arrived_after

    @property
    def repeats(self) -> int:
        """The next deliverer sends every begun notice again: those that had already gone go twice."""
        return len(self.repeated)

    @property
    def repeats_answered(self) -> list[float]:
        """Of the repeats, those whose answer had come back before the kill: how many seconds before."""
        return [self.answered[chat] for chat in self.repeated if chat in self.answered]

    @property
    def repeats_in_flight(self) -> int:
        return self.repeats - len(self.repeats_answered)


@dataclass
class Run:
    where: str
    recipients: int
    kills: list[Kill] = field(default_factory=list)
    repeats: int = 0
    lost: int = 0
    outside: int = 0  # repeats beyond the notices begun and gone at the kills (must be none)
    rejected: int = 0

    @property
    def passed(self) -> bool:
        return (not self.lost and not self.outside and all(len(k.begun) <= BOUND for k in self.kills)
                and all(k.repeats_in_flight <= k.in_flight for k in self.kills))


async def in_flight(url: str) -> tuple[set[str], set[str]]:
    """The chats of the notices left claimed: those whose send had begun, and those only claimed."""
    engine = create_async_engine(url, poolclass=NullPool)
    try:
        async with engine.connect() as connection:
            rows = (await connection.execute(sa.text(
                "SELECT chat_id, started_at IS NOT NULL FROM notices WHERE status = 'sending'"))).all()
    finally:
        await engine.dispose()
    return {c for c, begun in rows if begun}, {c for c, begun in rows if not begun}


async def waiting(url: str) -> int:
    engine = create_async_engine(url, poolclass=NullPool)
    try:
        async with engine.connect() as connection:
            return int(await connection.scalar(sa.text(
                "SELECT count(*) FROM notices WHERE status IN ('pending', 'sending')")) or 0)
    finally:
        await engine.dispose()


async def one_run(where: str, settings: Settings, args: argparse.Namespace, chance: random.Random) -> Run:
    url = settings.resolved_database_url()
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    await populate(settings, args.recipients)
    run = Run(where, args.recipients)
    async with BotApiStandIn(token=TOKEN, limits=FloodLimits(scale=args.scale), record_calls=False,
                             answer_seconds=args.latency) as api:
        api.users_bulk(FIRST_ID, args.recipients)
        env = environment(settings, api.base_url, TOKEN, per_second=30 * args.scale * 0.9)
        chats = [FIRST_ID + i for i in range(args.recipients)]
        counts = dict.fromkeys(chats, 0)  # the messages each chat had after the last kill
        for _ in range(args.kills):
            async with stopping(await start_deliverer(env)) as deliverer:
                before = api.flood_stats.accepted
                while api.flood_stats.accepted == before and deliverer.returncode is None:
                    await asyncio.sleep(0.005)  # killed while sending, not while starting up
                await asyncio.sleep(chance.uniform(0.05, 0.8))
                unanswered, at_kill = api.unanswered, api.flood_stats.accepted
                deliverer.send_signal(signal.SIGKILL)
                killed_at = time.monotonic()
                answered = {str(chat): killed_at - at for chat, at in api.answered_at.items()
                            if killed_at - at < ANSWERED_LATELY}
                await deliverer.wait()
            await asyncio.sleep(0.3)  # what was on the wire arrives, or never does
            begun, claimed = await in_flight(url)
            now = {chat: api.delivered_count(chat) for chat in chats}
            gone = {str(chat) for chat in chats if now[chat] > counts[chat]}
            counts = now
            run.kills.append(Kill(unanswered, api.flood_stats.accepted - at_kill, begun, claimed, answered,
                                  begun & gone))
        async with stopping(await start_deliverer(env)) as deliverer:
            while await waiting(url):
                if deliverer.returncode is not None:
                    raise RuntimeError("the last deliverer stopped before the broadcast was sent")
                await asyncio.sleep(0.3)
        delivered = [api.delivered_count(chat) for chat in chats]
        run.rejected = api.flood_stats.rejected_429
    run.lost = sum(1 for n in delivered if n == 0)
    run.repeats = sum(n - 1 for n in delivered if n > 1)
    run.outside = run.repeats - sum(k.repeats for k in run.kills)
    return run


@contextlib.asynccontextmanager
async def own_database(server: str, name: str):
    base = make_url(server)
    await on_server(base, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    await on_server(base, f'CREATE DATABASE "{name}"')
    try:
        yield base.set(database=name).render_as_string(hide_password=False)
    finally:
        await on_server(base, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def report(run: Run) -> None:
    print(f"\n{run.where}: {run.recipients} recipients, {len(run.kills)} kills")
    print(f"  {'kill':>4} {'unanswered':>10} {'arrived after':>13} {'in flight':>9} {'begun':>5} {'claimed':>7} "
          f"{'repeats':>7} {'answered':>8} {'ms before':>9}")
    for n, k in enumerate(run.kills, 1):
        latest = f"{max(k.repeats_answered) * 1000:.1f}" if k.repeats_answered else "-"
        print(f"  {n:>4} {k.unanswered:>10} {k.arrived_after:>13} {k.in_flight:>9} {len(k.begun):>5} "
              f"{len(k.claimed):>7} {k.repeats:>7} {len(k.repeats_answered):>8} {latest:>9}")
    kills = len(run.kills) or 1
    flight = sum(k.in_flight for k in run.kills)
    begun = sum(len(k.begun) for k in run.kills)
    answered = [age for k in run.kills for age in k.repeats_answered]
    print(f"  repeats per kill {run.repeats / kills:.2f} (in flight at the stand-in {flight / kills:.2f} per kill, "
          f"begun in the database {begun / kills:.2f}, bound {BOUND}); repeats / in flight "
          f"{run.repeats / flight if flight else 0.0:.2f}; lost {run.lost}; repeats not of a notice begun at a kill "
          f"{run.outside}; 429s {run.rejected}")
    oldest = f", the answer at most {max(answered) * 1000:.1f} ms before the kill" if answered else ""
    print(f"  of the repeats per kill, {(run.repeats - len(answered)) / kills:.2f} were in flight and "
          f"{len(answered) / kills:.2f} answered, their outcome not yet written{oldest}")
    print(f"  {'PASS' if run.passed else 'MISS'}: nothing lost, every repeat begun at its kill, "
          f"repeats per kill <= begun <= {BOUND}, repeats not answered <= in flight at every kill")


async def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--kills", type=int, help="kills per database (10; 2 with --quick)")
    parser.add_argument("--recipients", type=int, help="the broadcast's size (3,000; 400 with --quick)")
    parser.add_argument("--scale", type=float, default=5.0, help="Telegram's limits times this (30/s -> 150/s)")
    parser.add_argument("--latency", type=float, default=0.05, help="seconds the stand-in takes to answer a send")
    parser.add_argument("--seed", type=int, help="the random moments' seed (printed)")
    parser.add_argument("--database", default="dreambank_bench_kills", help="the PostgreSQL database made and dropped")
    parser.add_argument("--quick", action="store_true", help="2 kills, 400 recipients: a smoke run")
    args = parser.parse_args()
    args.kills = args.kills or (2 if args.quick else 10)
    args.recipients = args.recipients or (400 if args.quick else 3000)
    seed = args.seed if args.seed is not None else random.SystemRandom().randrange(1 << 32)
    moments = random.Random  # nosec B311 # the kills' moments, replayable from the seed; nothing secret
    # a SIGTERM ends the run like Ctrl-C does: through the blocks that stop what it started
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, asyncio.current_task().cancel)
    print(f"Bot API stand-in on 127.0.0.1 at {30 * args.scale:.0f} msg/s (the deliverer paced at 90 % of it), "
          f"answering each send after {args.latency * 1000:.0f} ms; seed {seed}.")
    runs = []
    with tempfile.TemporaryDirectory() as tmp:
        server = os.environ.get("DREAMBANK_TEST_POSTGRES_URL")
        if server:
            async with own_database(server, args.database) as url:
                runs.append(await one_run("PostgreSQL", Settings(data_dir=Path(tmp) / "pg", database_url=url), args,
                                          moments(seed)))
            report(runs[-1])
        runs.append(await one_run("SQLite", Settings(data_dir=Path(tmp) / "sqlite"), args, moments(seed)))
        report(runs[-1])
    passed = all(r.passed for r in runs)
    print(f"\n{'PASS' if passed else 'MISS'} overall")
    return 0 if passed else 1


if __name__ == "__main__":
    code = 1
    with contextlib.suppress(KeyboardInterrupt, asyncio.CancelledError):
        code = asyncio.run(main())
    raise SystemExit(code)
