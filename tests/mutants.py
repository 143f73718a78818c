"""Whether the unit tests notice small bugs in core's rules: each mutant is one line written wrong.

    .venv/bin/python -m tests.mutants        # every mutant; prints caught or survived, and the count

Each mutant is applied to a copy of the tree in a temporary folder (the checkout is never changed),
and the unit tests run there; a mutant is caught when a test fails. A survivor names a rule that no
test holds to its edge.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

#: (file, the line as it is, the line written wrong)
MUTANTS: tuple[tuple[str, str, str], ...] = (
    ("core/model/quorum.py", "if tally.count(choice) * 2 > voters:", "if tally.count(choice) * 2 >= voters:"),
    ("core/model/quorum.py", "voters = board_size - recused", "voters = board_size"),
    ("core/model/quorum.py", "if tally.approve >= needed:", "if tally.approve > needed:"),
    ("core/model/events.py", "going >= self.capacity", "going > self.capacity"),
    ("core/model/events.py", "if starts <= now else None", "if starts < now else None"),
    ("core/model/dreams.py", "project is not None and not project.archived", "project is not None"),
    ("core/usecases/reviews.py", "if dream.owner_id == viewer.id:\n        return _(\"You cannot vote",
     "if False:\n        return _(\"You cannot vote"),
    ("core/usecases/reviews.py", "if voted is not None:\n        return _already_voted", "if False:\n        return _already_voted"),
    ("core/usecases/reviews.py", "if interest is not None:\n        return _(\"You declared",
     "if False:\n        return _(\"You declared"),
    ("core/usecases/bank.py", "if dream.owner_id == viewer.id:\n        return _(\"This is your own dream: pledges",
     "if False:\n        return _(\"This is your own dream: pledges"),
    ("core/usecases/bank.py", "if dream.owner_id == viewer.id:\n        return _(\"This is your own dream: likes",
     "if False:\n        return _(\"This is your own dream: likes"),
    ("core/usecases/reviews.py", "now - review.opened_at >= branch.stall_after",
     "now - review.opened_at >= branch.stall_after / 2"),
    ("core/model/branches.py", "stall_after: timedelta = timedelta(days=7)", "stall_after: timedelta = timedelta(days=6)"),
    ("core/usecases/events.py", "draft.capacity < counts.going:", "draft.capacity < counts.going - 1:"),
    ("core/dialogs/forms.py", "if len(text) > self.max_length:", "if len(text) > self.max_length + 1:"),
    ("core/dialogs/validation.py", "if value is False and field.must_be_yes is not None:",
     "if False and field.must_be_yes is not None:"),
    ("core/dialogs/pages.py", "PAGE_MAX = 5", "PAGE_MAX = 6"),
    ("core/chat/conversation.py", "if len(text) > INPUT_MAX:", "if len(text) > INPUT_MAX * 2:"),
)


def run(mutant: tuple[str, str, str], folder: Path) -> bool:
    """Whether the unit tests fail with the mutant in place (the copy is restored afterwards)."""
    path, right, wrong = mutant
    target = folder / path
    original = target.read_text(encoding="utf-8")
    if right not in original:
        raise SystemExit(f"{path}: the line to change is not there any more: {right!r}")
    target.write_text(original.replace(right, wrong, 1), encoding="utf-8")
    try:
        done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider", "tests/unit"],
                              cwd=folder, capture_output=True, text=True, timeout=600, check=False)
    finally:
        target.write_text(original, encoding="utf-8")
    return done.returncode != 0


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="dreambank-mutants-") as temporary:
        folder = Path(temporary)
        for part in ("core", "tests", "pyproject.toml"):
            source = ROOT / part
            if source.is_dir():
                shutil.copytree(source, folder / part, ignore=shutil.ignore_patterns("__pycache__"))
            else:
                shutil.copy(source, folder / part)
        caught = 0
        for path, right, wrong in MUTANTS:
            found = run((path, right, wrong), folder)
            caught += found
            print(f"{'caught  ' if found else 'SURVIVED'}  {path}: {right.splitlines()[0]!r} -> {wrong.splitlines()[0]!r}",
                  flush=True)
    print(f"{caught} of {len(MUTANTS)} mutants caught")
    return 0 if caught == len(MUTANTS) else 1


if __name__ == "__main__":
    sys.exit(main())
