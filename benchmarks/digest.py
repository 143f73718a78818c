"""Digest benchmark: the real digest job for one branch of 50,000 members on PostgreSQL, beside the same digests
written a member at a time (how the job wrote them before: a preferences upsert and a notice INSERT each).

    python3 dev.py bench-digest [--quick] [--members 50000] [--runs 3] [--no-baseline] [--database ...]

It makes a fresh database on the server DREAMBANK_TEST_POSTGRES_URL names, migrates it and seeds it set-based: one
big branch with --members members and as many again in four other branches (joined in turn, so a branch's members
are not a run of ids), every member on Telegram; of each ten, three chose a daily digest, two a weekly one, one
none, four never chose (weekly, in chat); one in twenty takes the digest by email too, one in a hundred is a
pådriver; the big branch has 300 dreams that came into the bank over the last six days and 20 projects with 5
updates each. The clock is a Monday at nine in the branch's time zone, so daily and weekly digests are both due.
Each run starts from the seeded state (notices emptied, windows put back, VACUUM ANALYZE outside the timing) and
times `digests.schedule.jobs.digest`, the job the schedule runs. It prints members, digests written, seconds (p50
and slowest), statements, members per second and PASS or MISS against 60 s; then the row-at-a-time baseline once,
the ratios, and EXPLAIN ANALYZE of the paging query. The database is dropped at the end however the run ends (Ctrl-C
and SIGTERM included), and the run stops itself after --timeout seconds.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from types import SimpleNamespace

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine
from sqlalchemy.pool import NullPool

from benchmarks.web_pages import SERVER_VARIABLE, Statements, bounded, fresh_database, percentile
from core.clock import FixedClock
from core.model.members import Role
from core.model.notices import Notice, NoticeKind
from core.model.preferences import MailTopic
from core.usecases import digests
from core.usecases.preferences import EMAIL
from digests.schedule import jobs
from storage.database import make_engine, session_factory
from storage.migrate import upgrade
from storage.unit_of_work import SqlUnitOfWork

TARGET_SECONDS = 60.0
#: Monday 30 November 2026, nine in the morning in Oslo
NOW = datetime(2026, 11, 30, 8, 0, tzinfo=timezone.utc)
OTHER_BRANCHES = 4
DREAMS, PROJECTS, UPDATES = 300, 20, 5

SEED = [
    sa.text("INSERT INTO branches (id, slug, name, language, timezone, quorum, stall_after_seconds) "
            "SELECT b, 'branch-' || b, 'Branch ' || b, 'nb', 'Europe/Oslo', 'majority', 1209600 "
            "FROM generate_series(1, CAST(:branches AS integer)) b"),
    # members joined the branches in turn, as people do: every odd id is the big branch's, the even ones the others'
    # (so its pages are not a run of ids); the rules below number each member m / 2 within their branch
    sa.text("INSERT INTO members (id, display_name, branch_id, joined_at) "
            "SELECT m, 'Sambygger ' || m, CASE WHEN m % 2 = 1 THEN 1 ELSE (m / 2) % CAST(:others AS integer) + 2 "
            "END, CAST(:now AS timestamptz) - interval '30 days' "
            "FROM generate_series(1, CAST(:everyone AS integer)) m"),
    sa.text("INSERT INTO identities (platform, external_id, member_id, reachable) "
            "SELECT 'telegram', (100000 + m)::text, m, true FROM generate_series(1, CAST(:everyone AS integer)) m"),
    # of each ten: 0-2 daily, 3-4 weekly, 5 never, 6-9 never chose (no row); one in twenty by email as well
    sa.text("INSERT INTO member_preferences (member_id, digest, digest_in_chat, digest_by_email, "
            "newsletters_by_email, reminders_by_email, email, code_tries, digested_until) "
            "SELECT m, CASE WHEN m / 2 % 10 < 3 THEN 'daily' WHEN m / 2 % 10 < 5 THEN 'weekly' ELSE 'never' END, "
            "true, m / 2 % 20 = 0, false, false, CASE WHEN m / 2 % 20 = 0 THEN 'm' || m || '@example.org' END, 0, "
            "CAST(:now AS timestamptz) - CASE WHEN m / 2 % 10 < 3 THEN interval '1 day' ELSE interval '7 days' END "
            "FROM generate_series(1, CAST(:everyone AS integer)) m WHERE m / 2 % 10 < 6"),
    sa.text("INSERT INTO role_grants (branch_id, member_id, role) "
            "SELECT 1, m, :padriver FROM generate_series(1, CAST(:everyone AS integer)) m "
            "WHERE m % 2 = 1 AND m / 2 % 100 = 7"),
    # dreams that came into the bank over the last six days, the newest a few minutes ago; the last become projects
    sa.text("INSERT INTO dreams (id, branch_id, owner_id, title, story, needs, needs_detail, state, deposited_at, "
            "decided_at, decision_reason) "
            "SELECT d, 1, 2 * d - 1, 'Dream number ' || d, repeat('A story told to the neighbours. ', 12), 'time', '', "
            "CASE WHEN d <= CAST(:dreams AS integer) THEN 'approved' ELSE 'project' END, "
            "CAST(:now AS timestamptz) - interval '8 days', "
            "CAST(:now AS timestamptz) - d * CAST(:spacing AS integer) * interval '1 second', '' "
            "FROM generate_series(1, CAST(:stories AS integer)) d"),
    sa.text("INSERT INTO projects (id, dream_id, branch_id, title, lead_id, started_at, state, evaluation, report) "
            "SELECT p, CAST(:dreams AS integer) + p, 1, 'Project ' || p, 2 * p - 1, CAST(:now AS timestamptz) - "
            "interval '7 days', 'active', '', '' FROM generate_series(1, CAST(:projects AS integer)) p"),
    sa.text("INSERT INTO project_updates (project_id, author_id, text, at) "
            "SELECT p, 2 * p - 1, repeat('What the team did this week. ', 8), CAST(:now AS timestamptz) - "
            "(p * CAST(:updates AS integer) + u) * CAST(:spacing AS integer) * interval '1 second' "
            "FROM generate_series(1, CAST(:projects AS integer)) p, generate_series(1, CAST(:updates AS integer)) u"),
    *[sa.text(f"SELECT setval(pg_get_serial_sequence('{t}', 'id'), (SELECT max(id) FROM {t}))")  # nosec B608 # names
      for t in ("branches", "members", "dreams", "projects")],
]

#: back to the seeded state: no notices, the rows the run added gone, every window where it was
RESET = [
    sa.text("DELETE FROM notices"),
    sa.text("DELETE FROM member_preferences WHERE member_id / 2 % 10 >= 6"),
    sa.text("UPDATE member_preferences SET digested_until = CAST(:now AS timestamptz) - "
            "CASE WHEN digest = 'daily' THEN interval '1 day' ELSE interval '7 days' END"),
]


async def seed(url: str, members: int) -> float:
    began = time.monotonic()
    stories = DREAMS + PROJECTS
    values = dict(branches=OTHER_BRANCHES + 1, others=OTHER_BRANCHES, members=members, everyone=2 * members,
                  now=NOW, padriver=Role.PADRIVER.value, dreams=DREAMS, projects=PROJECTS, updates=UPDATES,
                  stories=stories, spacing=6 * 24 * 3600 // max(stories, PROJECTS * UPDATES + UPDATES))
    await _execute(url, SEED, values)
    return time.monotonic() - began


async def reset(url: str) -> None:
    await _execute(url, RESET, dict(now=NOW))


async def _execute(url: str, statements: list[sa.TextClause], values: dict[str, object]) -> None:
    engine = create_async_engine(url, poolclass=NullPool)
    try:
        async with engine.begin() as connection:
            for statement in statements:
                await connection.execute(statement, {k: v for k, v in values.items() if f":{k}" in statement.text})
        async with engine.connect() as connection:
            await connection.execution_options(isolation_level="AUTOCOMMIT")
            await connection.exec_driver_sql("VACUUM ANALYZE")
    finally:
        await engine.dispose()


async def row_at_a_time(uow_factory, clock: FixedClock, branch_id: int, page: int = 500) -> int:
    """The baseline: the same digests written as the job wrote them before, a member at a time (a preferences
    upsert and a notice INSERT each), with core's own rules for the window and what a digest holds."""
    now = clock.now()
    async with uow_factory() as uow:
        branch = await uow.branches.get(branch_id)
        candidates = await digests.gather(uow, branch, now - digests.LONGEST_WINDOW, now)
        circle = {m.id for m in await uow.members.with_role(branch.id, Role.PADRIVER)}
    frequencies = digests.due_frequencies(branch, now)
    sent, after = 0, 0
    while True:
        async with uow_factory() as uow:
            members = list(await uow.preferences.subscribers(branch.id, frequencies, after, page))
            for member, preferences in members:
                span = digests.window(preferences, preferences.digest, now)
                if span is None:
                    continue
                view = digests.build(branch, preferences.digest, span[0], span[1], candidates, member.id in circle)
                preferences.digested_until = now
                await uow.preferences.save(preferences)
                if view.empty:
                    continue
                if preferences.digest_in_chat:
                    await uow.outbox.put(Notice(member.id, branch.id, NoticeKind.DIGEST, view.to_params(), now))
                if preferences.wants_email(MailTopic.DIGEST):
                    await uow.outbox.put(Notice(member.id, branch.id, NoticeKind.DIGEST, view.to_params(), now,
                                                via=EMAIL, address=preferences.email))
                sent += 1
            await uow.commit()
        if len(members) < page:
            return sent
        after = members[-1][0].id


