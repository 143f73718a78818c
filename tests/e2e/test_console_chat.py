"""The `dreambank chat` program as a process: a piped script plays the whole lifecycle."""

from __future__ import annotations

import os
import pty
import select
import signal
import subprocess
import sys
import time
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
5
11
25
Some planks and a weatherproof box
yes
yes
yes
38
/as bjorn
42
1
/as cecilie
46
/dream 6
50
/dream 6
54
/dream 6
59
62
I can build it on a Saturday
/as bjorn
/dream 6
/as anna
/dream 6
77
Cecilie will build it with me
84
/as bjorn
87
/as cecilie
91
/as anna
98
100
The bench is built and the first books are in!
/as cecilie
/as anna
/projects
107
112
114
-
Children read there every afternoon.
121
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
        assert "Button 1 was on an earlier screen, so it does nothing now" in bjorn  # gone after the vote
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

        resumed = chat(tmp_path, "2\n15\n-\nyes\nyes\nyes\n28\n/mydreams\n")

        assert "Welcome back! You were filling in “Your dream”; let's go on where you left off." in resumed
        assert "Your dream — step 3 of 7" in resumed
        assert "“Swings in the park” is deposited" in resumed
        assert "Swings in the park — waiting for the board" in resumed


NEWCOMER = """\
/as anna
/bank
1
/whoami
2
/bank
#9
/asking
/whoami
/as frida
/needs 1
7
a venue
The boathouse for a day
1
/as anna
/dream 1
22
a venue: The boathouse for a day — 1 still missing
I can lend the boathouse
1
/as bjorn
/dream 1
33
time — still open
A Saturday
/as frida
"""


@pytest.fixture(scope="module")
def newcomer(tmp_path_factory) -> str:
    return chat(tmp_path_factory.mktemp("newcomer"), NEWCOMER)


class TestWhatANewcomerTypes:
    def test_a_number_from_an_earlier_screen_presses_nothing_and_says_so(self, newcomer):
        anna = told(newcomer, "anna")

        assert "anna> 2\nButton 2 was on an earlier screen, so it does nothing now" in anna
        assert "♥ You like" not in anna
        assert "anna> #9\nThere is no button 9 on the last screen." in anna

    def test_asking_is_a_command_of_its_own_not_as_with_a_name(self, newcomer):
        anna = told(newcomer, "anna")

        assert "I don't know the command /asking. /help lists what you can do." in anna
        assert "You are now king." not in newcomer and "You are Anna, in the branch Fjordby." in anna

    def test_an_option_is_typed_as_its_button_says(self, newcomer):
        frida = told(newcomer, "frida")

        assert "a venue: The boathouse for a day: 1 needed; nothing pledged yet" in told(newcomer, "anna")
        assert "🤝 Anna offers help to “A bench by the fjord”: a venue: The boathouse for a day (1)." in frida
        assert "🤝 Bjørn offers help to “A bench by the fjord”: time.\n" in frida

    def test_where_a_number_is_the_answer_buttons_have_letters_and_1_is_the_number(self, newcomer):
        anna, frida = told(newcomer, "anna"), told(newcomer, "frida")

        assert "[a] Skip" in frida and "[1] Skip" not in frida  # the need's amount may be left out
        assert "(Type the number as your answer; a letter presses a button.)" in anna
        assert "[a] Cancel" in anna and "[1] Cancel" not in anna
        assert "The boathouse for a day (1)." in frida  # anna typed 1: the amount
        assert "Every need of “A bench by the fjord” is covered by offers of help!" in frida


class Terminal:
    """`dreambank chat` at a terminal of its own (a pty), so it reads lines as a person types them."""

    def __init__(self, data_dir: Path, **settings: str) -> None:
        self.fd, slave = pty.openpty()
        env = {**os.environ, "DREAMBANK_DATA_DIR": str(data_dir), "DREAMBANK_LOG_LEVEL": "WARNING", **settings}
        env.pop("DREAMBANK_DATABASE_URL", None)
        self.process = subprocess.Popen([str(DREAMBANK), "chat", "--as", "anna"], stdin=slave, stdout=slave,
                                        stderr=slave, env=env, cwd=data_dir, start_new_session=True)
        os.close(slave)
        self.seen = ""

    def type(self, line: str) -> None:
        os.write(self.fd, line.encode() + b"\n")

    def wait_for(self, text: str, seconds: float = 30) -> str:
        """What the chat printed up to and including `text` (and not read before)."""
        deadline = time.monotonic() + seconds
        while text not in self.seen:
            left = deadline - time.monotonic()
            assert left > 0, f"waited {seconds} s for {text!r}; the chat printed:\n{self.seen}"
            if select.select([self.fd], [], [], min(left, 0.5))[0]:
                try:
                    self.seen += os.read(self.fd, 65536).decode(errors="replace")
                except OSError:  # the chat has ended and closed the terminal
                    time.sleep(0.1)
        upto = self.seen.index(text) + len(text)
        said, self.seen = self.seen[:upto], self.seen[upto:]
        return said

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait(timeout=20)
        os.close(self.fd)


class TestCtrlC:
    def test_ctrl_c_says_how_to_leave_the_next_line_counts_and_twice_leaves_keeping_the_dialog(self, tmp_path):
        chat(tmp_path, "/quit\n")  # the demo branch, made before the terminal's chat starts
        terminal = Terminal(tmp_path)
        try:
            terminal.wait_for("anna> ")
            terminal.type("/deposit")
            terminal.wait_for("step 1 of 7")
            terminal.wait_for("anna> ")

            terminal.process.send_signal(signal.SIGINT)
            warned = terminal.wait_for("anna> ")
            terminal.type("A reading bench")
            asked = terminal.wait_for("anna> ")
            terminal.process.send_signal(signal.SIGINT)
            terminal.wait_for("press Ctrl-C again")
            terminal.wait_for("anna> ")  # waiting for a line again
            terminal.process.send_signal(signal.SIGINT)
            left = terminal.wait_for("where you left off.")
            code = terminal.process.wait(timeout=30)
        finally:
            terminal.close()
        resumed = chat(tmp_path, "/quit\n")

        assert "(Ctrl-C) To leave, press Ctrl-C again or type /quit. What you have answered so far is kept." in warned
        assert "Your dream — step 2 of 7" in asked
        assert "Goodbye! Anything you were filling in is kept" in left and code == 0
        assert "Welcome back! You were filling in “Your dream”" in resumed and "step 2 of 7" in resumed

    def test_ctrl_d_at_the_prompt_leaves_with_a_goodbye(self, tmp_path):
        chat(tmp_path, "/quit\n")
        terminal = Terminal(tmp_path)
        try:
            terminal.wait_for("anna> ")
            terminal.type("/whoami")
            terminal.wait_for("anna> ")

            os.write(terminal.fd, b"\x04")  # Ctrl-D: the end of the input
            left = terminal.wait_for("where you left off.")
            code = terminal.process.wait(timeout=30)
        finally:
            terminal.close()

        assert "Goodbye!" in left and code == 0
