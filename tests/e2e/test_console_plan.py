"""The opportunity team draws up a plan in the console: Anna, who leads the demo's garden project, takes Frida onto
the team and writes the plan step by step; Frida moves her task along; Gustav, who follows the project, hears of
each change and reads the plan; Anna drafts the final report from the record and keeps it."""

from __future__ import annotations

import pytest

from .test_console_chat import chat, told

#: the demo's project no. 1 is Anna's garden; Frida and Gustav pledged to it (Gustav 2000 for seeds and soil)
PLAN = """\
/as anna
/projects
1
4
6
gardener
/plan 1
9
Frida
Waters the beds and keeps the tools
/plan 1
26
37
2000 kr for seeds and soil from Gustav
41
45
Raised beds and a shared tool shed on the empty lot
54
59
Soil and seeds
3500
67
73
Sparebank1 community fund
2500
80
87
Build the tool shed
94
2030-06-01
/as frida
/tasks 1
105
/as gustav
/project 1
/plan 1
/as anna
/plan 1
126
128
-
133
135
/quit
"""


@pytest.fixture(scope="module")
def transcript(tmp_path_factory) -> str:
    return chat(tmp_path_factory.mktemp("plan"), PLAN)


class TestAPlanInTheConsole:
    def test_the_lead_draws_up_every_part_and_sees_the_balance(self, transcript):
        anna = told(transcript, "anna")

        assert "No plan yet. The team draws it up here, step by step" in anna
        assert "A role in the plan — step 1 of 2" in anna
        assert "[37] Gustav: For seeds and soil." in anna
        assert "• 2000 kr for seeds and soil from Gustav (pledged)" in anna
        assert anna.count("It is in the plan, and the project's followers are told.") == 6

    def test_the_owner_moves_a_task_along_and_followers_hear_of_every_change(self, transcript):
        frida, gustav = told(transcript, "frida"), told(transcript, "gustav")

        assert "“Build the tool shed” is now under way." in frida
        assert "Build the tool shed — Frida, by 2030-06-01 (under way)" in frida
        assert "📋 Anna added to the plan of “A garden for the whole street”: Soil and seeds" in gustav
        assert "📋 Frida marked a task of “A garden for the whole street” under way: Build the tool shed" in gustav
        assert "Balance (funding − costs): -NOK1,000.00" in gustav
        assert "Progress: 0 of 1 task done" in gustav
        assert "+ Task" not in gustav, "only the team may change the plan"

    def test_the_final_report_is_drafted_from_the_record_and_kept(self, transcript):
        anna = told(transcript, "anna")

        assert "A draft of the final report, from the project's own record:" in anna
        assert "Help used: Gustav: For seeds and soil." in anna
        assert "Report: Goal: Raised beds and a shared tool shed on the empty lot" in anna
        assert "“A garden for the whole street” is in the archive. Thank you for all the work!" in anna
