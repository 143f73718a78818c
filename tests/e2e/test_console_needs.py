"""A dream's needs and the pledges against them in the console: Frida, whose bench is in the demo's bank, counts
its work in hours; Anna pledges the hours it is missing; Frida hears that every need is covered, accepts the
offer and asks for the withdrawal, and the board sees the coverage; once the bench is a project, Anna confirms
her pledge (it becomes a resource of the plan) and Gustav withdraws his."""

from __future__ import annotations

import pytest

from .test_console_chat import chat, told

#: the demo's dream no. 1 is Frida's bench in the bank: it needs time and materials, and Gustav pledged planks
NEEDS = """\
/as frida
/needs 1
2
5
13
Hands to build it on two Saturdays
12
/as anna
/dream 1
19
22
I can saw and sand both Saturdays
12
/as frida
28
/needs 1
40
Anna and Gustav are in: wood and two Saturdays.
44
/as bjorn
47
/as cecilie
51
/as anna
57
/as gustav
64
/as frida
/projects
69
71
/quit
"""


@pytest.fixture(scope="module")
def transcript(tmp_path_factory) -> str:
    return chat(tmp_path_factory.mktemp("needs"), NEEDS)


class TestNeedsAndPledgesInTheConsole:
    def test_the_owner_counts_a_need_and_the_card_says_what_is_missing(self, transcript):
        frida, anna = told(transcript, "frida"), told(transcript, "anna")

        assert "🧺 What “A bench by the fjord” needs" in frida
        assert "Change a need — step 3 of 3" in frida and "The need is changed." in frida
        assert "time: Hands to build it on two Saturdays: 12 hours needed; nothing pledged yet" in anna

    def test_a_pledge_is_set_against_a_need_with_how_much(self, transcript):
        anna = told(transcript, "anna")

        assert "Which of the dream's needs can you help with?" in anna
        assert "time: Hands to build it on two Saturdays — 12 hours still missing" in anna
        assert "materials — covered" in anna
        assert "How much of it can you give?" in anna
        assert "Thank you! Your offer of help is on “A bench by the fjord”" in anna

    def test_the_owner_hears_every_need_is_covered_accepts_and_asks_for_the_withdrawal(self, transcript):
        frida, anna = told(transcript, "frida"), told(transcript, "anna")

        assert "🤝 Anna offers help to “A bench by the fjord”: time: Hands to build it on two Saturdays (12" in frida
        assert "🎉 Every need of “A bench by the fjord” is covered by offers of help!" in frida
        assert "You accepted the offer; its pledger has been told." in frida
        assert "Every need is covered. You can ask the board to make the dream a project." in frida
        assert "The board is asked to agree that “A bench by the fjord” becomes a project." in frida
        assert "🤝 Frida accepted your offer of help to “A bench by the fjord”." in anna

    def test_the_board_sees_the_coverage_in_the_withdrawal_it_decides(self, transcript):
        bjorn = told(transcript, "bjorn")

        assert "What the dream needs, and what is pledged:" in bjorn
        assert "• time: Hands to build it on two Saturdays: 12 hours of 12 hours pledged: covered" in bjorn

    def test_pledgers_confirm_or_withdraw_at_project_start_and_the_plan_starts_from_the_confirmed(self, transcript):
        anna, gustav, frida = (told(transcript, name) for name in ("anna", "gustav", "frida"))

        assert "Does your offer of help to “A bench by the fjord” still stand, now that it is a project?" in anna
        assert "Thank you! Your offer stands for the project, and it is among the plan's resources." in anna
        assert "State: confirmed for the project" in anna
        assert "Your offer of help is withdrawn, and the dream's owner has been told." in gustav
        assert "✅ Anna confirms their offer of help to “A bench by the fjord” still stands" in frida
        assert "Gustav withdrew their offer of help to “A bench by the fjord”." in frida
        assert "• Anna: I can saw and sand both Saturdays (pledged)" in frida
        assert "• materials: still open: nobody has offered help yet" in frida, "a withdrawn pledge covers nothing"