@dataclass
class Run:
    seconds: float
    written: int
    statements: int


async def timed(url: str, engine: AsyncEngine, statements: Statements, set_based: bool) -> Run:
    await reset(url)
    sessions = session_factory(engine)
    clock = FixedClock(NOW)
    before = statements.count
    began = time.perf_counter()
    if set_based:
        written = await jobs.digest(SimpleNamespace(uow=lambda: SqlUnitOfWork(sessions), clock=clock), 1)
    else:
        written = await row_at_a_time(lambda: SqlUnitOfWork(sessions), clock, 1)
    return Run(time.perf_counter() - began, written, statements.count - before)


async def explain_paging(engine: AsyncEngine, kept: list[tuple[str, object]]) -> list[str]:
    """EXPLAIN ANALYZE of the first page's query (members joined to their choices)."""
    paging = [(s, p) for s, p in kept if "FROM members" in s and "member_preferences" in s and "LIMIT" in s]
    if not paging:
        return ["(no paging query was sent)"]
    statement, parameters = paging[0]
    async with engine.connect() as connection:
        plan = await connection.exec_driver_sql("EXPLAIN (ANALYZE, BUFFERS) " + statement, parameters)
        return [statement.replace("\n", " "), *("  " + line for (line,) in plan.all())]


def row(name: str, members: int, runs: list[Run]) -> str:
    seconds = [r.seconds for r in runs]
    p50 = percentile(seconds, 50)
    verdict = "PASS" if p50 <= TARGET_SECONDS else "MISS"
    return (f"{name:14} {members:>8,} {runs[0].written:>8,} {len(runs):>5} {p50:>8.2f} {max(seconds):>8.2f} "
            f"{runs[0].statements:>10,} {members / p50:>10,.0f}   <= {TARGET_SECONDS:.0f} s  {verdict}")


