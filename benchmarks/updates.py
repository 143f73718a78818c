"""Webhook benchmark: dreambank's Telegram webhook worker handling a stream of mixed updates on PostgreSQL, beside
a bare python-telegram-bot application that answers each update with one database write and one reply.

    python3 dev.py bench-updates [--quick] [--seconds 20] [--turns 5] [--clients 1,16]
                                 [--database dreambank_bench_updates]

It makes a fresh database on the server DREAMBANK_TEST_POSTGRES_URL names, migrates it and seeds a branch, the
members who write (on Telegram) and 2,000 approved dreams; the Bot API stand-in of tests/standins runs in this
process on 127.0.0.1 and takes the replies. dreambank runs as deployed, `dreambank web` with
DREAMBANK_TELEGRAM_WEBHOOK_URL set, in a subprocess; the bare application (benchmarks/bare_webhook.py) in another.
Each client POSTs updates signed with the webhook's secret token, one at a time on one kept-alive connection, each
of its members going round: /deposit, the dream's title and its story (text in a dialog), a like, a press that opens
a dream, /cancel. Both webhooks answer after the update is handled and its replies sent, so the POST's round trip is
the latency. The two sides take turns in each window (five slices of it each, alternating), and so do one worker and
two behind the proxy, so that whatever else the machine does during the run falls on both alike. Per side and number
of clients: updates a second, p50/p95/p99 of the round trip, the worker's CPU time per update (user and system, from
/proc), the Bot API requests per update (a press is answered in the webhook's response, which the client hands to
the stand-in to carry out as Telegram does: no request), and the ratios to the bare floor; with the fewest clients,
p50 and p95 of each kind of update of the round beside the bare floor's, so that the slowest kind shows. Then two
workers behind one address (a round-robin TCP proxy in this process, a connection at a time) against one worker
behind the same proxy: the throughput ratio, for the bare application first (what this machine lets any two workers
gain, with PostgreSQL, the stand-in and the clients on the same cores), then for dreambank, and the one set against
the other; and for each, the most two workers could gain here from the CPU an update costs every process (the
workers, PostgreSQL's, this one's: one worker is held to a core, two share the machine's cores with the rest). Every
process started is stopped and the database dropped at the end, however the run ends (Ctrl-C and SIGTERM included);
the run stops itself after --timeout seconds.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import itertools
import json
import os
import signal
import socket
import sys
import tempfile
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import httpx
import sqlalchemy as sa
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import create_async_engine
from sqlalchemy.pool import NullPool

from benchmarks.bare_webhook import TABLE
from core.chat.buttons import Action, ButtonCodec
from storage.database import on_server
from storage.migrate import upgrade
from storage.tables import BranchRow, DreamRow, IdentityRow, MemberRow
from tests.standins.telegram import BotApiStandIn

SERVER_VARIABLE = "DREAMBANK_TEST_POSTGRES_URL"
DREAMBANK = Path(sys.executable).with_name("dreambank")
TOKEN = "515151:updates-benchmark-token"  # nosec B105 # the stand-in's made-up bot, on 127.0.0.1
DEPLOYMENT_SECRET = "updates-benchmark-deployment-secret-0123456789"  # nosec B105 # a throwaway run's
WEBHOOK_SECRET = "updates-benchmark-webhook-secret"  # nosec B105 # a throwaway run's
HOOK = "/telegram/hook"
WEBHOOK_URL = f"https://dreambank.bench.example{HOOK}"  # told to the stand-in; the clients post to the workers
FIRST_ID = 7_000_001
MEMBERS_PER_CLIENT = 8
MAX_CLIENTS = 64
DREAMS = 2_000
TARGET_RATIO = 2.0  # dreambank's cost per update within 2x the bare floor's, and its p95 likewise
TARGET_SCALING = 1.7  # two workers' throughput over one's
SETTLE = 0.5  # seconds before each side's later turns are measured: its clients' connections made again
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


#: one update of a member's round, made by the stand-in (so that it knows the presses): (api, member, round)
Maker = Callable[[BotApiStandIn, int, int], dict[str, Any]]


def rounds(codec: ButtonCodec) -> list[Maker]:
    """What a member does, in turn."""
    def text(words: str) -> Maker:
        return lambda api, user, _k: api.send_text(user, words)

    def press(action: Action) -> Maker:
        def made(api: BotApiStandIn, user: int, k: int) -> dict[str, Any]:
            dream = (user * 7 + k) % DREAMS + 1  # a member likes each dream at most once in a run
            shown = {"message_id": 1, "date": int(time.time()), "chat": {"id": user, "type": "private"},
                     "from": {"id": int(TOKEN.split(":")[0]), "is_bot": True, "first_name": "Bank"},
                     "text": "A dream in the bank"}
            return api.press(user, shown, codec.encode(action, dream), strict=False)
        return made

    return [text("/deposit"), text("A bench by the fjord"),
            text("A bench where the ferry comes in, for those who wait and those who watch the water."),
            press(Action.LIKE), press(Action.OPEN_DREAM), text("/cancel")]


#: what each update of the round is, in the same order
KINDS = ("/deposit (a dialog begun, two messages)", "the title (text in a dialog)", "the story (text in a dialog)",
         "a like (a press)", "a press opening a dream", "/cancel (a dialog ended)")


# ---------------------------------------------------------------------------------------------------- the data


@contextlib.asynccontextmanager
async def fresh_database(server: str, name: str) -> AsyncIterator[str]:
    """A new database `name` on the server (one an earlier run left is dropped first), dropped at the end."""
    admin_url = make_url(server)
    await on_server(admin_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    await on_server(admin_url, f'CREATE DATABASE "{name}"')
    try:
        yield admin_url.set(database=name).render_as_string(hide_password=False)
    finally:
        await asyncio.shield(on_server(admin_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


async def seed(url: str) -> None:
    """A branch, the members who write (ids from FIRST_ID) and the owners of DREAMS approved dreams; and the bare
    application's one table."""
    engine = create_async_engine(url, poolclass=NullPool)
    now = datetime.now(timezone.utc)
    try:
        async with engine.begin() as connection:
            branch = (await connection.execute(sa.insert(BranchRow).values(
                slug="fjordby", name="Fjordby", language="en", timezone="Europe/Oslo", quorum="majority",
                stall_after_seconds=1_209_600).returning(BranchRow.id))).scalar_one()
            writers = MAX_CLIENTS * MEMBERS_PER_CLIENT * 2  # each side its own
            members = (await connection.execute(sa.insert(MemberRow).returning(MemberRow.id), [
                dict(display_name=f"Member {i}", branch_id=branch, language="en", joined_at=now)
                for i in range(writers + 100)])).scalars().all()
            await connection.execute(sa.insert(IdentityRow), [
                dict(platform="telegram", external_id=str(FIRST_ID + i), member_id=m, reachable=True)
                for i, m in enumerate(members[:writers])])
            owners = members[writers:]
            await connection.execute(sa.insert(DreamRow), [
                dict(branch_id=branch, owner_id=owners[d % len(owners)], title=f"Dream number {d}",
                     story="A story told to the neighbours. " * 8, needs="money,time", needs_detail="",
                     state="approved", deposited_at=now, decided_at=now, decision_reason="")
                for d in range(1, DREAMS + 1)])
            await connection.execute(sa.text(f"CREATE TABLE {TABLE} (update_id bigint PRIMARY KEY, "
                                             "chat_id bigint NOT NULL, at timestamptz NOT NULL)"))
        async with engine.connect() as connection:
            await connection.execution_options(isolation_level="AUTOCOMMIT")
            await connection.exec_driver_sql("VACUUM ANALYZE")
    finally:
        await engine.dispose()


