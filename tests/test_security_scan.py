"""The static security scan: bandit finds nothing in dreambank's code beyond the reviewed, reasoned baseline."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BASELINE = ROOT / ".ci" / "bandit-baseline.json"
SCANNED = ("core", "storage", "bots", "digests", "dreambank", "benchmarks")


def test_every_accepted_finding_says_why():
    accepted = json.loads(BASELINE.read_text())["results"]

    assert accepted, "an empty baseline would make any edit to it pass unseen"
    assert all(len(finding.get("reason", "").strip()) >= 20 for finding in accepted), \
        [f"{f['filename']}:{f['line_number']} {f['test_id']}" for f in accepted if not f.get("reason", "").strip()]


def test_bandit_finds_nothing_new():
    scan = subprocess.run([sys.executable, "-m", "bandit", "-q", "-r", *SCANNED, "-b", str(BASELINE), "-f", "json"],
                          cwd=ROOT, capture_output=True, text=True, timeout=300)

    report = json.loads(scan.stdout)
    new = [f"{r['filename']}:{r['line_number']} {r['test_id']} {r['issue_text']}" for r in report["results"]]
    assert not report["errors"], report["errors"]
    assert not new and scan.returncode == 0, (
        "bandit found something new. Fix it; or, if it is no risk, accept it with `# nosec BXXX # why` on the line "
        "(or an entry with its reason in .ci/bandit-baseline.json):\n" + "\n".join(new))
