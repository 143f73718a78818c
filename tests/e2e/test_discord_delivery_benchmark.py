"""The Discord delivery benchmark, run small: three ways of sending measured, and the engine's target judged."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ROW = re.compile(r"^(?P<name>.+?)\s+(?P<n>\d+)\s+(?P<wall>[\d.]+) s\s+(?P<ideal>[\d.]+) s\s+(?P<ratio>[\d.]+)\s+"
                 r"(?P<too_many>\d+)\s+(?P<duplicates>\d+)\s+(?P<lost>\d+)$")


@pytest.mark.timeout(300)
def test_a_small_run_measures_the_engine_beside_discord_py_and_a_loop(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("DREAMBANK_")}
    env["TMPDIR"] = str(tmp_path)

    run = subprocess.run([sys.executable, "-m", "benchmarks.discord_delivery", "--scale", "1", "--seconds", "4"],
                         cwd=ROOT, env=env, capture_output=True, text=True, timeout=280)

    assert run.returncode == 0, run.stderr
    rows = {m["name"]: m for m in (ROW.match(line) for line in run.stdout.splitlines()) if m}
    assert set(rows) == {"dreambank engine (32 workers)", "discord.py: gather of user.send",
                         "plain loop of await user.send"}
    engine = rows["dreambank engine (32 workers)"]
    gathered = rows["discord.py: gather of user.send"]
    assert all(int(row["n"]) == 100 for row in rows.values())
    assert (engine["duplicates"], engine["lost"]) == ("0", "0")
    # paced, the engine meets a 429 at most by a moment's jitter at a window's edge on a busy machine
    assert int(engine["too_many"]) <= 1 < int(gathered["too_many"])
    assert float(engine["ideal"]) == pytest.approx(4.0)
    assert float(engine["wall"]) >= 0.9 * float(engine["ideal"])  # no faster than Discord allows
    assert "target (the engine" in run.stdout
