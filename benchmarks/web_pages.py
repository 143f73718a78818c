"""Portal speed benchmark: the bank's pages and dream pages of the real portal on PostgreSQL holding 100,000
dreams, beside a bare Starlette app on the same database doing only what any page must (one SELECT, one render).

    python3 dev.py bench-web [--quick] [--dreams 100000] [-n 200] [--database dreambank_bench_web]

It makes a fresh database on the server DREAMBANK_TEST_POSTGRES_URL names, migrates it, seeds it set-based
(20 branches, 10,000 members, the dreams with half of them in one big branch, whose pages are the ones measured,
~3 likes and ~0.5 pledges a dream, a few dreams with 150 pledges), serves both apps with uvicorn on 127.0.0.1
and asks each page n times after a warm-up, one request at a time, the two apps taking turns. The time at the
server is the app's own call, timed by a middleware here; the client's is the round trip. It prints, per page,
p50/p95/p99 at the server, the client's p95, the baseline's p95, the ratio, the statements the page sent and
PASS or MISS against p95 <= 50 ms; then EXPLAIN ANALYZE of the bank's queries. The database is dropped at the end,
however the run ends (Ctrl-C and SIGTERM included), and the whole run stops itself after --timeout seconds.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import secrets
import signal
import socket
import sys
import tempfile
import time
from collections.abc import AsyncIterator, Awaitable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import sqlalchemy as sa
import uvicorn
from jinja2 import Environment
from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine
from sqlalchemy.pool import NullPool
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Receive, Scope, Send

from dreambank.bootstrap import build
from dreambank.settings import Settings
from storage.database import make_engine, on_server
from storage.migrate import upgrade

SERVER_VARIABLE = "DREAMBANK_TEST_POSTGRES_URL"
TARGET_MS = 50.0
PAGE_SIZE = 10
BIG = "storby"  # the big branch: the pages measured are its own


@dataclass(frozen=True)
class Scale:
    """How much the seeding makes; the full run is the product's figure, --quick a small one for the suite."""

    dreams: int
    branches: int = 20
    members: int = 10_000
    pledges: int = 50_000
    heavy: int = 10  # dreams with HEAVY_PLEDGES pledges each

    @property
    def big(self) -> int:
        return self.dreams // 2

    @property
    def middle_page(self) -> int:
        """?page=200 at full size; the middle of the big branch's bank when it has fewer pages."""
        pages = self.big * 8 // 10 // PAGE_SIZE
        return max(1, min(200, pages // 2))


HEAVY_PLEDGES = 150
FULL = Scale(100_000)
QUICK = Scale(2_000, members=400, pledges=1_000, heavy=3)

NEEDS = "ARRAY['money', 'materials,time', 'skills', 'time,venue', 'other', 'money,skills']"
KINDS = "ARRAY['time', 'skills', 'materials', 'money', 'venue', 'other']"

#: every statement takes its sizes as bound parameters; the tables are storage/tables/*'s, made by the migrations
SEED = [
    sa.text("INSERT INTO branches (id, slug, name, language, timezone, quorum, stall_after_seconds) "
            "SELECT b, CASE WHEN b = 1 THEN :big_slug ELSE 'bygd-' || b END, 'Branch ' || b, 'nb', 'Europe/Oslo', "
            "'majority', 1209600 FROM generate_series(1, :branches) b"),
    sa.text("INSERT INTO members (id, display_name, branch_id, joined_at) "
            "SELECT m, 'Sambygger ' || m, ((m - 1) % :branches) + 1, now() - m * interval '1 minute' "
            "FROM generate_series(1, :members) m"),
    sa.text("INSERT INTO identities (platform, external_id, member_id, reachable) "
            "SELECT 'telegram', (100000 + m)::text, m, true FROM generate_series(1, :members) m"),
    # half the dreams in branch 1, the rest spread over the others; 80 % approved, the rest in every other state;
    # each owned by a member of its own branch (member m is in branch ((m - 1) % branches) + 1)
    sa.text("INSERT INTO dreams (id, branch_id, owner_id, title, story, needs, "  # nosec B608 # fixed names
            "needs_detail, state, deposited_at, decided_at, decision_reason) "
            "SELECT d, b, b + :branches * (d % (:members / :branches)), "
            "'Dream number ' || d || ': ' || (ARRAY['a garden', 'a choir', 'a bench by the fjord', 'a repair "
            "café', 'a library of tools'])[d % 5 + 1], repeat('A story told to the neighbours. ', 12), "
            f"({NEEDS})[d % 6 + 1], '', s, now() - (:dreams - d) * interval '1 minute', "
            "CASE WHEN s IN ('approved', 'rejected', 'project') THEN now() - (:dreams - d) * interval '30 seconds' "
            "END, '' FROM (SELECT d, CASE WHEN d <= :big THEN 1 ELSE ((d - :big - 1) % (:branches - 1)) + 2 END b, "
            "CASE WHEN d % 20 < 16 THEN 'approved' WHEN d % 20 = 16 THEN 'deposited' WHEN d % 20 = 17 "
            "THEN 'needs_info' WHEN d % 20 = 18 THEN 'rejected' WHEN d % 40 = 19 THEN 'retracted' ELSE 'project' "
            "END s FROM generate_series(1, :dreams) d) seeded"),
    # 0 to 7 likes on each public dream, from distinct members
    sa.text("INSERT INTO likes (dream_id, member_id, at) "
            "SELECT d.id, ((d.id * 13 + k * 1433) % :members) + 1, now() FROM dreams d "
            "CROSS JOIN LATERAL generate_series(1, (d.id * 37) % 8) k WHERE d.state IN ('approved', 'project')"),
    sa.text("INSERT INTO pledges (dream_id, member_id, kind, description, amount, at) "  # nosec B608 # fixed names
            f"SELECT d, ((d * 17 + k) % :members) + 1, ({KINDS})[k % 6 + 1], 'I can help', "
            "CASE WHEN k % 6 = 3 THEN 500 END, now() - k * interval '1 minute' "
            "FROM generate_series(1, :heavy) d, generate_series(1, :heavy_pledges) k"),
    sa.text("INSERT INTO pledges (dream_id, member_id, kind, description, amount, at) "  # nosec B608 # fixed names
            f"SELECT ((g * 7) % :dreams) + 1, ((g * 31) % :members) + 1, ({KINDS})[g % 6 + 1], 'I can help', "
            "CASE WHEN g % 6 = 3 THEN 200 END, now() - g * interval '1 second' "
            "FROM generate_series(1, CAST(:spread AS integer)) g"),
    # the counts the bank sorts by, as core keeps them: likes given, and needs no pledge has offered help with yet
    sa.text("UPDATE dreams d SET like_count = counted.n FROM (SELECT dream_id, count(*) n FROM likes "
            "GROUP BY dream_id) counted WHERE counted.dream_id = d.id"),
    sa.text("UPDATE dreams d SET open_needs = (SELECT count(*) FROM unnest(string_to_array(d.needs, ',')) need "
            "WHERE NOT EXISTS (SELECT 1 FROM pledges p WHERE p.dream_id = d.id AND p.kind = need))"),
    *[sa.text(f"SELECT setval(pg_get_serial_sequence('{t}', 'id'), (SELECT max(id) FROM {t}))")  # nosec B608 # names
      for t in ("branches", "members", "dreams")],
]


async def seed(url: str, scale: Scale) -> float:
    """Fills the migrated database; returns the seconds it took."""
    began = time.monotonic()
    engine = create_async_engine(url, poolclass=NullPool)
    values = dict(branches=scale.branches, members=scale.members, dreams=scale.dreams, big=scale.big,
                  spread=scale.pledges - scale.heavy * HEAVY_PLEDGES, heavy=scale.heavy, heavy_pledges=HEAVY_PLEDGES,
                  big_slug=BIG)
    try:
        async with engine.begin() as connection:
            for statement in SEED:
                await connection.execute(statement, {k: v for k, v in values.items()
                                                     if f":{k}" in statement.text})
        async with engine.connect() as connection:
            await connection.execution_options(isolation_level="AUTOCOMMIT")
            await connection.exec_driver_sql("VACUUM ANALYZE")
    finally:
        await engine.dispose()
    return time.monotonic() - began


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


@dataclass
class Statements:
    """Counts (and, when asked, keeps) the statements an engine sends."""

    count: int = 0
    kept: list[tuple[str, Any]] | None = None

    def watch(self, engine: AsyncEngine) -> None:
        def sent(conn: Any, cursor: Any, statement: str, parameters: Any, context: Any, many: bool) -> None:
            self.count += 1
            if self.kept is not None:
                self.kept.append((statement, parameters))

        event.listen(engine.sync_engine, "before_cursor_execute", sent)


@dataclass
class Timed:
    """ASGI middleware: how long the app takes over each request (its call, from the request to the last byte
    handed on) and the statements it sent meanwhile. Requests come one at a time, so the last sample is theirs."""

    app: ASGIApp
    statements: Statements
    samples: list[tuple[float, int]] = field(default_factory=list)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        before = self.statements.count
        began = time.perf_counter()
        await self.app(scope, receive, send)
        self.samples.append((time.perf_counter() - began, self.statements.count - before))


BASELINE_PAGE = Environment(autoescape=True).from_string(  # nosec B701 # autoescape is on
    "<!doctype html><html lang=en><title>{{ title }}</title><h1>{{ title }}</h1>"
    "<ul>{% for row in rows %}<li><a href='/{{ slug }}/dreams/{{ row.id }}'>{{ row.title }}</a> "
    "{{ row.story[:120] }}</li>{% endfor %}</ul>")


def baseline_app(engine: AsyncEngine) -> Starlette:
    """The floor any page pays: one SELECT of the page's rows by primary-key order, and a minimal render."""
    bank = sa.text("SELECT d.id, d.title, d.story FROM dreams d JOIN branches b ON b.id = d.branch_id "
                   "WHERE b.slug = :slug AND d.state = 'approved' ORDER BY d.id LIMIT :size OFFSET :skip")
    one = sa.text("SELECT id, title, story FROM dreams WHERE id = :id")

    async def listing(request: Request) -> Response:
        page = int(request.query_params.get("page", "1"))
        async with engine.connect() as connection:
            rows = (await connection.execute(bank, dict(slug=request.path_params["branch"], size=PAGE_SIZE,
                                                        skip=(page - 1) * PAGE_SIZE))).all()
        return HTMLResponse(BASELINE_PAGE.render(title="Bank", rows=rows, slug=request.path_params["branch"]))

    async def dream(request: Request) -> Response:
        async with engine.connect() as connection:
            rows = (await connection.execute(one, dict(id=request.path_params["id"]))).all()
        return HTMLResponse(BASELINE_PAGE.render(title=rows[0].title, rows=rows, slug=request.path_params["branch"]))

    return Starlette(routes=[Route("/{branch}/", listing), Route("/{branch}/dreams/{id:int}", dream)])


@contextlib.asynccontextmanager
async def served(app: ASGIApp) -> AsyncIterator[str]:
    """`app` served by uvicorn on a free port of 127.0.0.1 in this process; yields its base URL."""
    # proto=IPPROTO_TCP, as `dreambank web`'s own socket has it, lets asyncio set TCP_NODELAY on each connection:
    # without it a kept-alive response waits ~40 ms for a delayed ACK between its head and body, at the client only
    listening = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    listening.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listening.bind(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off"))
    server.install_signal_handlers = lambda: None  # type: ignore[method-assign] # the run's own handlers stay
    task = asyncio.create_task(server.serve(sockets=[listening]))
    try:
        while not server.started:
            if task.done():
                task.result()
            await asyncio.sleep(0.01)
        yield f"http://127.0.0.1:{listening.getsockname()[1]}"
    finally:
        server.should_exit = True
        await asyncio.wait_for(task, 10)
        listening.close()


@dataclass(frozen=True)
class Figure:
    name: str
    path: str
    baseline: str


@dataclass
class Measured:
    figure: Figure
    server: list[float]
    client: list[float]
    baseline: list[float]
    statements: int
    not_modified: bool

    @property
    def p95(self) -> float:
        return percentile(self.server, 95)

    def row(self) -> str:
        ratio = self.p95 / percentile(self.baseline, 95)
        verdict = "PASS" if self.p95 <= TARGET_MS else "MISS"
        return (f"{self.figure.name:24} {percentile(self.server, 50):7.1f} {self.p95:7.1f} "
                f"{percentile(self.server, 99):7.1f} {percentile(self.client, 95):8.1f} "
                f"{percentile(self.baseline, 95):9.1f} {ratio:6.1f}x {self.statements:6} "
                f"{'yes' if self.not_modified else 'NO':>5}   <= {TARGET_MS:.0f}  {verdict}")


HEADER = (f"{'page':24} {'p50':>7} {'p95':>7} {'p99':>7} {'client95':>8} {'base p95':>9} {'ratio':>7} "
          f"{'stmts':>6} {'304':>5}   target  verdict")


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))]


