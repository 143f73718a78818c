"""The delivery benchmark as a process: stopped part-way, it stops the deliverer it started."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _children(pid: int) -> list[int]:
    """Processes whose parent is `pid` and that run `dreambank deliver`."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        parent = int(stat.rsplit(")", 1)[1].split()[1])
        if parent == pid and "deliver" in command:
            found.append(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM])
def test_a_benchmark_stopped_part_way_leaves_no_deliverer_running(stop, tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("DREAMBANK_")}
    env["TMPDIR"] = str(tmp_path)
    bench = subprocess.Popen([sys.executable, "-m", "benchmarks.delivery", "--scale", "1", "--seconds", "60",
                              "--memory-n", "0"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                             stderr=subprocess.PIPE)
    deliverers: list[int] = []
    try:
        deadline = time.monotonic() + 90
        while not deliverers and time.monotonic() < deadline and bench.poll() is None:
            time.sleep(0.2)
            deliverers = _children(bench.pid)
        assert deliverers, "the benchmark never started its deliverer"
        time.sleep(1.0)  # sending has begun

        bench.send_signal(stop)
        bench.wait(timeout=60)

        assert not [pid for pid in deliverers if _alive(pid)]
    finally:
        for pid in deliverers:
            if _alive(pid):
                os.kill(pid, signal.SIGKILL)
        if bench.poll() is None:
            bench.kill()
            bench.wait()
