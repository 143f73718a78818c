"""The digest benchmark, run small on PostgreSQL: the job and the row-at-a-time baseline measured on the same
seeded branch, the statements each sent, the paging query explained, and its database dropped. The figures' shape
is checked, not the speed."""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import POSTGRES_URL_VARIABLE
from tests.e2e.test_web_bench import _databases

ROOT = Path(__file__).resolve().parents[2]
ROW = re.compile(r"^(?P<name>set-based|row at a time)\s+(?P<members>[\d,]+)\s+(?P<written>[\d,]+)\s+(?P<runs>\d+)\s+"
                 r"(?P<p50>[\d.]+)\s+(?P<slowest>[\d.]+)\s+(?P<statements>[\d,]+)\s+(?P<rate>[\d,]+)\s+<= 60 s\s+"
                 r"(?P<verdict>PASS|MISS)$")


def number(text: str) -> int:
    return int(text.replace(",", ""))


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
def test_a_quick_run_measures_the_job_beside_a_member_at_a_time_and_drops_its_database(server, tmp_path):
    database = f"dreambank_bench_digest_{secrets.token_hex(4)}"
    env = {k: v for k, v in os.environ.items() if not k.startswith("DREAMBANK_")}
    env |= {POSTGRES_URL_VARIABLE: server, "TMPDIR": str(tmp_path)}

    run = subprocess.run([sys.executable, "-m", "benchmarks.digest", "--quick", "--database", database,
                          "--timeout", "240"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=280)

    assert run.returncode == 0, run.stderr
    rows = {m["name"]: m for m in (ROW.match(line) for line in run.stdout.splitlines()) if m}
    assert set(rows) == {"set-based", "row at a time"}
    now, before = rows["set-based"], rows["row at a time"]
    assert number(now["members"]) == number(before["members"]) == 1_000
    assert number(now["written"]) == number(before["written"]) > 0, "both write the same digests"
    assert float(now["p50"]) <= float(now["slowest"])
    assert number(now["statements"]) < number(now["members"]) < number(before["statements"])
    assert "ratio:" in run.stdout and "EXPLAIN ANALYZE of the first page's query:" in run.stdout
    assert "Seq Scan on member_preferences" not in run.stdout
    assert database not in _databases(server)
