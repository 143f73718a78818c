#!/usr/bin/env python3
"""Set-up and everyday commands on a machine with only Python 3.11+.

    python3 dev.py start   # a virtual environment, then the console chat on SQLite, with the web portal beside it
    python3 dev.py test    # the same environment with the test tools, then the whole test suite
    python3 dev.py bench   # the delivery benchmark (figures and ratios; PostgreSQL when it is there)
    python3 dev.py bench-discord  # the same on Discord: the engine beside discord.py's rate limiting and a loop
    python3 dev.py bench-web  # the portal's bank and dream pages at 100,000 dreams on PostgreSQL, beside a bare app
    python3 dev.py bench-digest  # the digest job for a branch of 50,000 members on PostgreSQL, beside row at a time
    python3 dev.py bench-scale  # the chat's hot calls, the digest and a broadcast at 1,000,000 members on PostgreSQL
    python3 dev.py bench-updates  # Telegram's webhook under mixed updates on PostgreSQL, beside a bare PTB app
    python3 dev.py bench-kills  # a deliverer killed at random moments: repeats per kill against the sends in flight
    python3 dev.py bench-fanout  # a broadcast to 1,000,000: its longest lock on the outbox, the deliverer's memory
    python3 dev.py starts  # 20 fresh starts of `dreambank run` on SQLite per mode: crashes, tracebacks, timing

Each command makes or refreshes `.venv` when pyproject.toml has changed, so both work from a fresh clone.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")


def ensure_environment(extras: str) -> None:
    if sys.version_info < (3, 11):
        sys.exit(f"dreambank needs Python 3.11 or newer; this is {sys.version.split()[0]}.")
    stamp_text = hashlib.sha256((ROOT / "pyproject.toml").read_bytes() + extras.encode()).hexdigest()
    stamp = VENV / ".dreambank-installed"
    if stamp.exists() and stamp.read_text() == stamp_text:
        return
    if not (BIN / "python").exists():
        print("Creating the virtual environment in .venv …", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    print(f"Installing dreambank{extras} and what it needs …", flush=True)
    pip = [str(BIN / "python"), "-m", "pip", "--disable-pip-version-check", "-q"]
    subprocess.run([*pip, "install", "--upgrade", "pip"], check=True)
    subprocess.run([*pip, "install", "-e", f".{extras}"], check=True, cwd=ROOT)
    stamp.write_text(stamp_text)


def in_parallel(args: list[str]) -> list[str]:
    """The suite runs on every core, a test module (or class) to a worker, so that its shared fixtures are made
    once; `-n 0` (or any -n given) says otherwise."""
    if any(a == "-n" or a.startswith(("-n", "--numprocesses")) for a in args):
        return args
    return ["-n", "auto", "--dist", "loadscope", *args]


#: each benchmark's command: its module and the extras it needs (each reads PostgreSQL when it is there)
BENCHMARKS = {
    "bench": ("benchmarks.delivery", "[test,bench]"),
    "bench-discord": ("benchmarks.discord_delivery", "[test,bench]"),
    "bench-web": ("benchmarks.web_pages", "[test]"),
    "bench-digest": ("benchmarks.digest", "[test]"),
    "bench-scale": ("benchmarks.scale", "[test]"),
    "bench-updates": ("benchmarks.updates", "[test]"),
    "bench-kills": ("benchmarks.kills", "[test]"),
    "bench-fanout": ("benchmarks.fanout", "[test]"),
}


def main(argv: list[str]) -> int:
    command, rest = (argv[0], argv[1:]) if argv else ("start", [])
    os.chdir(ROOT)
    if command == "start":
        ensure_environment("")
        return subprocess.call([str(BIN / "dreambank"), "chat", "--web", *rest])
    if command == "test":
        ensure_environment("[test]")
        return subprocess.call([str(BIN / "python"), "-m", "pytest", *in_parallel(rest)])
    if command in BENCHMARKS:
        module, extras = BENCHMARKS[command]
        ensure_environment(extras)
        os.environ.setdefault("DREAMBANK_TEST_POSTGRES_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/test")
        return subprocess.call([str(BIN / "python"), "-m", module, *rest])
    if command == "starts":
        ensure_environment("[test]")
        return subprocess.call([str(BIN / "python"), "-m", "benchmarks.starts", *rest])
    if command == "dreambank":
        ensure_environment("")
        return subprocess.call([str(BIN / "dreambank"), *rest])
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