# ------------------------------------------------------------------------------------------------ the processes


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Worker:
    name: str
    process: asyncio.subprocess.Process
    port: int
    log: Path

    def cpu_seconds(self) -> float:
        """User and system CPU time of the process so far (Linux's /proc)."""
        fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS

    def troubles(self) -> int:
        """Tracebacks and errors the worker logged."""
        text = self.log.read_text(errors="replace") if self.log.exists() else ""
        return sum(1 for line in text.splitlines() if "Traceback" in line or "ERROR" in line)


def postgres_cpu_seconds() -> float:
    """User and system CPU time, so far, of the PostgreSQL server's processes on this machine (its backends, the
    writers and autovacuum), read from /proc; 0 where none can be read (a server elsewhere)."""
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, IndexError, ValueError):
            text = stat.read_text()
            if text[text.index("(") + 1:text.rindex(")")] == "postgres":
                fields = text.rsplit(")", 1)[1].split()
                total += int(fields[11]) + int(fields[12])
    return total / CLOCK_TICKS


async def stop(worker: Worker, grace: float = 10.0) -> None:
    process = worker.process
    if process.returncode is None:
        with contextlib.suppress(ProcessLookupError):
            process.terminate()
        try:
            await asyncio.wait_for(asyncio.shield(process.wait()), grace)
        except (asyncio.TimeoutError, asyncio.CancelledError):
            with contextlib.suppress(ProcessLookupError):
                process.kill()
            await process.wait()


