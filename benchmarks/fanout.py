"""A broadcast to a million: the fan-out written a chunk per transaction while another writer adds to the outbox
every 50 ms (its longest wait is how long the fan-out held the outbox against it), then the deliverer streaming
that backlog to the Bot API stand-in for a bounded time, its peak memory measured.

    python3 dev.py bench-fanout [--recipients 1000000] [--seconds 60] [--rate 600] [--quick] [--sqlite-only]

Recipients (members with a Telegram identity) are seeded set-based, in the benchmark's own PostgreSQL database
`dreambank_bench_fanout` (made and dropped; DREAMBANK_TEST_POSTGRES_URL names the server), then in a SQLite file.
The fan-out is run here as a deliverer runs it (`broadcasts.add` writes the first chunk in the caller's transaction,
then `broadcasts.fan_out_more` one chunk per transaction, 0.15 s apart); each chunk's time is the longest a writer can
wait on SQLite, whose write lock is the database's (on PostgreSQL an INSERT does not wait for another). The
deliverer then sends for `--seconds` (it need not send the whole million: memory does not depend on how much is
sent but on what a claim holds) and its peak resident memory (ru_maxrss, which it
logs when stopped) is set against 200 MB, and beside the same deliverer run as long on a broadcast to 1,000 (the
baseline: what the process needs whatever the backlog); the writer's longest wait against 1 s. Prints PASS or MISS.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import re
import signal
import statistics
import tempfile
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import sqlalchemy as sa

from benchmarks.delivery import stopping
from benchmarks.kills import own_database
from core.model.branches import Branch
from core.model.notices import Broadcast, Notice, NoticeKind, Recipients
from digests.delivery.engine import FAN_OUT_PAUSE
from dreambank.bootstrap import App, build
from dreambank.settings import Settings
from tests.e2e.delivery_setup import FIRST_ID, environment, start_deliverer
from tests.standins.telegram import BotApiStandIn

TOKEN = "616161:fanout-token"  # nosec B105 # the local stand-in's, no secret
MEMORY_TARGET_MB = 200.0
LOCK_TARGET_S = 1.0
WRITER_EVERY = 0.05
FLOOR_RECIPIENTS = 1_000  # the baseline: the same deliverer with a backlog a thousandth the size


@dataclass
class Figures:
    where: str
    recipients: int
    written: int
    seed_s: float
    fan_out_s: float
    chunks: list[float]
    writes: list[float]
    sent: int
    send_s: float
    peak_mb: float

    @property
    def longest_wait(self) -> float:
        return max(self.writes, default=0.0)

    def passed(self) -> tuple[bool, bool]:
        return self.peak_mb < MEMORY_TARGET_MB, self.longest_wait < LOCK_TARGET_S and self.written == self.recipients


def percentile(values: list[float], p: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


async def seed(app: App, count: int) -> int:
    """A branch and `count` members with a Telegram identity each (ids from FIRST_ID), in two set-based INSERTs."""
    async with app.uow() as uow:
        branch = await uow.branches.add(Branch("fjordby", "Fjordby"))
        await uow.commit()
    postgres = app.engine.dialect.name == "postgresql"
    series = ("SELECT g AS n FROM generate_series(1, :count) AS g" if postgres else
              "SELECT value AS n FROM generate_series(1, :count)")
    async with app.engine.begin() as connection:
        if not postgres:  # SQLite: a recursive counter (generate_series is an optional extension there)
            series = ("WITH RECURSIVE counter(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM counter WHERE n < :count) "
                      "SELECT n FROM counter")
        await connection.execute(sa.text(
            f"INSERT INTO members (display_name, branch_id, joined_at) "  # nosec B608 # fixed SQL, no input
            f"SELECT 'Member ' || n, :branch, :now FROM ({series}) AS s"),
            {"count": count, "branch": branch.id, "now": datetime.now(timezone.utc)})
        first = await connection.scalar(sa.text("SELECT min(id) FROM members WHERE branch_id = :b"), {"b": branch.id})
        await connection.execute(sa.text(
            "INSERT INTO identities (platform, external_id, member_id, reachable) "
            "SELECT 'telegram', CAST(id - :first + :first_id AS VARCHAR(200)), id, :yes FROM members "
            "WHERE branch_id = :b"), {"first": first, "first_id": FIRST_ID, "b": branch.id, "yes": True})
    if postgres:
        async with app.engine.connect() as connection:
            await connection.execute(sa.text("COMMIT"))
            await connection.exec_driver_sql("ANALYZE members")
            await connection.exec_driver_sql("ANALYZE identities")
    return branch.id


async def writer(app: App, branch_id: int, member_id: int, stop: asyncio.Event, waits: list[float]) -> None:
    """Another writer: a notice into the outbox every 50 ms, each timed from BEGIN to COMMIT."""
    while not stop.is_set():
        started = time.monotonic()
        async with app.uow() as uow:
            await uow.outbox.put(Notice(member_id, branch_id, NoticeKind.ROLE_GRANTED, {"role": "board"},
                                        app.clock.now()))
            await uow.commit()
        waits.append(time.monotonic() - started)
        await asyncio.sleep(WRITER_EVERY)


async def fan_out(app: App, branch_id: int) -> tuple[int, list[float], list[float]]:
    """The broadcast, a chunk per transaction, with the writer beside it: how many notices it wrote, each chunk's
    time, the writer's waits."""
    async with app.uow() as uow:
        member_id = await uow.session.scalar(sa.text("SELECT min(id) FROM members"))
    stop, waits = asyncio.Event(), []
    beside = asyncio.create_task(writer(app, branch_id, member_id, stop, waits))
    chunks = []
    try:
        await asyncio.sleep(0.2)
        started = time.monotonic()
        async with app.uow() as uow:
            broadcast = await uow.broadcasts.add(Broadcast(branch_id, NoticeKind.ANNOUNCEMENT,
                                                           {"text": "The bench is built! Come and sit."},
                                                           Recipients("all"), app.clock.now()))
            await uow.commit()
        chunks.append(time.monotonic() - started)
        while True:
            started = time.monotonic()
            async with app.uow() as uow:
                written = await uow.broadcasts.fan_out_more()
                await uow.commit()
            if not written:
                break
            chunks.append(time.monotonic() - started)
            await asyncio.sleep(FAN_OUT_PAUSE)  # as the deliverer pauses between chunks
        await asyncio.sleep(0.2)
    finally:
        stop.set()
        await beside
    async with app.uow() as uow:
        written = await uow.session.scalar(sa.text("SELECT count(*) FROM notices WHERE broadcast_id = :b"),
                                           {"b": broadcast.id})
        fanned = await uow.session.scalar(sa.text("SELECT fan_out_after IS NULL FROM broadcasts WHERE id = :b"),
                                          {"b": broadcast.id})
    if not fanned:
        raise RuntimeError("the broadcast's fan-out did not finish")
    return int(written or 0), chunks, waits


