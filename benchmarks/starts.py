"""Fresh starts of `dreambank run` on SQLite, many times over: crashes, tracebacks, the schedule's timeliness and
how quickly the process answers while it schedules.

    python -m benchmarks.starts [--count 20] [--seconds 20] [--modes webhook,polling]

Each start runs in a new empty data folder (see tests/e2e/run_starts.py) and is stopped with SIGTERM; every
process started is stopped before the next start.
"""

from __future__ import annotations

import argparse
import asyncio
import signal
import sys
import tempfile
import time
from pathlib import Path

from tests.e2e.run_starts import ON_TIME_SECONDS, Start, one_start, percentile


def _ms(value: float | None) -> str:
    return "-" if value is None else f"{value * 1000:.0f} ms"


def _late(starts: list[Start]) -> str:
    came = [s.newsletter_late for s in starts if s.newsletter_late is not None]
    return f"{max(came):+.2f} s after its time" if came else "never came"


def describe(n: int, start: Start) -> str:
    if start.died_early:
        state = f"DIED (exit {start.exit_code})"
    elif start.exit_code != 0:
        state = f"bad exit {start.exit_code}"
    else:
        state = "ok" if start.ok else "PROBLEM"
    late = "never" if start.newsletter_late is None else f"{start.newsletter_late:+.2f} s"
    health = (f", /healthz p99 {_ms(percentile(start.healthz_seconds, 99))}" if start.healthz_seconds else "")
    return (f"{start.mode:8} #{n + 1:<3} {state:8} tracebacks/lock errors {len(start.trouble)}, "
            f"due-before-start came {'yes' if start.missed_came else 'NO'}, on-time newsletter {late}, "
            f"answered {start.answered}/{start.asked}, reply p99 {_ms(percentile(start.reply_seconds, 99))}{health}")


def summary(mode: str, starts: list[Start]) -> list[str]:
    replies = [s for start in starts for s in start.reply_seconds]
    health = [s for start in starts for s in start.healthz_seconds]
    lines = [f"{mode}: {len(starts)} starts",
             f"  crashes (died before told, or a bad exit): {sum(s.died_early or s.exit_code != 0 for s in starts)}",
             f"  starts with a traceback or 'database is locked' in the log: {sum(bool(s.trouble) for s in starts)}",
             f"  newsletter due before the start released: {sum(s.missed_came for s in starts)}/{len(starts)}",
             f"  newsletter due while serving on time (within {ON_TIME_SECONDS:.0f} s): "
             f"{sum(s.on_time for s in starts)}/{len(starts)}; latest {_late(starts)}",
             f"  updates answered: {sum(s.answered for s in starts)}/{sum(s.asked for s in starts)}; "
             f"reply p50 {_ms(percentile(replies, 50))}, p99 {_ms(percentile(replies, 99))}, "
             f"max {_ms(max(replies, default=None))}"]
    if health:
        lines.append(f"  /healthz ({len(health)} requests): p50 {_ms(percentile(health, 50))}, "
                     f"p99 {_ms(percentile(health, 99))}, max {_ms(max(health))}")
    return lines


async def main(count: int, seconds: float, modes: list[str]) -> int:
    _stop_on_signals()
    results: dict[str, list[Start]] = {mode: [] for mode in modes}
    began = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="dreambank-starts-") as folder:
        for n in range(count):
            for mode in modes:  # alternated, so both modes meet the same load on the machine
                data_dir = Path(folder) / f"{mode}-{n}"
                data_dir.mkdir()
                start = await one_start(data_dir, mode, seconds)
                results[mode].append(start)
                print(describe(n, start), flush=True)
                if not start.ok:
                    print("    " + "\n    ".join(start.log.splitlines()[-15:]), flush=True)
    print(f"\n{count} x {len(modes)} starts of {seconds:.0f} s in {time.monotonic() - began:.0f} s")
    for mode in modes:
        print("\n".join(summary(mode, results[mode])))
    return 0 if all(start.ok for starts in results.values() for start in starts) else 1


def _stop_on_signals() -> None:
    """SIGTERM or SIGINT cancel the run, so the start under way stops its `dreambank run` before the end (a
    shell that starts this in the background ignores SIGINT, and SIGTERM would otherwise leave the child)."""
    task = asyncio.current_task()
    if task is None:  # called outside a task: nothing to cancel
        return
    for sig in (signal.SIGINT, signal.SIGTERM):
        asyncio.get_running_loop().add_signal_handler(sig, task.cancel)


def parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.starts", description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=20, help="starts per mode (20)")
    parser.add_argument("--seconds", type=float, default=20.0, help="how long each start serves (20)")
    parser.add_argument("--modes", default="webhook,polling", help="webhook, polling or both (the default)")
    args = parser.parse_args(argv)
    args.modes = [m.strip() for m in args.modes.split(",") if m.strip()]
    if not args.modes or set(args.modes) - {"webhook", "polling"} or args.count < 1 or args.seconds < 4:
        parser.error("modes are webhook and/or polling; at least one start of at least 4 s")
    return args


if __name__ == "__main__":
    options = parse(sys.argv[1:])
    try:
        sys.exit(asyncio.run(main(options.count, options.seconds, options.modes)))
    except asyncio.CancelledError:
        sys.exit("stopped")