async def started(worker: Worker, timeout: float = 60.0) -> Worker:
    """The worker once its /readyz answers 200."""
    deadline = time.monotonic() + timeout
    async with httpx.AsyncClient(timeout=2) as client:
        while time.monotonic() < deadline:
            if worker.process.returncode is not None:
                raise RuntimeError(f"{worker.name} stopped: {worker.log.read_text(errors='replace')[-2000:]}")
            with contextlib.suppress(httpx.HTTPError):
                if (await client.get(f"http://127.0.0.1:{worker.port}/readyz")).status_code == 200:
                    return worker
            await asyncio.sleep(0.2)
    raise RuntimeError(f"{worker.name} was not ready within {timeout:.0f} s")


async def dreambank_worker(url: str, api_url: str, webhook_url: str, data_dir: Path, name: str,
                           profile: Path | None = None, source: Path | None = None) -> Worker:
    """`dreambank web`, from this checkout or from `source` (another commit's tree, for a before and after)."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("DREAMBANK_")}
    env.update(DREAMBANK_DATABASE_URL=url, DREAMBANK_DATA_DIR=str(data_dir), DREAMBANK_SECRET=DEPLOYMENT_SECRET,
               DREAMBANK_TELEGRAM_TOKEN=TOKEN, DREAMBANK_TELEGRAM_API_URL=api_url,
               DREAMBANK_TELEGRAM_WEBHOOK_URL=webhook_url, DREAMBANK_TELEGRAM_WEBHOOK_SECRET=WEBHOOK_SECRET,
               DREAMBANK_LISTEN=f"127.0.0.1:{port}", DREAMBANK_DEFAULT_BRANCH="fjordby", DREAMBANK_LOG_LEVEL="WARNING")
    log = data_dir / f"{name}.log"
    with log.open("wb") as out:
        under = [sys.executable, "-m", "cProfile", "-o", str(profile.resolve())] if profile else []
        if source is not None:
            env["PYTHONPATH"] = str(source.resolve())
        process = await asyncio.create_subprocess_exec(*under, str(DREAMBANK), "web", env=env, cwd=str(data_dir),
                                                       stdout=out, stderr=out)
    return await started(Worker(name, process, port, log))


async def bare_worker(url: str, api_url: str, data_dir: Path, name: str = "bare") -> Worker:
    port = free_port()
    log = data_dir / f"{name}.log"
    with log.open("wb") as out:
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "benchmarks.bare_webhook", str(port), api_url, TOKEN, url, WEBHOOK_SECRET,
            stdout=out, stderr=out, cwd=str(Path(__file__).resolve().parents[1]))
    return await started(Worker(name, process, port, log))


class RoundRobin:
    """One address in front of several workers: each new connection goes to the next worker, and its bytes are
    copied both ways until either side closes."""

    def __init__(self, ports: list[int]) -> None:
        self._next = itertools.cycle(ports)
        self._server: asyncio.base_events.Server | None = None
        self._pipes: set[asyncio.Task[None]] = set()
        self.port = 0

    async def __aenter__(self) -> RoundRobin:
        self._server = await asyncio.start_server(self._serve, "127.0.0.1", 0)
        self.port = self._server.sockets[0].getsockname()[1]
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self._server is not None:
            self._server.close()
        for pipe in self._pipes:
            pipe.cancel()
        await asyncio.gather(*self._pipes, return_exceptions=True)

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            up_reader, up_writer = await asyncio.open_connection("127.0.0.1", next(self._next))
        except OSError:
            writer.close()
            return
        for source, sink in ((reader, up_writer), (up_reader, writer)):
            task = asyncio.create_task(self._copy(source, sink))
            self._pipes.add(task)
            task.add_done_callback(self._pipes.discard)

    @staticmethod
    async def _copy(source: asyncio.StreamReader, sink: asyncio.StreamWriter) -> None:
        try:
            while chunk := await source.read(65536):
                sink.write(chunk)
                await sink.drain()
        except (ConnectionError, asyncio.CancelledError):
            pass
        finally:
            sink.close()


# ---------------------------------------------------------------------------------------------------- the load


class Connection:
    """A kept-alive HTTP/1.1 connection that POSTs JSON and reads the answer: as little work on this side as
    can be, since the stand-in and the clients share this process."""

    def __init__(self, port: int, path: str) -> None:
        self.port, self.path = port, path
        self._reader: asyncio.StreamReader | None = None
        self._writer: asyncio.StreamWriter | None = None

    async def post(self, body: bytes) -> tuple[int, bytes, str]:
        """The status, body and content type of the answer."""
        if self._writer is None:
            self._reader, self._writer = await asyncio.open_connection("127.0.0.1", self.port)
            self._writer.get_extra_info("socket").setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        head = (f"POST {self.path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                f"X-Telegram-Bot-Api-Secret-Token: {WEBHOOK_SECRET}\r\nContent-Length: {len(body)}\r\n\r\n")
        self._writer.write(head.encode() + body)
        reader = self._reader
        status_line = await reader.readline()
        length, kind = 0, ""
        while (line := await reader.readline()) not in (b"\r\n", b""):
            name, _, value = line.decode().partition(":")
            name = name.strip().lower()
            if name == "content-length":
                length = int(value)
            elif name == "content-type":
                kind = value.strip()
        return int(status_line.split()[1]), await reader.readexactly(length), kind

    def close(self) -> None:
        if self._writer is not None:
            self._writer.close()


@dataclass
class Window:
    """What one side did in one measured window."""

    side: str
    clients: int
    seconds: float
    latencies: list[float] = field(default_factory=list)
    #: the latencies of each kind of update (by its place in the round)
    by_kind: dict[int, list[float]] = field(default_factory=dict)
    failed: int = 0
    cpu: float = 0.0
    bot_api_calls: int = 0
    #: CPU seconds this process (the stand-in, the clients, the proxy) used in the window
    own_cpu: float = 0.0
    #: CPU seconds PostgreSQL's processes used in the window
    database_cpu: float = 0.0

    def most_two_gain(self, one: "Window") -> float:
        """The most any two workers could gain over `one` here, from this window's (two workers') figures: one
        worker is held to one core, so to 1 / its CPU per update; two share the machine's cores with PostgreSQL
        and this process, so at best cores / (all the CPU an update costs)."""
        updates = max(1, len(self.latencies))
        every = (self.cpu + self.own_cpu + self.database_cpu) / updates
        return (os.cpu_count() or 1) / every * one.cpu_ms / 1000 if every else float("nan")

    @classmethod
    def joined(cls, turns: list["Window"]) -> "Window":
        """The turns one side took in a run, as one window: their updates, time and CPU added up."""
        whole = cls(turns[0].side, turns[0].clients, 0.0)
        for turn in turns:
            whole.seconds += turn.seconds
            whole.latencies += turn.latencies
            for kind, took in turn.by_kind.items():
                whole.by_kind.setdefault(kind, []).extend(took)
            whole.failed += turn.failed
            whole.cpu += turn.cpu
            whole.bot_api_calls += turn.bot_api_calls
            whole.own_cpu += turn.own_cpu
            whole.database_cpu += turn.database_cpu
        return whole

    @property
    def rate(self) -> float:
        return len(self.latencies) / self.seconds

    def percentile(self, p: float, kind: int | None = None) -> float:
        ordered = sorted(self.latencies if kind is None else self.by_kind.get(kind, []))
        return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))] * 1000 if ordered else float("nan")

    @property
    def cpu_ms(self) -> float:
        return self.cpu / max(1, len(self.latencies)) * 1000

    def row(self) -> str:
        calls = self.bot_api_calls / max(1, len(self.latencies))
        return (f"{self.side:30} {self.clients:>3} {len(self.latencies):>7} {self.rate:>8.1f} "
                f"{self.percentile(50):>7.1f} {self.percentile(95):>7.1f} {self.percentile(99):>7.1f} "
                f"{self.cpu_ms:>8.2f} {calls:>6.2f} {self.failed:>5}")


HEADER = (f"{'':30} {'cl.':>3} {'updates':>7} {'upd/s':>8} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} "
          f"{'CPU ms/u':>8} {'API/u':>6} {'fail':>5}")
WRITERS = range(FIRST_ID, FIRST_ID + MAX_CLIENTS * MEMBERS_PER_CLIENT * 2)


def bot_api_calls(api: BotApiStandIn) -> int:
    """Every request the workers made to the stand-in so far: messages sent to the writers, and the other calls it
    records; not the calls Telegram makes itself from a webhook's answer (a press answered there)."""
    return sum(api.delivered_count(chat) for chat in WRITERS) + sum(not call.in_response for call in api.calls)