async def send_for(settings: Settings, seconds: float, rate: float, recipients: int) -> tuple[int, float, float]:
    """The deliverer against the stand-in for `seconds`: how many it sent, in how long, and its peak memory."""
    async with BotApiStandIn(token=TOKEN, record_calls=False) as api:
        api.users_bulk(FIRST_ID, recipients)
        env = environment(settings, api.base_url, TOKEN, per_second=rate, DREAMBANK_LOG_LEVEL="WARNING",
                          DREAMBANK_TELEGRAM_PER_CHAT_PER_SECOND="1")
        async with stopping(await start_deliverer(env)) as deliverer:
            while not api.flood_stats.accepted and deliverer.returncode is None:
                await asyncio.sleep(0.05)
            started, first = time.monotonic(), api.flood_stats.accepted
            while time.monotonic() - started < seconds and deliverer.returncode is None:
                await asyncio.sleep(0.2)
            sent, took = api.flood_stats.accepted - first, time.monotonic() - started
            deliverer.terminate()
            _out, err = await deliverer.communicate()
    peak = re.search(r"peak memory ([\d.]+) MB", err.decode())
    if peak is None:
        raise RuntimeError(f"the deliverer did not say its peak memory: {err.decode()[-2000:]}")
    return sent, took, float(peak.group(1))


