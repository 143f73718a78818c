"""The webhook benchmark, run small on PostgreSQL: dreambank's worker beside the bare application (taking turns),
then two workers behind one address against one, the bare application's and dreambank's, every update answered
200, every process stopped and the database dropped. The figures' shape is checked, not the speed."""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks.updates import KINDS
from tests.conftest import POSTGRES_URL_VARIABLE
from tests.e2e.test_web_bench import _databases

ROOT = Path(__file__).resolve().parents[2]
ROW = re.compile(r"^(?P<side>.+?)\s+(?P<clients>\d+)\s+(?P<updates>\d+)\s+(?P<rate>[\d.]+)\s+(?P<p50>[\d.]+)\s+"
                 r"(?P<p95>[\d.]+)\s+(?P<p99>[\d.]+)\s+(?P<cpu>[\d.]+)\s+(?P<calls>[\d.]+)\s+(?P<failed>\d+)$")
RATIO = re.compile(r"^\s+(?P<clients>\d+)\s+(?P<throughput>[\d.]+)x\s+(?P<cpu>[\d.]+)x\s+(?P<p95>[\d.]+)x\s+"
                   r"(PASS|MISS)$")
KIND = re.compile(r"^  (?P<name>.+?)\s+(?P<p50>[\d.]+) /\s*(?P<p95>[\d.]+)   bare\s+(?P<bare_p50>[\d.]+) /\s*"
                  r"(?P<bare_p95>[\d.]+)$")


@pytest.fixture
def server() -> str:
    given = os.environ.get(POSTGRES_URL_VARIABLE)
    if not given:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{POSTGRES_URL_VARIABLE} is not set: under CI the PostgreSQL tests must run")
        pytest.skip(f"{POSTGRES_URL_VARIABLE} is not set")
    return given


@pytest.mark.timeout(300)
def test_a_quick_run_measures_both_sides_and_two_workers_and_leaves_nothing_behind(server, tmp_path):
    database = f"dreambank_bench_updates_{secrets.token_hex(4)}"
    env = {k: v for k, v in os.environ.items() if not k.startswith("DREAMBANK_")}
    env |= {POSTGRES_URL_VARIABLE: server, "TMPDIR": str(tmp_path)}

    run = subprocess.run([sys.executable, "-m", "benchmarks.updates", "--quick", "--turns", "2", "--clients", "1,4",
                          "--database", database, "--timeout", "240"], cwd=ROOT, env=env, capture_output=True, text=True,
                         timeout=280)

    assert run.returncode == 0, run.stdout + run.stderr
    assert "dreambank and the bare floor take 2 turns each of 1.5 s, alternating" in run.stdout
    rows = [m for m in (ROW.match(line) for line in run.stdout.splitlines()) if m]
    sides = {(m["side"], int(m["clients"])) for m in rows}
    assert sides == {("dreambank (one worker)", 1), ("bare PTB + 1 INSERT + 1 reply", 1),
                     ("dreambank (one worker)", 4), ("bare PTB + 1 INSERT + 1 reply", 4),
                     ("bare, proxy -> 1 worker", 4), ("bare, proxy -> 2 workers", 4),
                     ("dreambank, proxy -> 1 worker", 4), ("dreambank, proxy -> 2 workers", 4)}
    for row in rows:
        assert int(row["updates"]) > 0 and int(row["failed"]) == 0
        assert float(row["p50"]) <= float(row["p95"]) <= float(row["p99"])
        assert float(row["cpu"]) > 0 and float(row["calls"]) >= 1  # every update is answered in the chat
    assert len([m for m in (RATIO.match(line) for line in run.stdout.splitlines()) if m]) == 2
    kinds = [m for m in (KIND.match(line) for line in run.stdout.splitlines()) if m]
    assert [k["name"] for k in kinds] == list(KINDS)  # each kind of update of the round, with one client
    for kind in kinds:
        assert 0 < float(kind["p50"]) <= float(kind["p95"]) and 0 < float(kind["bare_p50"]) <= float(kind["bare_p95"])
    assert re.search(r"two workers / one worker .*: dreambank [\d.]+x .*(PASS|MISS); the bare application [\d.]+x",
                     run.stdout)
    bounds = re.findall(r"^  (dreambank|bare), two workers: .* PostgreSQL \d+%, the workers \d+%; the most two "
                        r"workers could gain with what an update costs all of them: ([\d.]+)x, reached (\d+)%$",
                        run.stdout, re.MULTILINE)
    assert [side for side, _bound, _reached in bounds] == ["dreambank", "bare"]
    assert all(0 < float(bound) <= (os.cpu_count() or 1) for _side, bound, _reached in bounds)  # never past the cores
    assert "answers other than 200: 0; errors the workers logged: 0; stand-in faults: 0" in run.stdout
    assert database not in _databases(server)
    assert not _processes_naming(database)  # the workers were given its address: none of them is left


def _processes_naming(database: str) -> list[int]:
    """The processes whose command line or environment names the database."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            said = (entry / "cmdline").read_bytes() + (entry / "environ").read_bytes()
        except OSError:
            continue
        if database.encode() in said:
            found.append(int(entry.name))
    return found
