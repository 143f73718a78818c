"""The static security scan: bandit finds nothing in dreambank's code beyond the reviewed, reasoned baseline."""

from __future__ import annotations

import json
import subprocess
from collections import Counter
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BASELINE = ROOT / ".ci" / "bandit-baseline.json"
SCANNED = ("core", "storage", "bots", "digests", "web", "dreambank", "benchmarks")


def test_every_accepted_finding_says_why():
    accepted = json.loads(BASELINE.read_text())["results"]

    assert accepted, "an empty baseline would make any edit to it pass unseen"
    assert all(len(finding.get("reason", "").strip()) >= 20 for finding in accepted), \
        [f"{f['filename']}:{f['line_number']} {f['test_id']}" for f in accepted if not f.get("reason", "").strip()]


def kind(finding: dict) -> tuple[str, str, str]:
    """What makes a finding the same one after the code around it moved: its file, test and text."""
    return finding["filename"], finding["test_id"], finding["issue_text"]


def test_bandit_finds_nothing_new():
    scan = subprocess.run([sys.executable, "-m", "bandit", "-q", "-r", *SCANNED, "-f", "json"],
                          cwd=ROOT, capture_output=True, text=True, timeout=300)

    report = json.loads(scan.stdout)
    # counted, unlike `bandit -b`, which lets a second finding of the same kind in the same file through
    room = Counter(kind(f) for f in json.loads(BASELINE.read_text())["results"])
    new = []
    for finding in report["results"]:
        if room[kind(finding)] > 0:
            room[kind(finding)] -= 1
        else:
            new.append(f"{finding['filename']}:{finding['line_number']} {finding['test_id']} {finding['issue_text']}")
    assert not report["errors"], report["errors"]
    assert not new, (
        "bandit found something new. Fix it; or, if it is no risk, accept it with `# nosec BXXX # why` on the line "
        "(or an entry with its reason in .ci/bandit-baseline.json):\n" + "\n".join(new))