HEADER = (f"{'digest':14} {'members':>8} {'written':>8} {'runs':>5} {'p50 s':>8} {'max s':>8} {'statements':>10} "
          f"{'members/s':>10}   target   verdict")


async def run(server: str, database: str, members: int, runs: int, baseline: bool) -> int:
    print(f"Seeding {members:,} members in one branch and {members:,} in {OTHER_BRANCHES} others, "
          f"{DREAMS} dreams and {PROJECTS * UPDATES} project updates …", flush=True)
    async with fresh_database(server, database) as url:
        await upgrade(url)
        print(f"  seeded in {await seed(url, members):.1f} s", flush=True)
        engine = make_engine(url)
        statements = Statements(kept=[])
        statements.watch(engine)
        try:
            measured = []
            for i in range(runs):
                measured.append(await timed(url, engine, statements, set_based=True))
                print(f"  run {i + 1}: {measured[-1].seconds:.2f} s, {measured[-1].written:,} written", flush=True)
                if i == 0:
                    kept, statements.kept = statements.kept or [], None
            before = [await timed(url, engine, statements, set_based=False)] if baseline else []
            if before:
                print(f"  row at a time: {before[0].seconds:.2f} s", flush=True)
            plan = await explain_paging(engine, kept)
        finally:
            await engine.dispose()
    print(f"\nThe digest job for one branch on PostgreSQL, {os.cpu_count()} cores; seconds for the whole job:\n")
    print(HEADER)
    print(row("set-based", members, measured))
    if before:
        print(row("row at a time", members, before))
        new, old = percentile([r.seconds for r in measured], 50), before[0].seconds
        print(f"\nratio: {old / new:.1f}x faster than a member at a time; statements {before[0].statements:,} "
              f"then, {measured[0].statements:,} now ({before[0].statements / members:.2f} against "
              f"{measured[0].statements / members:.4f} a member)")
    print("\nEXPLAIN ANALYZE of the first page's query:")
    print("\n".join("  " + line for line in plan))
    return 0


def parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.digest", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="1,000 members, one run each: a smoke run")
    parser.add_argument("--members", type=int, help="members of the branch measured (50,000; 1,000 with --quick)")
    parser.add_argument("--runs", type=int, help="timed runs of the job (3; 1 with --quick)")
    parser.add_argument("--no-baseline", action="store_true", help="leave out the row-at-a-time run")
    parser.add_argument("--database", default="dreambank_bench_digest", help="the database made and dropped")
    parser.add_argument("--timeout", type=float, default=1200, help="seconds after which the run stops itself")
    args = parser.parse_args(argv)
    args.members = args.members or (1_000 if args.quick else 50_000)
    args.runs = args.runs or (1 if args.quick else 3)
    if args.members < 100 or args.runs < 1:
        parser.error("at least 100 members and one run")
    return args


def main(argv: list[str]) -> int:
    args = parse(argv)
    server = os.environ.get(SERVER_VARIABLE)
    if not server:
        print(f"{SERVER_VARIABLE} must name a PostgreSQL server whose user may create databases", file=sys.stderr)
        return 2
    work = run(server, args.database, args.members, args.runs, not args.no_baseline)
    return asyncio.run(bounded(work, args.timeout))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
