"""The crash-repeats benchmark, run small: a deliverer killed twice mid-broadcast on SQLite (and on PostgreSQL when
there is one), each kill's repeats set against the sends in flight and those begun, and its database dropped. The
shape of the figures is checked, and that no repeat falls outside what had begun."""

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
KILL = re.compile(r"^\s+(?P<kill>\d+)\s+(?P<unanswered>\d+)\s+(?P<after>\d+)\s+(?P<flight>\d+)\s+(?P<begun>\d+)\s+"
                  r"(?P<claimed>\d+)\s+(?P<repeats>\d+)\s+(?P<answered>\d+)\s+(?P<before>[\d.]+|-)$")


@pytest.mark.timeout(300)
def test_a_quick_run_counts_each_kills_repeats_within_what_had_begun(tmp_path):
    database = "dreambank_bench_kills_quick"
    env = {k: v for k, v in os.environ.items() if not k.startswith("DREAMBANK_")}
    env |= {"TMPDIR": str(tmp_path)}
    server = os.environ.get(POSTGRES_URL_VARIABLE)
    if server:
        env[POSTGRES_URL_VARIABLE] = server

    run = subprocess.run([sys.executable, "-m", "benchmarks.kills", "--quick", "--database", database], cwd=ROOT,
                         env=env, capture_output=True, text=True, timeout=280)

    assert run.returncode == 0, run.stdout + run.stderr
    kills = [m for m in (KILL.match(line) for line in run.stdout.splitlines()) if m]
    assert len(kills) == (4 if server else 2)
    for kill in kills:
        assert int(kill["repeats"]) <= int(kill["begun"]) <= 10
        assert int(kill["flight"]) == int(kill["unanswered"]) + int(kill["after"])
        assert int(kill["repeats"]) - int(kill["answered"]) <= int(kill["flight"])
        assert (kill["before"] == "-") == (int(kill["answered"]) == 0)
    assert "repeats not of a notice begun at a kill 0" in run.stdout and "lost 0" in run.stdout
    assert run.stdout.rstrip().endswith("PASS overall")
    if server:
        assert database not in _databases(server)
