"""The portal's speed benchmark, run small on PostgreSQL: every page measured beside the baseline, the statements
each sent, the bank's query explained, and its database dropped. The figures' shape is checked, not the speed."""

from __future__ import annotations

import asyncio
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import create_async_engine
from sqlalchemy.pool import NullPool

from tests.conftest import POSTGRES_URL_VARIABLE

ROOT = Path(__file__).resolve().parents[2]
ROW = re.compile(r"^(?P<page>.+?)\s+(?P<p50>[\d.]+)\s+(?P<p95>[\d.]+)\s+(?P<p99>[\d.]+)\s+(?P<client>[\d.]+)\s+"
                 r"(?P<baseline>[\d.]+)\s+(?P<ratio>[\d.]+)x\s+(?P<statements>\d+)\s+(?P<cached>yes|NO)\s+"
                 r"<= 50\s+(?P<verdict>PASS|MISS)$")


@pytest.fixture
def server() -> str:
    """The PostgreSQL server the benchmark makes its database on (skipped without one, failed under CI)."""
    given = os.environ.get(POSTGRES_URL_VARIABLE)
    if not given:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{POSTGRES_URL_VARIABLE} is not set: under CI the PostgreSQL tests must run")
        pytest.skip(f"{POSTGRES_URL_VARIABLE} is not set")
    return given


@pytest.mark.timeout(300)
def test_a_quick_run_measures_each_page_beside_the_baseline_and_drops_its_database(server, tmp_path):
    database = f"dreambank_bench_web_{secrets.token_hex(4)}"
    env = {k: v for k, v in os.environ.items() if not k.startswith("DREAMBANK_")}
    env |= {POSTGRES_URL_VARIABLE: server, "TMPDIR": str(tmp_path)}

    run = subprocess.run([sys.executable, "-m", "benchmarks.web_pages", "--quick", "--database", database,
                          "--timeout", "240"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=280)

    assert run.returncode == 0, run.stderr
    rows = {m["page"]: m for m in (ROW.match(line) for line in run.stdout.splitlines()) if m}
    assert {"bank, first page", "dream, plain", "dream, 150 pledges"} <= set(rows)
    assert any(page.startswith("bank, ?page=") for page in rows)
    for row in rows.values():
        assert float(row["p50"]) <= float(row["p95"]) <= float(row["p99"])
        assert float(row["baseline"]) > 0 and int(row["statements"]) >= 1
        assert row["cached"] == "yes"  # a public page asked again with its ETag is not sent again
    assert "EXPLAIN ANALYZE of the bank's queries for /storby/:" in run.stdout
    assert "2,000 dreams" in run.stdout
    assert database not in _databases(server)


def _databases(server: str) -> list[str]:
    async def names() -> list[str]:
        engine = create_async_engine(server, poolclass=NullPool)
        try:
            async with engine.connect() as connection:
                return list((await connection.scalars(sa.text("SELECT datname FROM pg_database"))).all())
        finally:
            await engine.dispose()

    return asyncio.run(names())
