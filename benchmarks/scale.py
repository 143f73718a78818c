"""Data at a country's size: the hot reads and writes of the chat flows, the digest and a broadcast's fan-out, run
through the real use cases and units of work on PostgreSQL holding a million members.

    python3 dev.py bench-scale [--quick] [--members 1000000] [-n 50] [--database dreambank_bench_scale]

It makes a fresh database on the server DREAMBANK_TEST_POSTGRES_URL names, migrates it with the real migrations and
seeds it set-based (INSERT … SELECT over generate_series), every size following --members: 1,000,000 members with a
Telegram identity and preferences each, in 100 branches (branch 1, `digest`, holds 5 % of them, the digest's
50,000; branch 2, `fylke`, 10 %, the broadcast's 100,000; the rest spread over the other 98), 100,000 dreams in
every state (owned across the branches), their needs, 1,000,000 likes, 200,000 pledges (a few dreams with 100),
5,000 projects with four updates each, 10,000 events with 500,000 answers, a sent notice for every member and
500,000 handled updates. It times the seeding, analyses, then runs each hot call n times after a warm-up, each in its
own unit of work as the chat flows run them, and prints p50/p95/p99, the statements per call and PASS or MISS against
p95 <= 50 ms; every statement a call sends is EXPLAINed with its parameters, and a sequential scan of a table of more
than 10,000 rows is a MISS named beside it. Then the broadcast to branch 2 (the real fan-out), the digest of branch 1
(the real digest job) and the erasure of one member, timed once each. The database is dropped at the end, however
the run ends (Ctrl-C and SIGTERM included), and the run stops itself after --timeout.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import re
import secrets
import signal
import sys
import tempfile
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine
from sqlalchemy.pool import NullPool

from core.errors import Refused
from core.model.bank import BankQuery, BankSort
from core.model.events import Answer
from core.model.members import Identity, Member
from core.model.needs import Need
from core.model.notices import Broadcast, NoticeKind, Recipients
from core.model.preferences import DigestFrequency
from core.usecases.bank import bank_page, ensure_can_pledge, like_dream
from core.usecases.digests import send_digests
from core.usecases.dreams import read_dream
from core.usecases.events import event_facts, respond, upcoming
from core.usecases.needs import covering
from core.usecases.privacy import erase_member
from core.usecases.pledges import dream_pledges, my_pledges
from core.usecases.projects import read_project
from dreambank.bootstrap import App, build
from dreambank.settings import Settings
from storage.database import on_server
from storage.migrate import upgrade

SERVER_VARIABLE = "DREAMBANK_TEST_POSTGRES_URL"
TARGET_MS = 50.0
DIGEST_TARGET_S = 60.0
LARGE_TABLE = 10_000  # rows: a sequential scan of a table larger than this is a MISS
HEAVY_PLEDGES = 100
DIGEST_BRANCH, BROADCAST_BRANCH = 1, 2


@dataclass(frozen=True)
class Scale:
    """How much the seeding makes, every size following the members (the full run: a million)."""

    members: int

    def part(self, full: int) -> int:
        return max(1, full * self.members // 1_000_000)

    @property
    def branches(self) -> int:
        return 100

    @property
    def digest_members(self) -> int:
        return self.part(50_000)

    @property
    def broadcast_members(self) -> int:
        return self.part(100_000)

    @property
    def sizes(self) -> dict[str, int]:
        return dict(members=self.members, branches=self.branches, digest_members=self.digest_members,
                    broadcast_members=self.broadcast_members, dreams=self.part(100_000), likes=self.part(1_000_000),
                    pledges=self.part(200_000), heavy=max(3, self.part(20)), heavy_pledges=HEAVY_PLEDGES,
                    spread=self.part(200_000) - max(3, self.part(20)) * HEAVY_PLEDGES, updates=4,
                    events=self.part(10_000), rsvps=self.part(500_000), handled=self.part(500_000))


FULL = Scale(1_000_000)
QUICK = Scale(20_000)

#: which branch member m is in: the digest's branch first, then the broadcast's, the rest spread over the others
BRANCH_OF_MEMBER = ("CASE WHEN m <= :digest_members THEN 1 WHEN m <= :digest_members + :broadcast_members THEN 2 "
                    "ELSE ((m - :digest_members - :broadcast_members - 1) % (:branches - 2)) + 3 END")
NEEDS = "ARRAY['money', 'materials,time', 'skills', 'time,venue', 'other', 'money,skills']"
TOPICS = "ARRAY['a garden', 'a choir', 'a bench by the fjord', 'a repair café', 'a library of tools']"
#: 75 % in the bank, 5 % in each other state (a twentieth of them projects)
DREAM_STATE = ("CASE WHEN d % 20 < 15 THEN 'approved' WHEN d % 20 = 15 THEN 'retracted' WHEN d % 20 = 16 "
               "THEN 'deposited' WHEN d % 20 = 17 THEN 'needs_info' WHEN d % 20 = 18 THEN 'rejected' "
               "ELSE 'project' END")

#: every statement takes its sizes as bound parameters; the tables are storage/tables/*'s, made by the migrations
SEED: list[tuple[str, sa.TextClause]] = [
    ("branches", sa.text(
        "INSERT INTO branches (id, slug, name, language, timezone, quorum, stall_after_seconds) "
        "SELECT b, CASE b WHEN 1 THEN 'digest' WHEN 2 THEN 'fylke' ELSE 'bygd-' || b END, 'Branch ' || b, 'nb', "
        "'Europe/Oslo', 'majority', 1209600 FROM generate_series(1, :branches) b")),
    ("members", sa.text(
        "INSERT INTO members (id, display_name, branch_id, joined_at) "  # nosec B608 # fixed text
        f"SELECT m, 'Sambygger ' || m, {BRANCH_OF_MEMBER}, now() - m * interval '1 second' "
        "FROM generate_series(1, :members) m")),
    ("identities", sa.text(
        "INSERT INTO identities (platform, external_id, member_id, reachable) "
        "SELECT 'telegram', (100000 + m)::text, m, true FROM generate_series(1, :members) m")),
    ("member_preferences", sa.text(
        "INSERT INTO member_preferences (member_id, digest, digest_in_chat, digested_until) "
        "SELECT m, CASE WHEN m <= :digest_members THEN 'daily' ELSE 'weekly' END, true, now() - interval '1 day' "
        "FROM generate_series(1, :members) m")),
    # each dream owned by a member spread over the whole country, in the owner's branch; the newest decided today
    ("dreams", sa.text(
        "INSERT INTO dreams (id, branch_id, owner_id, title, story, needs, "  # nosec B608 # fixed text
        "needs_detail, state, deposited_at, decided_at, decision_reason) "
        f"SELECT d, o.branch_id, o.id, 'Dream number ' || d || ': ' || ({TOPICS})[(d % 5 + 1)::int], "
        f"repeat('A story told to the neighbours. ', 12), ({NEEDS})[(d % 6 + 1)::int], '', {DREAM_STATE}, "
        "now() - (:dreams - d + 1) * interval '20 seconds', CASE WHEN d % 20 IN (0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, "
        "11, 12, 13, 14, 18, 19) THEN now() - (:dreams - d) * interval '10 seconds' END, '' "
        "FROM generate_series(1, :dreams) d JOIN members o ON o.id = ((d * 7919) % :members) + 1")),
    ("dream_needs", sa.text(
        "INSERT INTO dream_needs (dream_id, kind, description, amount) "
        "SELECT d.id, need, 'What it takes: ' || need, CASE WHEN need = 'money' THEN 5000 END "
        "FROM dreams d CROSS JOIN LATERAL unnest(string_to_array(d.needs, ',')) need ORDER BY d.id")),
    ("likes", sa.text(
        "INSERT INTO likes (dream_id, member_id, at) "
        "SELECT g % :dreams + 1, (((g % :dreams + 1) * 13 + (g / :dreams) * 1433) % :members) + 1, "
        "now() - g * interval '1 second' FROM generate_series(0, :likes - 1) g")),
    # a few dreams in the bank (d % 20 = 0) with HEAVY_PLEDGES each, against their first need
    ("pledges", sa.text(
        "INSERT INTO pledges (dream_id, member_id, kind, description, amount, at, need_id, state) "
        "SELECT n.dream_id, ((n.dream_id * 17 + k * 101) % :members) + 1, n.kind, 'I can help', "
        "CASE WHEN n.kind = 'money' THEN 50 END, now() - k * interval '1 minute', n.id, 'offered' "
        "FROM (SELECT DISTINCT ON (dream_id) id, dream_id, kind FROM dream_needs WHERE dream_id IN "
        "(SELECT 20 * h FROM generate_series(1, :heavy) h) ORDER BY dream_id, id) n, "
        "generate_series(1, :heavy_pledges) k")),
    ("pledges", sa.text(
        "INSERT INTO pledges (dream_id, member_id, kind, description, amount, at, need_id, state) "
        "SELECT n.dream_id, ((g * 31) % :members) + 1, n.kind, 'I can help', CASE WHEN n.kind = 'money' THEN 200 "
        "END, now() - g * interval '1 second', n.id, "
        "(ARRAY['offered', 'accepted', 'confirmed', 'declined'])[(g % 4 + 1)::int] "
        "FROM generate_series(1, :spread) g "
        "JOIN dream_needs n ON n.id = ((g * 7) % (SELECT count(*) FROM dream_needs)) + 1")),
    ("followers", sa.text(
        "INSERT INTO followers (dream_id, member_id) SELECT DISTINCT dream_id, member_id FROM pledges")),
    ("projects", sa.text(
        "INSERT INTO projects (id, dream_id, branch_id, title, lead_id, started_at, state, evaluation, report) "
        "SELECT d.id / 20 + 1, d.id, d.branch_id, d.title, d.owner_id, d.decided_at, "
        "CASE WHEN d.id % 100 = 99 THEN 'completed' ELSE 'active' END, '', '' FROM dreams d "
        "WHERE d.state = 'project'")),
    ("team_members", sa.text(
        "INSERT INTO team_members (project_id, member_id, role) SELECT id, lead_id, 'lead' FROM projects")),
    ("project_updates", sa.text(
        "INSERT INTO project_updates (project_id, author_id, text, at) "
        "SELECT p.id, p.lead_id, 'Week ' || u || ': the work goes on.', now() - (:updates - u) * interval '2 days' "
        "- p.id * interval '1 second' FROM projects p, generate_series(1, :updates) u")),
    ("events", sa.text(
        "INSERT INTO events (id, branch_id, kind, title, description, starts_at, ends_at, place, audience, "
        "capacity, deadline, created_by, created_at, sequence) "
        "SELECT e, e % :branches + 1, 'gathering', 'Gathering ' || e, 'Come along.', "
        "now() + (e % 60 + 2) * interval '1 day', now() + (e % 60 + 2) * interval '1 day' + interval '2 hours', "
        "'The hall', 'everyone', CASE WHEN e % 3 = 0 THEN 200 END, now() + (e % 60 + 1) * interval '1 day', "
        "e % :branches + 1, now() - e * interval '1 minute', 0 FROM generate_series(1, :events) e")),
    ("rsvps", sa.text(
        "INSERT INTO rsvps (event_id, member_id, answer, waiting, at, seq) "
        "SELECT g % :events + 1, (((g % :events + 1) * 17 + (g / :events) * 1009) % :members) + 1, "
        "(ARRAY['going', 'going', 'maybe', 'no'])[(g % 4 + 1)::int], false, now() - g * interval '1 second', "
        "g / :events + 1 FROM generate_series(0, :rsvps - 1) g")),
    # a dialog half-way for every twentieth member
    ("dialogs", sa.text(
        "INSERT INTO dialogs (member_id, form, step, answers, context, previous, nonce, updated_at, instance) "
        "SELECT m, 'deposit', 1, '{}', '{}', '{}', 0, now() - m * interval '1 second', 'i' || m "
        "FROM generate_series(20, :members, 20) m")),
    # the outbox's history: a notice sent to every member
    ("notices", sa.text(
        "INSERT INTO notices (member_id, branch_id, kind, params, created_at, status, channel, sent_at, attempts, "
        "audience, topic) SELECT m.id, m.branch_id, 'announcement', '{\"text\": \"Welcome\"}', now() - interval "
        "'2 days', 'sent', 'telegram', now() - interval '2 days', 1, 'member', '' FROM members m")),
    ("processed_updates", sa.text(
        "INSERT INTO processed_updates (key, at) SELECT 'telegram:' || g, now() - g * interval '1 second' "
        "FROM generate_series(1, :handled) g")),
    # the counts the bank sorts by, as core keeps them: likes given, and needs no pledge has offered help with yet
    ("dreams", sa.text(
        "UPDATE dreams d SET like_count = counted.n FROM (SELECT dream_id, count(*) n FROM likes "
        "GROUP BY dream_id) counted WHERE counted.dream_id = d.id")),
    ("dreams", sa.text(
        "UPDATE dreams d SET open_needs = (SELECT count(*) FROM dream_needs n WHERE n.dream_id = d.id AND NOT EXISTS "
        "(SELECT 1 FROM pledges p WHERE p.need_id = n.id))")),
    *[("sequences", sa.text(f"SELECT setval(pg_get_serial_sequence('{t}', 'id'), (SELECT max(id) FROM {t}))"))  # nosec
      for t in ("branches", "members", "dreams", "projects", "events")],  # B608: fixed names
]

COUNTED = ("members", "identities", "member_preferences", "branches", "dreams", "dream_needs", "likes", "pledges",
           "followers", "projects", "project_updates", "events", "rsvps", "dialogs", "notices", "processed_updates")


def typed(statement: sa.TextClause) -> sa.TextClause:
    """The statement with each size cast to bigint, as asyncpg sends parameters without a type."""
    return sa.text(re.sub(r"(?<!:):(\w+)", r"CAST(:\1 AS bigint)", statement.text))


async def seed(url: str, scale: Scale) -> list[tuple[str, float]]:
    """Fills the migrated database; the seconds each table took, and the analysis last."""
    engine = create_async_engine(url, poolclass=NullPool)
    values = scale.sizes
    spent: dict[str, float] = {}
    try:
        async with engine.begin() as connection:
            for table, statement in SEED:
                began = time.monotonic()
                await connection.execute(typed(statement), {k: v for k, v in values.items()
                                                            if f":{k}" in statement.text})
                spent[table] = spent.get(table, 0.0) + time.monotonic() - began
        began = time.monotonic()
        async with engine.connect() as connection:
            await connection.execution_options(isolation_level="AUTOCOMMIT")
            await connection.exec_driver_sql("VACUUM ANALYZE")
        spent["VACUUM ANALYZE"] = time.monotonic() - began
    finally:
        await engine.dispose()
    return list(spent.items())


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


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))]


#: one call of a figure: the app and the call's number (so that writes act as a different member each time)
Call = Callable[[App, int], Awaitable[Any]]


@dataclass(frozen=True)
class Figure:
    name: str
    call: Call
    #: a reader waits for it (held to TARGET_MS); the digest's batch reads are held only to their plans
    interactive: bool = True


@dataclass
class Measured:
    name: str
    ms: list[float]
    statements: int
    interactive: bool
    scans: list[str] = field(default_factory=list)

    @property
    def p95(self) -> float:
        return percentile(self.ms, 95)

    def row(self) -> str:
        fast = self.p95 <= TARGET_MS or not self.interactive
        verdict = "PASS" if fast and not self.scans else "MISS"
        scans = "none" if not self.scans else ", ".join(self.scans)
        target = f"<= {TARGET_MS:.0f}" if self.interactive else "batch"
        return (f"{self.name:30} {percentile(self.ms, 50):7.1f} {self.p95:7.1f} {percentile(self.ms, 99):7.1f} "
                f"{self.statements:6}   {target:>5}  {verdict}  seq scans: {scans}")


HEADER = f"{'call':30} {'p50':>7} {'p95':>7} {'p99':>7} {'stmts':>6}   target  verdict"


@dataclass(frozen=True)
class Cast:
    """The members and things the calls act on, found in the seeded data."""

    viewer: Member
    #: the heavy dream's owner, who answers its offers; and the member who made the most offers
    owner: Member
    pledger: Member
    plain_dream: int
    heavy_dream: int
    heavy_pledges: int
    project: int
    event: int
    members: int
    #: the members of the viewer's branch (1 to this), who act on its dreams and events
    neighbours: int
    branch_of_viewer: int


async def cast(app: App, scale: Scale) -> Cast:
    async with app.uow() as uow:
        session = uow.session  # type: ignore[attr-defined] # the real unit of work: this is its set-up, not a call
        heavy = await session.scalar(sa.text(
            "SELECT dream_id FROM pledges GROUP BY dream_id ORDER BY count(*) DESC LIMIT 1"))
        heavy_count = await session.scalar(sa.text("SELECT count(*) FROM pledges WHERE dream_id = :d"), dict(d=heavy))
        plain = await session.scalar(sa.text(
            "SELECT d.id FROM dreams d WHERE d.state = 'approved' AND d.branch_id = 1 AND d.like_count > 0 AND "
            "(SELECT count(*) FROM pledges p WHERE p.dream_id = d.id) BETWEEN 1 AND 3 ORDER BY d.id LIMIT 1"))
        project = await session.scalar(sa.text("SELECT min(id) FROM projects WHERE state = 'active'"))
        event_id = await session.scalar(sa.text("SELECT min(id) FROM events WHERE capacity IS NULL AND branch_id = 1"))
        viewer = await uow.members.get(scale.digest_members // 2)
        owner = await uow.members.get(await session.scalar(sa.text("SELECT owner_id FROM dreams WHERE id = :d"),
                                                           dict(d=heavy)))
        pledger = await uow.members.get(await session.scalar(sa.text(
            "SELECT member_id FROM pledges GROUP BY member_id ORDER BY count(*) DESC, member_id LIMIT 1")))
    if viewer is None or owner is None or pledger is None or not (heavy and plain and project and event_id):
        raise RuntimeError("the seeded data lacks what the calls act on")
    return Cast(viewer, owner, pledger, plain, heavy, heavy_count, project, event_id, scale.members,
                scale.digest_members, viewer.branch_id)


def figures(c: Cast, run: str) -> list[Figure]:
    """Each hot call of the chat flows and the bank, as the flows make it: in a unit of work of its own."""

    async def member(app: App, i: int) -> Any:
        async with app.uow() as uow:
            return await uow.members.by_identity(Identity("telegram", str(100000 + (i * 7919) % c.members + 1)))

    async def dialog(app: App, i: int) -> Any:
        async with app.uow() as uow:
            return await uow.dialogs.current(20 * (1 + (i * 7919) % (c.members // 20)))

    async def inbox(app: App, i: int) -> Any:
        async with app.uow() as uow:
            await uow.inbox.first_time(f"bench:{run}:{i}", app.clock.now())
            await uow.commit()

    def bank(query: BankQuery) -> Call:
        async def listing(app: App, i: int) -> Any:
            async with app.uow() as uow:
                return await bank_page(uow, DIGEST_BRANCH, query)
        return listing

    def card(dream_id: int) -> Call:
        async def read(app: App, i: int) -> Any:
            async with app.uow() as uow:
                return await read_dream(uow, c.viewer, dream_id)
        return read

    async def project(app: App, i: int) -> Any:
        async with app.uow() as uow:
            return await read_project(uow, c.viewer, c.project)

    async def pledge_form(app: App, i: int) -> Any:
        async with app.uow() as uow:
            dream = await ensure_can_pledge(uow, c.viewer, c.plain_dream)
            return await covering(uow, dream.id)

    async def offers_to_mine(app: App, i: int) -> Any:
        async with app.uow() as uow:
            return await dream_pledges(uow, c.owner, c.heavy_dream)

    async def my_offers(app: App, i: int) -> Any:
        async with app.uow() as uow:
            return await my_pledges(uow, c.pledger)

    async def like(app: App, i: int) -> Any:
        async with app.uow() as uow:
            actor = await uow.members.get(1 + (i * 104729 + 12345) % c.neighbours)
            try:
                await like_dream(uow, app.clock, actor, c.plain_dream)  # type: ignore[arg-type]
            except Refused:
                return None  # this member liked it already: the refusal's reads were measured
            await uow.commit()

    async def rsvp(app: App, i: int) -> Any:
        async with app.uow() as uow:
            actor = await uow.members.get(1 + (i * 15485863 + 777) % c.neighbours)
            await respond(uow, app.clock, actor, c.event, Answer.GOING)  # type: ignore[arg-type]
            await uow.commit()

    async def event_card(app: App, i: int) -> Any:
        async with app.uow() as uow:
            return await event_facts(uow, app.clock, c.viewer, c.event)

    async def events_ahead(app: App, i: int) -> Any:
        async with app.uow() as uow:
            return await upcoming(uow, app.clock, c.viewer, c.branch_of_viewer)

    async def subscribers(app: App, i: int) -> Any:
        async with app.uow() as uow:
            return await uow.preferences.subscribers(DIGEST_BRANCH, [DigestFrequency.DAILY], i % c.neighbours, 500)

    async def notices(app: App, i: int) -> Any:
        async with app.uow() as uow:
            return await uow.outbox.pending_for(1 + (i * 7919) % c.members)

    return [Figure("member by Telegram id", member),
            Figure("inbox check (update seen?)", inbox),
            Figure("dialog in progress", dialog),
            Figure("bank, first page", bank(BankQuery())),
            Figure("bank, page 20", bank(BankQuery(page=20))),
            Figure("bank, most liked", bank(BankQuery(sort=BankSort.LIKED))),
            Figure("bank, needs a venue", bank(BankQuery(need=Need.VENUE))),
            Figure("bank, search 'choir'", bank(BankQuery(text="choir"))),
            Figure("dream card, plain", card(c.plain_dream)),
            Figure(f"dream card, {c.heavy_pledges} pledges", card(c.heavy_dream)),
            Figure("project card", project),
            Figure("pledge form's reads", pledge_form),
            Figure(f"offers to my dream ({c.heavy_pledges})", offers_to_mine),
            Figure("my offers", my_offers),
            Figure("like", like),
            Figure("event card", event_card),
            Figure("upcoming events", events_ahead),
            Figure("event RSVP", rsvp),
            Figure("pending notices of a member", notices),
            Figure("digest's page of 500 members", subscribers, interactive=False)]


async def measure(app: App, statements: Statements, figure: Figure, n: int, warm_up: int, first: int) -> Measured:
    ms: list[float] = []
    sent = 0
    for i in range(warm_up + n):
        before = statements.count
        began = time.perf_counter()
        await figure.call(app, first + i)
        took = time.perf_counter() - began
        if i >= warm_up:
            ms.append(took * 1000)
            sent = max(sent, statements.count - before)
    return Measured(figure.name, ms, sent, figure.interactive)


EXPLAINED = ("SELECT", "UPDATE", "DELETE", "WITH", "INSERT INTO notices (member_id")


async def sequential_scans(app: App, statements: Statements, figure: Figure, i: int, sizes: dict[str, float]
                           ) -> list[str]:
    """The large tables a call's statements read by a sequential scan, from EXPLAIN (FORMAT JSON) of each with its
    parameters."""
    statements.kept = []
    try:
        await figure.call(app, i)
    finally:
        kept, statements.kept = statements.kept, None
    found: list[str] = []
    async with app.engine.connect() as connection:
        for statement, parameters in kept:
            if not statement.lstrip().upper().startswith(EXPLAINED):
                continue
            plan = (await connection.exec_driver_sql("EXPLAIN (FORMAT JSON) " + statement, parameters)).scalar()
            for table in scanned(json.loads(plan) if isinstance(plan, str) else plan):
                if sizes.get(table, 0) > LARGE_TABLE and table not in found:
                    found.append(table)
    return found


def scanned(plan: Any) -> list[str]:
    """The relations a plan (EXPLAIN's JSON) reads with a Seq Scan."""
    if isinstance(plan, list):
        return [t for p in plan for t in scanned(p)]
    if not isinstance(plan, dict):
        return []
    own = [plan["Relation Name"]] if plan.get("Node Type") == "Seq Scan" and "Relation Name" in plan else []
    return own + [t for key in ("Plan", "Plans") if key in plan for t in scanned(plan[key])]


async def table_sizes(app: App) -> dict[str, float]:
    async with app.engine.connect() as connection:
        rows = await connection.execute(sa.text(
            "SELECT relname, reltuples FROM pg_class WHERE relkind = 'r' AND relnamespace = 'public'::regnamespace"))
        return {name: float(tuples) for name, tuples in rows.all()}


async def digest_run(app: App, statements: Statements) -> tuple[float, int, int]:
    before = statements.count
    began = time.perf_counter()
    written = await send_digests(app.uow, app.clock, DIGEST_BRANCH)
    return time.perf_counter() - began, written, statements.count - before


async def broadcast_run(app: App, statements: Statements) -> tuple[float, int, int]:
    before = statements.count
    began = time.perf_counter()
    async with app.uow() as uow:
        sent = await uow.broadcasts.add(Broadcast(BROADCAST_BRANCH, NoticeKind.ANNOUNCEMENT,
                                                  {"text": "The hall is open on Saturday."},
                                                  Recipients.parse("all"), app.clock.now()))
        await uow.commit()
    return time.perf_counter() - began, sent.total, statements.count - before


async def erasure_run(app: App, statements: Statements, member_id: int) -> tuple[float, int]:
    """One member erased through the real use case: their name is looked for in every JSON column."""
    before = statements.count
    began = time.perf_counter()
    async with app.uow() as uow:
        await erase_member(uow, app.clock, member_id)
        await uow.commit()
    return time.perf_counter() - began, statements.count - before


async def run(server: str, database: str, scale: Scale, n: int, warm_up: int) -> int:
    sizes = scale.sizes
    print(f"Seeding {scale.members:,} members in {scale.branches} branches (the digest's branch "
          f"{scale.digest_members:,}, the broadcast's {scale.broadcast_members:,}), {sizes['dreams']:,} dreams, "
          f"{sizes['likes']:,} likes, {sizes['pledges']:,} pledges, {sizes['events']:,} events with "
          f"{sizes['rsvps']:,} answers …", flush=True)
    async with fresh_database(server, database) as url:
        began = time.monotonic()
        await upgrade(url)
        print(f"  migrated in {time.monotonic() - began:.1f} s", flush=True)
        began = time.monotonic()
        spent = await seed(url, scale)
        seeded = time.monotonic() - began
        print(f"  seeded in {seeded:.1f} s (" + ", ".join(f"{t} {s:.1f} s" for t, s in spent) + ")", flush=True)
        print(f"  {await counts(url)}", flush=True)
        with tempfile.TemporaryDirectory(prefix="dreambank-bench-scale-") as folder:
            settings = Settings(_env_file=None, database_url=url, data_dir=Path(folder),  # type: ignore[call-arg]
                                secret=secrets.token_urlsafe(32))
            app = await build(settings, migrate=False)
            counted = Statements()
            counted.watch(app.engine)
            try:
                c = await cast(app, scale)
                tables = await table_sizes(app)
                results = []
                for number, figure in enumerate(figures(c, secrets.token_hex(4))):
                    measured = await measure(app, counted, figure, n, warm_up, number * 10_000)
                    measured.scans = await sequential_scans(app, counted, figure, number * 10_000 + 9_999, tables)
                    results.append(measured)
                    print(f"  {measured.row()}", flush=True)
                fan_out = await broadcast_run(app, counted)
                print(f"  fanned the broadcast out in {fan_out[0]:.1f} s", flush=True)
                digest = await digest_run(app, counted)
                print(f"  wrote the digest in {digest[0]:.1f} s", flush=True)
                erasure = await erasure_run(app, counted, scale.members)  # the last member, in an ordinary branch
            finally:
                await app.close()
    print(f"\nHot calls through the real use cases and units of work, ms, n={n} each after {warm_up} to warm up; "
          f"{scale.members:,} members on PostgreSQL, {os.cpu_count()} cores; seeded in {seeded:.0f} s:\n")
    print(HEADER)
    for measured in results:
        print(measured.row())
    seconds, written, sent = digest
    print(f"\ndigest of a branch of {scale.digest_members:,} members: {seconds:.1f} s, {written:,} digests written, "
          f"{sent:,} statements   <= {DIGEST_TARGET_S:.0f} s  {'PASS' if seconds <= DIGEST_TARGET_S else 'MISS'}")
    seconds, total, sent = fan_out
    print(f"broadcast fan-out to a branch of {scale.broadcast_members:,} members: {seconds * 1000:.0f} ms, "
          f"{total:,} notices written, {sent} statements")
    seconds, sent = erasure
    print(f"erasure of one member: {seconds * 1000:.0f} ms, {sent} statements (an operator's rare act, not a target)")
    return 0


async def counts(url: str) -> str:
    engine = create_async_engine(url, poolclass=NullPool)
    try:
        async with engine.connect() as connection:
            found = [(t, await connection.scalar(sa.text(f"SELECT count(*) FROM {t}")))  # nosec B608 # names above
                     for t in COUNTED]
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
    parser = argparse.ArgumentParser(prog="python -m benchmarks.scale", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="20,000 members, n=10: a smoke run")
    parser.add_argument("--members", type=int, help="members to seed, every other size following (1,000,000)")
    parser.add_argument("-n", type=int, help="calls measured per figure (50; 10 with --quick)")
    parser.add_argument("--database", default="dreambank_bench_scale", help="the database made and dropped")
    parser.add_argument("--timeout", type=float, default=1800, help="seconds after which the run stops itself")
    args = parser.parse_args(argv)
    args.scale = Scale(args.members) if args.members else QUICK if args.quick else FULL
    args.n = args.n or (10 if args.quick else 50)
    if args.scale.members < 20_000 or args.n < 1:
        parser.error("at least 20,000 members and one call a figure")
    return args


def main(argv: list[str]) -> int:
    args = parse(argv)
    server = os.environ.get(SERVER_VARIABLE)
    if not server:
        print(f"{SERVER_VARIABLE} must name a PostgreSQL server whose user may create databases", file=sys.stderr)
        return 2
    warm_up = 3 if args.quick else 10
    return asyncio.run(bounded(run(server, args.database, args.scale, args.n, warm_up), args.timeout))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
