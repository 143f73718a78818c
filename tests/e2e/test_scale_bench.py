"""The benchmark at a country's size, run small on PostgreSQL: every hot call measured through the real units of
work, its statements counted and explained, the digest and a broadcast timed, and its database dropped. The
figures' shape is checked, not the speed."""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import sys

import pytest

from tests.conftest import POSTGRES_URL_VARIABLE
from tests.e2e.test_web_bench import ROOT, _databases

ROW = re.compile(r"^(?P<call>.+?)\s+(?P<p50>[\d.]+)\s+(?P<p95>[\d.]+)\s+(?P<p99>[\d.]+)\s+(?P<statements>\d+)\s+"
                 r"(?P<target><= 50|batch)\s+(?P<verdict>PASS|MISS)\s+seq scans: (?P<scans>.+)$")


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
def test_a_quick_run_measures_each_hot_call_explains_it_and_drops_its_database(server, tmp_path):
    database = f"dreambank_bench_scale_{secrets.token_hex(4)}"
    env = {k: v for k, v in os.environ.items() if not k.startswith("DREAMBANK_")}
    env |= {POSTGRES_URL_VARIABLE: server, "TMPDIR": str(tmp_path)}

    run = subprocess.run([sys.executable, "-m", "benchmarks.scale", "--quick", "--database", database,
                          "--timeout", "240"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=280)

    assert run.returncode == 0, run.stderr
    rows = {m["call"]: m for m in (ROW.match(line) for line in run.stdout.splitlines()) if m}
    assert {"member by Telegram id", "bank, first page", "dream card, plain", "project card", "like", "event RSVP",
            "inbox check (update seen?)", "digest's page of 500 members", "my offers"} <= set(rows)
    assert any(call.startswith("offers to my dream (") for call in rows)
    assert any(call.startswith("dream card, ") and call.endswith(" pledges") for call in rows)
    for row in rows.values():
        assert float(row["p50"]) <= float(row["p95"]) <= float(row["p99"])
        assert int(row["statements"]) >= 1
        assert row["scans"] == "none" or row["verdict"] == "MISS"
    assert rows["dream card, plain"]["statements"] == next(
        r["statements"] for call, r in rows.items() if call.endswith(" pledges"))
    assert re.search(r"^digest of a branch of 1,000 members: [\d.]+ s, 1,000 digests written", run.stdout, re.M)
    assert re.search(r"^broadcast fan-out to a branch of 2,000 members: \d+ ms, 2,000 notices written", run.stdout,
                     re.M)
    assert "20,000 members" in run.stdout
    assert database not in _databases(server)