@dataclass
class Members:
    """Where each member is in their round, kept from one window to the next (a dream is liked once)."""

    makers: list[Maker]
    done: dict[int, int] = field(default_factory=dict)

    def next_update(self, api: BotApiStandIn, user: int) -> tuple[int, dict[str, Any]]:
        """The member's next update, with its kind (its place in the round)."""
        # members start at different points of the round (each at one it can start from: /deposit, the like, the
        # press, /cancel), so that any stretch of the run sees every kind of update, not all members typing at once
        n = self.done.get(user, (0, 3, 4, 5)[user % 4])
        self.done[user] = n + 1
        kind = n % len(self.makers)
        return kind, self.makers[kind](api, user, n // len(self.makers))


async def load(api: BotApiStandIn, members: Members, port: int, path: str, clients: int, first_member: int,
               warm_up: float, seconds: float, workers: list[Worker], side: str) -> Window:
    """`clients` clients POSTing updates for `warm_up` then `seconds` seconds; only the latter's are counted.

    The window opens with no update under way (each client waits, between two updates, until all do) and closes
    once the updates begun in it are answered, so that the calls to the stand-in and the CPU read at its ends are
    those of the updates counted, no more and no fewer."""
    window = Window(side, clients, seconds)
    closing, opened, everyone_waits = asyncio.Event(), asyncio.Event(), asyncio.Event()
    waiting, over = 0, False

    async def client(c: int) -> None:
        nonlocal waiting
        mine = [first_member + c * MEMBERS_PER_CLIENT + i for i in range(MEMBERS_PER_CLIENT)]
        connection = Connection(port, path)
        try:
            for n in itertools.count():
                if over:
                    return
                if closing.is_set() and not opened.is_set():
                    waiting += 1
                    if waiting == clients:
                        everyone_waits.set()
                    await opened.wait()
                counted = opened.is_set()
                which, update = members.next_update(api, mine[n % len(mine)])
                api.updates_for_webhook()  # posted here, not queued in the stand-in
                body = json.dumps(update).encode()
                began = time.perf_counter()
                status, answer, kind = await connection.post(body)
                took = time.perf_counter() - began
                await api.carry_out_response(status, answer, kind)  # as Telegram does with the webhook's answer
                if counted:
                    window.latencies.append(took)
                    window.by_kind.setdefault(which, []).append(took)
                    window.failed += status != 200
        finally:
            connection.close()

    tasks = [asyncio.create_task(client(c)) for c in range(clients)]
    try:
        await asyncio.sleep(warm_up)
        closing.set()
        await until_set(everyone_waits, tasks)
        cpu_before, calls_before, own_before = sum(w.cpu_seconds() for w in workers), bot_api_calls(api), \
            time.process_time()
        database_before = postgres_cpu_seconds()
        began = time.perf_counter()
        opened.set()
        await asyncio.sleep(seconds)
        over = True
        await asyncio.wait_for(asyncio.gather(*tasks), 30)  # the updates begun in the window are answered
        window.seconds = time.perf_counter() - began
        window.cpu = sum(w.cpu_seconds() for w in workers) - cpu_before
        window.bot_api_calls = bot_api_calls(api) - calls_before
        window.own_cpu = time.process_time() - own_before
        window.database_cpu = postgres_cpu_seconds() - database_before
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
    return window


async def until_set(event: asyncio.Event, tasks: list[asyncio.Task], seconds: float = 30.0) -> None:
    """Wait for `event`; a task that ends first (a client that failed) raises its error here instead."""
    waiter = asyncio.create_task(event.wait())
    try:
        done, _ = await asyncio.wait([waiter, *tasks], timeout=seconds, return_when=asyncio.FIRST_COMPLETED)
        if waiter not in done:
            for task in done:
                task.result()
            raise TimeoutError(f"the clients did not all pause within {seconds:.0f} s")
    finally:
        waiter.cancel()


# ---------------------------------------------------------------------------------------------------- the run


async def run(server: str, database: str, clients: list[int], seconds: float, warm_up: float, turns: int,
              profile: Path | None, source: Path | None) -> int:
    codec = ButtonCodec(DEPLOYMENT_SECRET.encode())
    members = Members(rounds(codec))
    async with fresh_database(server, database) as url:
        await upgrade(url)
        await seed(url)
        print(f"database {database}: migrated; a branch, {MAX_CLIENTS * MEMBERS_PER_CLIENT * 2} members writing, "
              f"{DREAMS:,} approved dreams", flush=True)
        with tempfile.TemporaryDirectory(prefix="dreambank-bench-updates-") as tmp:
            data = Path(tmp)
            async with BotApiStandIn(token=TOKEN, username="bank_bot", record_calls=False) as api:
                api.users_bulk(FIRST_ID, MAX_CLIENTS * MEMBERS_PER_CLIENT * 2)
                return await measure(api, url, data, members, clients, seconds, warm_up, turns, profile, source)


async def measure(api: BotApiStandIn, url: str, data: Path, members: Members, clients: list[int], seconds: float,
                  warm_up: float, turns: int, profile: Path | None, source: Path | None) -> int:
    windows: list[tuple[Window, Window]] = []
    workers: list[Worker] = []
    try:
        one = await dreambank_worker(url, api.base_url, WEBHOOK_URL, data, "dreambank-1", profile, source)
        workers.append(one)
        bare = await bare_worker(url, api.base_url, data)
        workers.append(bare)
        print(f"\nEach window: {warm_up:.0f} s warm-up, then {seconds:.0f} s measured; dreambank and the bare floor "
              f"take {turns} turns each of {seconds / turns:.1f} s, alternating ({SETTLE:.1f} s to settle before each "
              f"later turn); one worker and two behind the proxy likewise.\n")
        print(HEADER, flush=True)
        for count in clients:
            if count > MAX_CLIENTS:
                raise ValueError(f"at most {MAX_CLIENTS} clients")
            ours, theirs = await taking_turns([
                lambda settle, part: load(api, members, one.port, HOOK, count, FIRST_ID, settle, part, [one],
                                          "dreambank (one worker)"),
                lambda settle, part: load(api, members, bare.port, "/hook", count,
                                          FIRST_ID + MAX_CLIENTS * MEMBERS_PER_CLIENT, settle, part, [bare],
                                          "bare PTB + 1 INSERT + 1 reply")], turns, warm_up, seconds)
            print(ours.row(), theirs.row(), sep="\n", flush=True)
            windows.append((ours, theirs))
        most = max(clients)
        # the same proxy in front of one bare application and of two: what this machine lets any two workers
        # gain, set beside what two of dreambank's gain
        bare_two = await bare_worker(url, api.base_url, data, "bare-2")
        workers.append(bare_two)
        floors = await scaling(api, members, [bare, bare_two], "/hook", most,
                               FIRST_ID + MAX_CLIENTS * MEMBERS_PER_CLIENT, warm_up, seconds, turns, "bare")
        troubles = sum(w.troubles() for w in (bare, bare_two))
        for worker in (bare, bare_two):
            await stop(worker)
            workers.remove(worker)
        two = await dreambank_worker(url, api.base_url, WEBHOOK_URL, data, "dreambank-2", source=source)
        workers.append(two)
        ours = await scaling(api, members, [one, two], HOOK, most, FIRST_ID, warm_up, seconds, turns, "dreambank")
        troubles += sum(w.troubles() for w in workers)
    finally:
        for worker in workers:
            await stop(worker)
    return report(windows, ours, floors, troubles, api)


async def scaling(api: BotApiStandIn, members: Members, pair: list[Worker], path: str, clients: int,
                  first_member: int, warm_up: float, seconds: float, turns: int, side: str) -> tuple[Window, Window]:
    """The first worker of `pair` behind the round-robin proxy, and both, taking turns: their two windows."""
    async def behind_proxy(behind: list[Worker], label: str, settle: float, part: float) -> Window:
        async with RoundRobin([w.port for w in behind]) as proxy:
            return await load(api, members, proxy.port, path, clients, first_member, settle, part, behind,
                              f"{side}, proxy -> {label}")

    one, two = await taking_turns([lambda settle, part: behind_proxy(pair[:1], "1 worker", settle, part),
                                   lambda settle, part: behind_proxy(pair, "2 workers", settle, part)],
                                  turns, warm_up, seconds)
    print(one.row(), two.row(), sep="\n", flush=True)
    return one, two


async def taking_turns(sides: list[Callable[[float, float], Awaitable[Window]]], turns: int, warm_up: float,
                       seconds: float) -> list[Window]:
    """Each side's window, measured in `turns` slices that alternate with the others', so that whatever else the
    machine does in the run falls on every side alike: a side's first slice comes after the warm-up, its later
    ones after SETTLE (its clients connect again). `sides` measure a slice given the seconds to settle and to
    measure."""
    slices: list[list[Window]] = [[] for _ in sides]
    for turn in range(turns):
        settle = warm_up if turn == 0 else min(warm_up, SETTLE)
        for side, taken in zip(sides, slices):
            taken.append(await side(settle, seconds / turns))
    return [Window.joined(taken) for taken in slices]


def report(windows: list[tuple[Window, Window]], ours: tuple[Window, Window], floors: tuple[Window, Window],
           troubles: int, api: BotApiStandIn) -> int:
    print(f"\n{'clients':>7} {'throughput ratio':>17} {'CPU/update ratio':>17} {'p95 ratio':>10}  "
          f"(dreambank / bare; targets: throughput >= 0.5, CPU and p95 <= {TARGET_RATIO:.0f})")
    met = True
    for mine, floor in windows:
        throughput = mine.rate / floor.rate
        cpu = mine.cpu_ms / floor.cpu_ms if floor.cpu_ms else float("nan")
        p95 = mine.percentile(95) / floor.percentile(95)
        verdict = throughput >= 1 / TARGET_RATIO and cpu <= TARGET_RATIO and p95 <= TARGET_RATIO
        met = met and verdict
        print(f"{mine.clients:>7} {throughput:>16.2f}x {cpu:>16.2f}x {p95:>9.2f}x  {'PASS' if verdict else 'MISS'}")
    mine, floor = windows[0]
    print(f"\neach kind of update, {mine.clients} client(s): p50 / p95 ms, dreambank beside the bare floor (which "
          "answers every kind alike)")
    for kind, name in enumerate(KINDS):
        print(f"  {name:42} {mine.percentile(50, kind):6.1f} / {mine.percentile(95, kind):5.1f}   "
              f"bare {floor.percentile(50, kind):5.1f} / {floor.percentile(95, kind):5.1f}")
    (single, double), (bare_single, bare_double) = ours, floors
    scaling, bare_scaling = double.rate / single.rate, bare_double.rate / bare_single.rate
    print(f"\ntwo workers / one worker behind the round-robin proxy, {double.clients} clients: dreambank "
          f"{scaling:.2f}x (target >= {TARGET_SCALING}) {'PASS' if scaling >= TARGET_SCALING else 'MISS'}; the bare "
          f"application {bare_scaling:.2f}x, what this machine lets two workers gain ({os.cpu_count()} cores, shared "
          f"by the workers, PostgreSQL, the stand-in and the clients); dreambank's gain against the bare one's "
          f"{scaling / bare_scaling:.2f}x")
    for side, window, one in (("dreambank", double, single), ("bare", bare_double, bare_single)):
        print(f"  {side}, two workers: the benchmark's own process (the stand-in, the clients, the proxy) kept "
              f"{window.own_cpu / window.seconds:.0%} of a core busy, PostgreSQL "
              f"{window.database_cpu / window.seconds:.0%}, the workers {window.cpu / window.seconds:.0%}; the most "
              f"two workers could gain with what an update costs all of them: "
              f"{window.most_two_gain(one):.2f}x, reached {window.rate / one.rate / window.most_two_gain(one):.0%}")
    failed = (sum(w.failed for pair in windows for w in pair) + sum(w.failed for w in ours)
              + sum(w.failed for w in floors))
    print(f"\nanswers other than 200: {failed}; errors the workers logged: {troubles}; stand-in faults: "
          f"{len(api.crashes)}")
    return 0 if failed == 0 and not api.crashes else 1


async def bounded(work: Awaitable[int], seconds: float) -> int:
    """The run, cancelled by SIGINT or SIGTERM or after `seconds`; what it started is stopped either way."""
    task = asyncio.ensure_future(work)
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, task.cancel)
    try:
        return await asyncio.wait_for(task, seconds)
    except asyncio.TimeoutError:
        print(f"stopped: the run took longer than {seconds:.0f} s", file=sys.stderr)
        return 1
    except asyncio.CancelledError:
        print("stopped", file=sys.stderr)
        return 1


def parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.updates", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="3 s windows after 1 s of warm-up: a smoke run")
    parser.add_argument("--seconds", type=float, help="seconds measured per window (20; 3 with --quick)")
    parser.add_argument("--clients", default="1,16", help="concurrent clients per window, comma-separated")
    parser.add_argument("--turns", type=int, help="turns each side takes, alternating, in a window "
                        "beside the other (5; 1 with --quick)")
    parser.add_argument("--database", default="dreambank_bench_updates", help="the database made and dropped")
    parser.add_argument("--profile", type=Path, help="run the first dreambank worker under cProfile, its figures "
                        "written here when it stops (its CPU figures then include the profiler's cost)")
    parser.add_argument("--dreambank-from", type=Path, dest="source", help="run the dreambank workers from this "
                        "tree (say, `git archive main` unpacked) instead of this checkout, for a before and after")
    parser.add_argument("--timeout", type=float, default=900, help="seconds after which the run stops itself")
    args = parser.parse_args(argv)
    args.seconds = args.seconds or (3.0 if args.quick else 20.0)
    args.warm_up = 1.0 if args.quick else 3.0
    try:
        args.clients = [int(c) for c in args.clients.split(",")]
    except ValueError:
        parser.error("--clients takes numbers, like 1,16")
    args.turns = args.turns or (1 if args.quick else 5)
    if not all(1 <= c <= MAX_CLIENTS for c in args.clients) or args.seconds <= 0 or args.turns < 1:
        parser.error(f"1 to {MAX_CLIENTS} clients, a positive number of seconds and at least one turn")
    return args


def main(argv: list[str]) -> int:
    args = parse(argv)
    server = os.environ.get(SERVER_VARIABLE)
    if not server:
        print(f"{SERVER_VARIABLE} must name a PostgreSQL server whose user may create databases", file=sys.stderr)
        return 2
    return asyncio.run(bounded(run(server, args.database, args.clients, args.seconds, args.warm_up, args.turns,
                                   args.profile, args.source), args.timeout))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
