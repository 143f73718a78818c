"""The `dreambank chat` program as a process: a piped script plays the whole lifecycle."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

DREAMBANK = Path(sys.executable).with_name("dreambank")


def chat(data_dir: Path, script: str, timeout: float = 120) -> str:
    env = {**os.environ, "DREAMBANK_DATA_DIR": str(data_dir), "DREAMBANK_LOG_LEVEL": "WARNING"}
    env.pop("DREAMBANK_DATABASE_URL", None)
    done = subprocess.run([str(DREAMBANK), "chat"], input=script, capture_output=True, text=True, env=env,
                          timeout=timeout, cwd=data_dir)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stdout + done.stderr
    return done.stdout


def told(transcript: str, persona: str) -> str:
    """Everything printed while `persona` was the one speaking."""
    parts, current = [], None
    for line in transcript.splitlines():
        if line.startswith("You are now "):
            current = line.removeprefix("You are now ").rstrip(".")
        elif current == persona:
            parts.append(line)
    return "\n".join(parts)


LIFECYCLE = """\
/as anna
/deposit
A reading bench by the library
A bench with a little shelf of books for children and grown-ups to share.
3
1
7
Some planks and a weatherproof box
yes
yes
yes
1
/as bjorn
1
1
/as cecilie
1
/dream 6
1
/dream 6
1
/dream 6
2
1
I can build it on a Saturday
-
/as bjorn
/dream 6
/as anna
/dream 6
1
Cecilie will build it with me
1
/as bjorn
1
/as cecilie
1
/as anna
1
1
The bench is built and the first books are in!
/as cecilie
/as anna
/projects
1
3
1
-
Children read there every afternoon.
1
/as cecilie
/archive
/quit
"""


@pytest.fixture(scope="module")
def transcript(tmp_path_factory) -> str:
    return chat(tmp_path_factory.mktemp("console"), LIFECYCLE)


class TestLifecycleInTheConsole:
    def test_the_demo_branch_is_created_on_first_start(self, transcript):
        assert transcript.startswith("Created the demo branch Fjordby.")

    def test_the_owner_deposits_and_hears_each_decision(self, transcript):
        anna = told(transcript, "anna")

        assert "“A reading bench by the library” is deposited (no. 6)" in anna
        assert "🎉 Your dream “A reading bench by the library” is approved and now in the bank!" in anna
        assert "🤝 Cecilie offers help to “A reading bench by the library”: time." in anna
        assert "I can build it on a Saturday" in anna
        assert "The board is asked to agree that “A reading bench by the library” becomes a project." in anna
        assert "🏭 “A reading bench by the library” is now a project in the factory!" in anna
        assert "Your update is posted and followers are being told." in anna
        assert "“A reading bench by the library” is in the archive. Thank you for all the work!" in anna

    def test_the_board_is_asked_and_a_second_press_changes_nothing(self, transcript):
        bjorn = told(transcript, "bjorn")

        assert "🗳 A new dream to review: “A reading bench by the library” by Anna." in bjorn
        assert "Your vote on “A reading bench by the library” is counted." in bjorn
        assert "I'm not sure what you mean." in bjorn  # the buttons were gone after the vote
        assert "🏭 Anna asks to make “A reading bench by the library” a project in the factory." in bjorn
        assert "The board's decision on “A reading bench by the library”: Approve." in bjorn

    def test_a_neighbour_likes_once_pledges_and_follows_the_project(self, transcript):
        cecilie = told(transcript, "cecilie")

        assert "That decided it; the owner has been told." in cecilie
        assert "♥ You like “A reading bench by the library” (1 like)." in cecilie
        assert "You already like “A reading bench by the library”." in cecilie
        assert "Thank you! Your offer of help is on “A reading bench by the library”" in cecilie
        assert "📣 News from “A reading bench by the library”, by Anna:" in cecilie
        assert "The bench is built and the first books are in!" in cecilie
        assert "📦 “A reading bench by the library” is finished and in the archive." in cecilie
        assert "Children read there every afternoon." in cecilie
        assert "A reading bench by the library — completed" in cecilie

    def test_the_board_sees_the_offer_count_but_not_the_offers(self, transcript):
        bjorn = told(transcript, "bjorn")

        assert "1 like · 1 offer of help" in bjorn
        assert "I can build it on a Saturday" not in bjorn


class TestRestart:
    def test_a_dialog_interrupted_by_ending_the_process_resumes_in_a_new_one(self, tmp_path):
        chat(tmp_path, "/as frida\n/deposit\nSwings in the park\nTwo swings for the small ones.\n")

        resumed = chat(tmp_path, "2\n7\n-\nyes\nyes\nyes\n1\n/mydreams\n")

        assert "Welcome back! You were filling in “Your dream”; let's go on where you left off." in resumed
        assert "Your dream — step 3 of 7" in resumed
        assert "“Swings in the park” is deposited" in resumed
        assert "Swings in the park — waiting for the board" in resumed
