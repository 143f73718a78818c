"""The million-recipient benchmark, run small: the fan-out a chunk per transaction beside another writer, the
deliverer's peak memory, on SQLite (and on PostgreSQL when there is one), and its database dropped. The shape of
the figures is checked, not the speed."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import POSTGRES_URL_VARIABLE
from tests.e2e.test_web_bench import _databases

ROOT = Path(__file__).resolve().parents[2]
FAN_OUT = re.compile(r"^  fan-out: [\d.]+ s in (?P<chunks>\d+) transactions, (?P<written>[\d,]+) notices")
WRITER = re.compile(r"^  the writer beside it, every 50 ms \((?P<writes>\d+) writes\):")
MEMORY = re.compile(r"^  deliverer: (?P<sent>[\d,]+) sent in .* peak memory (?P<peak>[\d.]+) MB")


@pytest.mark.timeout(300)
def test_a_quick_run_fans_out_in_chunks_beside_a_writer_and_measures_the_deliverers_memory(tmp_path):
    database = "dreambank_bench_fanout_quick"
    env = {k: v for k, v in os.environ.items() if not k.startswith("DREAMBANK_")}
    env |= {"TMPDIR": str(tmp_path)}
    server = os.environ.get(POSTGRES_URL_VARIABLE)
    if server:
        env[POSTGRES_URL_VARIABLE] = server

    run = subprocess.run([sys.executable, "-m", "benchmarks.fanout", "--quick", "--database", database], cwd=ROOT,
                         env=env, capture_output=True, text=True, timeout=280)

    assert run.returncode in (0, 1), run.stdout + run.stderr  # 1: a target missed on a loaded machine
    lines = run.stdout.splitlines()
    fan_outs = [m for m in map(FAN_OUT.match, lines) if m]
    writers = [m for m in map(WRITER.match, lines) if m]
    memories = [m for m in map(MEMORY.match, lines) if m]
    runs = 2 if server else 1
    assert len(fan_outs) == len(writers) == len(memories) == runs
    # 20,000 recipients: two chunks of 10,000, then none left; each recipient once
    assert all(int(m["chunks"]) == 3 and m["written"] == "20,000" for m in fan_outs)
    assert all(int(m["writes"]) > 0 for m in writers)
    assert all(int(m["sent"].replace(",", "")) > 0 and 20 < float(m["peak"]) < 2000 for m in memories)
    if server:
        assert database not in _databases(server)