def figures(scale: Scale) -> list[Figure]:
    """The bank's first and a middle page, each other order, a need and a search (the baseline's first page beside
    them: the floor is the same), and two dream pages: a plain one and one with HEAVY_PLEDGES pledges."""
    middle = f"?page={scale.middle_page}"
    plain = next(d for d in range(scale.heavy + 1, scale.big) if d % 20 < 16)  # approved, few pledges
    return [Figure("bank, first page", f"/{BIG}/", f"/{BIG}/"),
            Figure(f"bank, {middle}", f"/{BIG}/{middle}", f"/{BIG}/{middle}"),
            Figure("bank, most liked", f"/{BIG}/?sort=liked", f"/{BIG}/"),
            Figure("bank, most needed", f"/{BIG}/?sort=needed", f"/{BIG}/"),
            Figure("bank, needs a venue", f"/{BIG}/?need=venue", f"/{BIG}/"),
            Figure("bank, search 'choir'", f"/{BIG}/?q=choir", f"/{BIG}/"),
            Figure("dream, plain", f"/{BIG}/dreams/{plain}", f"/{BIG}/dreams/{plain}"),
            Figure(f"dream, {HEAVY_PLEDGES} pledges", f"/{BIG}/dreams/1", f"/{BIG}/dreams/1")]