async def one_run(where: str, settings: Settings, args: argparse.Namespace, recipients: int | None = None
                  ) -> Figures:
    recipients = recipients or args.recipients
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    app = await build(settings)
    try:
        started = time.monotonic()
        branch_id = await seed(app, recipients)
        seeded = time.monotonic() - started
        print(f"{where}: {recipients:,} recipients seeded in {seeded:.1f} s; fanning out …", flush=True)
        started = time.monotonic()
        written, chunks, waits = await fan_out(app, branch_id)
        fanned = time.monotonic() - started
    finally:
        await app.close()
    print(f"{where}: fanned out in {fanned:.1f} s; the deliverer sends for {args.seconds:.0f} s …", flush=True)
    sent, took, peak = await send_for(settings, args.seconds, args.rate, recipients)
    return Figures(where, recipients, written, seeded, fanned, chunks, waits, sent, took, peak)


def report(f: Figures) -> None:
    memory, lock = f.passed()
    print(f"\n{f.where}, {f.recipients:,} recipients (seeded in {f.seed_s:.1f} s)")
    print(f"  fan-out: {f.fan_out_s:.1f} s in {len(f.chunks)} transactions, {f.written:,} notices; a chunk's time p50 "
          f"{statistics.median(f.chunks):.3f} s, p95 {percentile(f.chunks, 95):.3f} s, longest {max(f.chunks):.3f} s")
    print(f"  the writer beside it, every {WRITER_EVERY * 1000:.0f} ms ({len(f.writes)} writes): p50 "
          f"{percentile(f.writes, 50) * 1000:.1f} ms, p95 {percentile(f.writes, 95) * 1000:.1f} ms, p99 "
          f"{percentile(f.writes, 99) * 1000:.1f} ms, longest {f.longest_wait:.3f} s (target < {LOCK_TARGET_S:.0f} s): "
          f"{'PASS' if lock else 'MISS'}")
    print(f"  deliverer: {f.sent:,} sent in {f.send_s:.1f} s ({f.sent / f.send_s if f.send_s else 0:.0f}/s) from the "
          f"backlog; peak memory {f.peak_mb:.1f} MB (target < {MEMORY_TARGET_MB:.0f} MB; 105 MB at 100,000 before "
          f"the chunked fan-out): {'PASS' if memory else 'MISS'}")


async def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--recipients", type=int, help="the broadcast's audience (1,000,000; 20,000 with --quick)")
    parser.add_argument("--seconds", type=float, help="how long the deliverer sends (60; 8 with --quick)")
    parser.add_argument("--rate", type=float, default=600.0, help="messages a second the deliverer is paced at")
    parser.add_argument("--database", default="dreambank_bench_fanout", help="the PostgreSQL database made and dropped")
    parser.add_argument("--sqlite-only", action="store_true", help="skip PostgreSQL")
    parser.add_argument("--quick", action="store_true", help="20,000 recipients, 8 s of sending: a smoke run")
    args = parser.parse_args()
    args.recipients = args.recipients or (20_000 if args.quick else 1_000_000)
    args.seconds = args.seconds or (8.0 if args.quick else 60.0)
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, asyncio.current_task().cancel)
    runs = []
    with tempfile.TemporaryDirectory() as tmp:
        server = None if args.sqlite_only else os.environ.get("DREAMBANK_TEST_POSTGRES_URL")
        if server:
            async with own_database(server, args.database) as url:
                runs.append(await one_run("PostgreSQL", Settings(data_dir=Path(tmp) / "pg", database_url=url), args))
            report(runs[-1])
        runs.append(await one_run("SQLite", Settings(data_dir=Path(tmp) / "sqlite"), args))
        report(runs[-1])
        floor = await one_run("SQLite, baseline", Settings(data_dir=Path(tmp) / "floor"), args, FLOOR_RECIPIENTS)
    print(f"\nbaseline: the same deliverer, {FLOOR_RECIPIENTS:,} recipients on SQLite, for the same time: peak memory "
          f"{floor.peak_mb:.1f} MB; with the backlog of {args.recipients:,}: "
          + ", ".join(f"{r.where} {r.peak_mb:.1f} MB ({r.peak_mb / floor.peak_mb:.2f}x)" for r in runs))
    passed = all(all(r.passed()) for r in runs)
    print(f"\n{'PASS' if passed else 'MISS'} overall")
    return 0 if passed else 1


if __name__ == "__main__":
    code = 1
    with contextlib.suppress(KeyboardInterrupt, asyncio.CancelledError):
        code = asyncio.run(main())
    raise SystemExit(code)
