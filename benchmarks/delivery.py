"""Delivery benchmark: dreambank's engine against a plain loop with AIORateLimiter, on a stand-in of
the Bot API that enforces Telegram's limits exactly (scaled up together, so a run takes ~20 s).

    python3 dev.py bench [--scale 5] [--seconds 20] [--memory-n 100000] [--memory-scale 5]

Prints, for each way of sending: wall time (first to last accepted message), the ideal time N /
rate, ideal/actual, 429s received, duplicates and losses; then the engine's peak memory with a
broadcast to --memory-n recipients.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import gc
import os
import re
import secrets
import signal
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from dreambank.settings import Settings
from tests.e2e.delivery_setup import FIRST_ID, environment, populate, start_deliverer
from tests.standins.telegram import BotApiStandIn, FloodLimits

TOKEN = "424242:benchmark-token"


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
        return self.last - self.first + 1 / self.rate  # the last message takes its slot too

    @property
    def ideal(self) -> float:
        return self.n / self.rate

    def row(self) -> str:
        return (f"{self.name:28} {self.n:>7} {self.wall:>9.2f} s {self.ideal:>8.2f} s {self.ideal / self.wall:>8.3f} "
                f"{self.rejected:>6} {self.duplicates:>6} {self.losses:>6}")


def measured(name: str, api: BotApiStandIn, n: int, rate: float) -> Figures:
    times = api.flood_stats.times()
    delivered = [api.delivered_count(FIRST_ID + i) for i in range(n)]
    return Figures(name, n, rate, times[0] if times else 0.0, times[-1] if times else 0.0,
                   api.flood_stats.rejected_429, sum(c - 1 for c in delivered if c > 1),
                   sum(1 for c in delivered if c == 0))


@contextlib.asynccontextmanager
async def database(data_dir: Path):
    """A fresh PostgreSQL database when DREAMBANK_TEST_POSTGRES_URL names a server, else SQLite in data_dir."""
    server = os.environ.get("DREAMBANK_TEST_POSTGRES_URL")
    if not server:
        yield None
        return
    from sqlalchemy.engine import make_url

    from storage.database import on_server

    base = make_url(server)
    name = f"dreambank_bench_{secrets.token_hex(4)}"
    await on_server(base, f'CREATE DATABASE "{name}"')
    try:
        yield base.set(database=name).render_as_string(hide_password=False)
    finally:
        await on_server(base, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextlib.asynccontextmanager
async def stopping(process: asyncio.subprocess.Process, grace: float = 10.0):
    """The process is stopped and waited for when the block is left, however it is left (an error, Ctrl-C)."""
    try:
        yield process
    finally:
        if process.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                process.terminate()
            try:
                await asyncio.wait_for(asyncio.shield(process.wait()), grace)
            except (asyncio.TimeoutError, asyncio.CancelledError):
                with contextlib.suppress(ProcessLookupError):
                    process.kill()
                await process.wait()


async def engine_run(n: int, scale: float, data_dir: Path) -> tuple[Figures, float]:
    async with database(data_dir) as url:
        return await _engine_run(n, scale, Settings(data_dir=data_dir, database_url=url))


async def _engine_run(n: int, scale: float, settings: Settings) -> tuple[Figures, float]:
    rate = 30 * scale
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    await populate(settings, n)
    async with BotApiStandIn(token=TOKEN, limits=FloodLimits(scale=scale), record_calls=False) as api:
        api.users_bulk(FIRST_ID, n)
        env = environment(settings, api.base_url, TOKEN, per_second=rate, DREAMBANK_LOG_LEVEL="WARNING")
        async with stopping(await start_deliverer(env)) as deliverer:
            while api.flood_stats.accepted < n:
                await asyncio.sleep(0.2)
                if deliverer.returncode is not None:
                    raise RuntimeError("the deliverer stopped early")
            await asyncio.sleep(0.5)
            deliverer.terminate()
            _out, err = await deliverer.communicate()
        peak = re.search(r"peak memory ([\d.]+) MB", err.decode())
        return measured("dreambank delivery engine", api, n, rate), float(peak.group(1)) if peak else float("nan")


async def baseline_run(n: int, scale: float) -> Figures:
    rate = 30 * scale
    async with BotApiStandIn(token=TOKEN, limits=FloodLimits(scale=scale), record_calls=False) as api:
        api.users_bulk(FIRST_ID, n)
        async with stopping(await asyncio.create_subprocess_exec(
                sys.executable, "-m", "benchmarks.ptb_baseline", api.base_url, TOKEN, str(FIRST_ID), str(n),
                str(rate))) as loop:
            await loop.wait()
        return measured("PTB AIORateLimiter + loop", api, n, rate)


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=float, default=5.0, help="Telegram's limits times this (30/s -> 150/s)")
    parser.add_argument("--seconds", type=float, default=20.0, help="the ideal length of the rate runs")
    parser.add_argument("--memory-n", type=int, default=100_000, help="recipients for the memory run (0: skip)")
    parser.add_argument("--memory-scale", type=float, default=None,
                        help="the limits for the memory run (default: --scale, a rate one deliverer keeps up with "
                             "on a shared machine; 15 -> 450/s needs most of a free core)")
    args = parser.parse_args()
    # a SIGTERM ends the run like Ctrl-C does: through the finally blocks that stop what it started
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, asyncio.current_task().cancel)
    n = int(30 * args.scale * args.seconds)
    print(f"Bot API stand-in on 127.0.0.1 enforcing {30 * args.scale:.0f} msg/s per bot, "
          f"{args.scale:.0f} msg/s per chat; {n} recipients each.\n")
    where = "PostgreSQL" if os.environ.get("DREAMBANK_TEST_POSTGRES_URL") else "SQLite"
    print(f"The engine's outbox is on {where}. The stand-in stamps arrivals when it handles them, so its own\n"
          "garbage collector is held off during runs: a pause there would look like a burst from the sender.\n")
    gc.collect()
    gc.disable()
    print(f"{'':28} {'N':>7} {'wall':>11} {'ideal':>10} {'ideal/act':>8} {'429s':>6} {'dupl.':>6} {'lost':>6}")
    with tempfile.TemporaryDirectory() as tmp:
        engine, _ = await engine_run(n, args.scale, Path(tmp) / "rate")
        print(engine.row(), flush=True)
        baseline = await baseline_run(n, args.scale)
        print(baseline.row(), flush=True)
        print(f"\nengine wall / baseline wall: {engine.wall / baseline.wall:.3f}")
        if args.memory_n:
            started = time.monotonic()
            memory_scale = args.memory_scale or args.scale
            big, peak = await engine_run(args.memory_n, memory_scale, Path(tmp) / "memory")
            print(f"\nmemory run: {args.memory_n} recipients at {30 * memory_scale:.0f} msg/s: {big.wall:.1f} s "
                  f"(ideal {big.ideal:.1f} s), ideal/actual {big.ideal / big.wall:.3f}, {big.rejected} 429s, "
                  f"{big.duplicates} duplicates, "
                  f"{big.losses} lost; peak memory of the deliverer {peak:.1f} MB "
                  f"(whole run {time.monotonic() - started:.0f} s)")
    runs = [engine, big] if args.memory_n else [engine]
    targets = all(r.ideal / r.wall >= 0.95 and r.rejected == 0 and not r.duplicates and not r.losses for r in runs)
    print("\ntargets (each engine run: ideal/actual ≥ 0.95, no 429, no duplicate, nothing lost):",
          "met" if targets else "NOT met")


if __name__ == "__main__":
    with contextlib.suppress(KeyboardInterrupt, asyncio.CancelledError):
        asyncio.run(main())