async def measure(client: httpx.AsyncClient, portal: tuple[str, Timed], baseline: tuple[str, Timed],
                  figure: Figure, n: int, warm_up: int) -> Measured:
    """The figure's page asked n times (after warm_up), the two apps taking turns."""
    (portal_url, portal_timed), (baseline_url, baseline_timed) = portal, baseline
    server: list[float] = []
    spent: list[float] = []
    floor: list[float] = []
    statements = 0
    tag = ""
    for i in range(warm_up + n):
        began = time.perf_counter()
        response = await client.get(portal_url + figure.path)
        took = time.perf_counter() - began
        if response.status_code != 200:
            raise RuntimeError(f"{figure.path} answered {response.status_code}")
        tag = response.headers.get("etag", "")
        answered = await client.get(baseline_url + figure.baseline)
        if answered.status_code != 200:
            raise RuntimeError(f"the baseline's {figure.baseline} answered {answered.status_code}")
        if i >= warm_up:
            seconds, statements = portal_timed.samples[-1]
            server.append(seconds * 1000)
            spent.append(took * 1000)
            floor.append(baseline_timed.samples[-1][0] * 1000)
    again = await client.get(portal_url + figure.path, headers={"If-None-Match": tag})
    return Measured(figure, server, spent, floor, statements, bool(tag) and again.status_code == 304)


async def explain_bank(engine: AsyncEngine, statements: Statements, client: httpx.AsyncClient, url: str,
                       path: str) -> list[str]:
    """EXPLAIN ANALYZE of each statement on dreams that the bank's page at `path` sends."""
    statements.kept = []
    await client.get(url + path)
    kept, statements.kept = statements.kept, None
    lines = []
    async with engine.connect() as connection:
        for statement, parameters in kept:
            if "FROM dreams" in statement:
                plan = await connection.exec_driver_sql("EXPLAIN (ANALYZE, BUFFERS) " + statement, parameters)
                lines += [statement.replace("\n", " "), *("  " + line for (line,) in plan.all())]
    return lines or ["(the bank's page sent no statement on dreams)"]


async def run(server: str, database: str, scale: Scale, n: int, warm_up: int) -> int:
    print(f"Seeding {scale.dreams:,} dreams ({scale.big:,} in {BIG}), {scale.members:,} members, "
          f"{scale.branches} branches …", flush=True)
    async with fresh_database(server, database) as url:
        began = time.monotonic()
        await upgrade(url)
        print(f"  migrated in {time.monotonic() - began:.1f} s", flush=True)
        print(f"  seeded in {await seed(url, scale):.1f} s: {await counts(url)}", flush=True)
        with tempfile.TemporaryDirectory(prefix="dreambank-bench-web-") as folder:
            settings = Settings(_env_file=None, database_url=url, data_dir=Path(folder),  # type: ignore[call-arg]
                                secret=secrets.token_urlsafe(32))
            app = await build(settings, migrate=False)
            baseline_engine = make_engine(url)
            counted, floor_counted = Statements(), Statements()
            counted.watch(app.engine)
            floor_counted.watch(baseline_engine)
            portal = Timed(app.web_app(), counted)
            floor = Timed(baseline_app(baseline_engine), floor_counted)
            try:
                async with served(portal) as portal_url, served(floor) as floor_url, \
                        httpx.AsyncClient(timeout=30) as client:
                    results = []
                    for figure in figures(scale):
                        results.append(await measure(client, (portal_url, portal), (floor_url, floor), figure, n,
                                                     warm_up))
                        print(f"  measured {figure.name}", flush=True)
                    plans = {path: await explain_bank(app.engine, counted, client, portal_url, path)
                             for path in (f"/{BIG}/", f"/{BIG}/?need=venue")}
            finally:
                await baseline_engine.dispose()
                await app.close()
    print(f"\nPortal against the baseline (one SELECT of the page's rows by primary key, a minimal Jinja2 "
          f"render), ms at the server, n={n} each after {warm_up} to warm up; {scale.dreams:,} dreams on "
          f"PostgreSQL, {os.cpu_count()} cores:\n")
    print(HEADER)
    for measured in results:
        print(measured.row())
    for path, plan in plans.items():
        print(f"\nEXPLAIN ANALYZE of the bank's queries for {path}:")
        print("\n".join("  " + line for line in plan))
    return 0


async def counts(url: str) -> str:
    engine = create_async_engine(url, poolclass=NullPool)
    try:
        async with engine.connect() as connection:
            found = [(t, await connection.scalar(sa.text(f"SELECT count(*) FROM {t}")))  # nosec B608 # names above
                     for t in ("branches", "members", "identities", "dreams", "likes", "pledges")]
    finally:
        await engine.dispose()
    return ", ".join(f"{count:,} {table}" for table, count in found)


async def bounded(work: Awaitable[int], seconds: float) -> int:
    """The run, cancelled by SIGINT or SIGTERM or after `seconds`; its database is dropped either way."""
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
    parser = argparse.ArgumentParser(prog="python -m benchmarks.web_pages", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="2,000 dreams, n=20: a smoke run")
    parser.add_argument("--dreams", type=int, help="dreams to seed (100,000; 2,000 with --quick)")
    parser.add_argument("-n", type=int, help="requests measured per page (200; 20 with --quick)")
    parser.add_argument("--database", default="dreambank_bench_web", help="the database made and dropped")
    parser.add_argument("--timeout", type=float, default=900, help="seconds after which the run stops itself")
    args = parser.parse_args(argv)
    base = QUICK if args.quick else FULL
    args.scale = base if args.dreams is None else Scale(args.dreams, members=min(base.members, args.dreams),
                                                        pledges=min(base.pledges, args.dreams // 2))
    args.n = args.n or (20 if args.quick else 200)
    if args.scale.dreams < 1_000 or args.n < 1:
        parser.error("at least 1,000 dreams and one request a page")
    return args


def main(argv: list[str]) -> int:
    args = parse(argv)
    server = os.environ.get(SERVER_VARIABLE)
    if not server:
        print(f"{SERVER_VARIABLE} must name a PostgreSQL server whose user may create databases", file=sys.stderr)
        return 2
    warm_up = 5 if args.quick else 20
    return asyncio.run(bounded(run(server, args.database, args.scale, args.n, warm_up), args.timeout))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
